import type { Mixin, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { mixinSelectors } from '../selectors.js';
import { kubeStateMetricsAlerts } from './alerts.js';

/** kube-state-metrics: its access to the Kubernetes API and its shards. */
export function kubeStateMetricsMixin(values: Values): Mixin {
  return {
    title: 'kube-state-metrics',
    prometheusAlerts: { groups: kubeStateMetricsAlerts(mixinSelectors(values)) },
    grafanaDashboards: dashboardsOf('kube-state-metrics', values),
  };
}
