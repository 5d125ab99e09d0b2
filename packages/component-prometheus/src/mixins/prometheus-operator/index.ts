import type { Mixin, StackView, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { prometheusOperatorAlerts } from './alerts.js';

/** prometheus-operator: its controllers' API access, syncs, reconciliations, and the config reloaders it injects. */
export function prometheusOperatorMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const mixin: Mixin = {
    title: 'Prometheus Operator',
    prometheusAlerts: { groups: prometheusOperatorAlerts(selectors) },
    grafanaDashboards: dashboardsOf('prometheus-operator', values, stack),
  };
  return withoutStoppedParts('prometheus-operator', mixin, selectors);
}
