import type { Mixin } from '@mixstack/core';
import { lokiAlerts } from './alerts.js';
import { DASHBOARD_FILE, lokiDashboard } from './dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `loki/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'loki';

/** The component's monitoring: its alerts and its dashboard (the monitoring-mixins shape). */
export function lokiMixin(): Mixin {
  return {
    title: 'Loki',
    prometheusAlerts: { groups: lokiAlerts() },
    grafanaDashboards: { [DASHBOARD_FILE]: lokiDashboard() },
  };
}
