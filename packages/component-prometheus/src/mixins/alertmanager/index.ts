import type { Mixin, StackView, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { alertmanagerAlerts } from './alerts.js';

/** The stack's Alertmanager cluster: configuration, membership, notifications, availability. */
export function alertmanagerMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const mixin: Mixin = {
    title: 'Alertmanager',
    prometheusAlerts: { groups: alertmanagerAlerts(selectors) },
    grafanaDashboards: dashboardsOf('alertmanager', values, stack),
  };
  return withoutStoppedParts('alertmanager', mixin, selectors);
}
