import type { Mixin, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { mixinSelectors } from '../selectors.js';
import { prometheusOperatorAlerts } from './alerts.js';

/** prometheus-operator: its controllers' API access, syncs, reconciliations, and the config reloaders it injects. */
export function prometheusOperatorMixin(values: Values): Mixin {
  return {
    title: 'Prometheus Operator',
    prometheusAlerts: { groups: prometheusOperatorAlerts(mixinSelectors(values)) },
    grafanaDashboards: dashboardsOf('prometheus-operator', values),
  };
}
