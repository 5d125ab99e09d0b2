import type { Mixin, StackView, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { prometheusAlerts } from './alerts.js';

/** The Prometheus servers of the stack: configuration, discovery, notifications, storage, rules, limits. */
export function prometheusMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const mixin: Mixin = {
    title: 'Prometheus',
    prometheusAlerts: {
      groups: prometheusAlerts(selectors, { alertmanager: values.alertmanager !== undefined }),
    },
    grafanaDashboards: dashboardsOf('prometheus', values, stack),
  };
  return withoutStoppedParts('prometheus', mixin, selectors);
}
