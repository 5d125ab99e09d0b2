import type { CommonValues } from '@mixstack/core';
import { serviceAccount } from '@mixstack/kit';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { OPERATOR_NAME, operatorObjectLabels } from './labels.js';

export function prometheusOperatorServiceAccount(
  values: PrometheusOperatorOptions,
  common: CommonValues,
): IServiceAccount {
  return serviceAccount(OPERATOR_NAME, common.namespace, operatorObjectLabels(values), true);
}
