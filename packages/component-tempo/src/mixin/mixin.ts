import type { Mixin } from '@mixstack/core';
import { tempoAlerts } from './alerts.js';
import { DASHBOARD_FILE, tempoDashboard } from './dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `tempo/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'tempo';

/** The component's monitoring: its alerts and its dashboard (the monitoring-mixins shape). */
export function tempoMixin(): Mixin {
  return {
    title: 'Tempo',
    prometheusAlerts: { groups: tempoAlerts() },
    grafanaDashboards: { [DASHBOARD_FILE]: tempoDashboard() },
  };
}
