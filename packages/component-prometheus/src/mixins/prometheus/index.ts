import type { Mixin, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { mixinSelectors } from '../selectors.js';
import { prometheusAlerts } from './alerts.js';

/** The Prometheus servers of the stack: configuration, discovery, notifications, storage, rules, limits. */
export function prometheusMixin(values: Values): Mixin {
  return {
    title: 'Prometheus',
    prometheusAlerts: {
      groups: prometheusAlerts(mixinSelectors(values), { alertmanager: values.alertmanager !== undefined }),
    },
    grafanaDashboards: dashboardsOf('prometheus', values),
  };
}
