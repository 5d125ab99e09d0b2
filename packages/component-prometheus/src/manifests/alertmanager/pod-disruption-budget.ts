import type { CommonValues } from '@mixstack/core';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { alertmanagerObjectLabels, alertmanagerObjectName, alertmanagerSelector } from './labels.js';

/** One replica at a time: the others keep the cluster's silences and notification log. */
export function alertmanagerPodDisruptionBudget(
  values: AlertmanagerOptions,
  common: CommonValues,
): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: alertmanagerObjectName(values),
      namespace: common.namespace,
      labels: alertmanagerObjectLabels(values),
    },
    spec: { maxUnavailable: 1, selector: { matchLabels: alertmanagerSelector(values) } },
  };
}
