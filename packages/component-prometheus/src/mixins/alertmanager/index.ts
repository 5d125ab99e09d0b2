import type { Mixin, Values } from '@mixstack/core';
import { dashboardsOf } from '../../dashboards/index.js';
import { mixinSelectors } from '../selectors.js';
import { alertmanagerAlerts } from './alerts.js';

/** The stack's Alertmanager cluster: configuration, membership, notifications, availability. */
export function alertmanagerMixin(values: Values): Mixin {
  return {
    title: 'Alertmanager',
    prometheusAlerts: { groups: alertmanagerAlerts(mixinSelectors(values)) },
    grafanaDashboards: dashboardsOf('alertmanager', values),
  };
}
