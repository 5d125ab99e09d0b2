import type { Mixin } from '@mixstack/core';
import { alloyAlerts } from './alerts.js';
import { alloyDashboard, DASHBOARD_FILE } from './dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `alloy/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'alloy';

/**
 * The component's monitoring: its alerts and its dashboard (the monitoring-mixins shape).
 * `multiCluster` is the stack's `common.multiCluster` (the "down" alert fires per cluster).
 */
export function alloyMixin(multiCluster = false): Mixin {
  return {
    title: 'Alloy',
    prometheusAlerts: { groups: alloyAlerts(multiCluster) },
    grafanaDashboards: { [DASHBOARD_FILE]: alloyDashboard() },
  };
}
