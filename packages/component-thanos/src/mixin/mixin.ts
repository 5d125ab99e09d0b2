import type { Mixin } from '@mixstack/core';
import { thanosAlerts } from './alerts.js';
import { DASHBOARD_FILE, thanosDashboard } from './dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `thanos/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'thanos';

/** The component's monitoring: its alerts and its dashboard (the monitoring-mixins shape). */
export function thanosMixin(): Mixin {
  return {
    title: 'Thanos',
    prometheusAlerts: { groups: thanosAlerts() },
    grafanaDashboards: { [DASHBOARD_FILE]: thanosDashboard() },
  };
}
