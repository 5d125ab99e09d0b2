import type { Mixin, StackView, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { kubeStateMetricsAlerts } from './alerts.js';

/** kube-state-metrics: its access to the Kubernetes API and its shards. */
export function kubeStateMetricsMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const mixin: Mixin = {
    title: 'kube-state-metrics',
    prometheusAlerts: { groups: kubeStateMetricsAlerts(selectors) },
    grafanaDashboards: dashboardsOf('kube-state-metrics', values, stack),
  };
  return withoutStoppedParts('kube-state-metrics', mixin, selectors);
}
