import type { CommonValues } from '@mixstack/core';
import { serviceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { alertmanagerObjectLabels, alertmanagerObjectName } from './labels.js';

export function alertmanagerServiceAccount(
  values: AlertmanagerOptions,
  common: CommonValues,
): IServiceAccount {
  return serviceAccount(
    alertmanagerObjectName(values),
    common.namespace,
    alertmanagerObjectLabels(values),
    false,
  );
}
