import type { CommonValues } from '@mixstack/core';
import { podDisruptionBudget } from '@mixstack/kit';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { alertmanagerObjectLabels, alertmanagerObjectName, alertmanagerSelector } from './labels.js';

/** One replica at a time: the others keep the cluster's silences and notification log. */
export function alertmanagerPodDisruptionBudget(
  values: AlertmanagerOptions,
  common: CommonValues,
): IPodDisruptionBudget {
  return podDisruptionBudget({
    name: alertmanagerObjectName(values),
    namespace: common.namespace,
    labels: alertmanagerObjectLabels(values),
    selector: alertmanagerSelector(values),
    budget: { maxUnavailable: 1 },
  });
}
