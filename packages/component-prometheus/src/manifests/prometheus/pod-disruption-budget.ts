import type { CommonValues } from '@mixstack/core';
import { podDisruptionBudget } from '@mixstack/kit';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { prometheusObjectLabels, prometheusObjectName, prometheusSelector } from './labels.js';

/** A drain leaves at least one replica scraping and evaluating rules. */
export function prometheusPodDisruptionBudget(
  values: PrometheusServerOptions,
  common: CommonValues,
): IPodDisruptionBudget {
  return podDisruptionBudget({
    name: prometheusObjectName(values),
    namespace: common.namespace,
    labels: prometheusObjectLabels(values),
    selector: prometheusSelector(values),
    budget: { minAvailable: 1 },
  });
}
