import type { Mixin, StackView, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { kubePrometheusAlerts } from './alerts.js';
import { kubePrometheusRecordingRules } from './recording.js';

/** The stack's own rules: Watchdog, InfoInhibitor, TargetDown, interface flapping, targets up/down. */
export function kubePrometheusMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const mixin: Mixin = {
    title: 'kube-prometheus',
    prometheusAlerts: { groups: kubePrometheusAlerts(selectors) },
    prometheusRules: { groups: kubePrometheusRecordingRules() },
    grafanaDashboards: dashboardsOf('kube-prometheus', values, stack),
  };
  return withoutStoppedParts('kube-prometheus', mixin, selectors);
}
