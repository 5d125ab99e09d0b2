import type { Mixin } from '@mixstack/core';
import { pyroscopeAlerts } from './alerts.js';
import { DASHBOARD_FILE, pyroscopeDashboard } from './dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `pyroscope/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'pyroscope';

/** The component's monitoring: its alerts and its dashboard (the monitoring-mixins shape). */
export function pyroscopeMixin(_multiCluster = false): Mixin {
  return {
    title: 'Pyroscope',
    prometheusAlerts: { groups: pyroscopeAlerts() },
    grafanaDashboards: { [DASHBOARD_FILE]: pyroscopeDashboard() },
  };
}
