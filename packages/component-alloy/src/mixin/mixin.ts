import type { Mixin } from '@mixstack/core';
import { alloyAlerts } from './alerts.js';
import { alloyDashboard, DASHBOARD_FILE } from './dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `alloy/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'alloy';

/** The component's monitoring: its alerts and its dashboard (the monitoring-mixins shape). */
export function alloyMixin(): Mixin {
  return {
    title: 'Alloy',
    prometheusAlerts: { groups: alloyAlerts() },
    grafanaDashboards: { [DASHBOARD_FILE]: alloyDashboard() },
  };
}
