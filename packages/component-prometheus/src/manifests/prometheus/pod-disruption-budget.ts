import type { CommonValues } from '@mixstack/core';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { prometheusObjectLabels, prometheusObjectName, prometheusSelector } from './labels.js';

/** A drain leaves at least one replica scraping and evaluating rules. */
export function prometheusPodDisruptionBudget(
  values: PrometheusServerOptions,
  common: CommonValues,
): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: prometheusObjectName(values),
      namespace: common.namespace,
      labels: prometheusObjectLabels(values),
    },
    spec: { minAvailable: 1, selector: { matchLabels: prometheusSelector(values) } },
  };
}
