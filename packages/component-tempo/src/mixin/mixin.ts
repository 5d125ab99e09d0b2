import type { Dashboard, Mixin } from '@mixstack/core';
import { operationalDashboard, readsDashboard, writesDashboard } from './dashboards.js';
import { tempoAlerts, tempoRecordingRules } from './rules.js';
import { serviceDashboard } from './service-dashboard.js';

/** Its name in the stack: `mixstack mixins` writes it to `tempo/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'tempo';

/** The dashboards by file name (upstream's file names where upstream has the dashboard). */
export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  'tempo-writes.json': writesDashboard,
  'tempo-reads.json': readsDashboard,
  'tempo-operational.json': operationalDashboard,
  'service-overview.json': serviceDashboard,
};

/**
 * Tempo's monitoring in the monitoring-mixins shape: its alerts, the request-duration records
 * they and the dashboards read, and its dashboards, among them the RED overview of any traced
 * service from the span metrics Tempo writes to Prometheus. `multiCluster` is the stack's
 * `common.multiCluster`.
 */
export function tempoMixin(multiCluster = false): Mixin {
  return {
    title: 'Tempo',
    prometheusAlerts: { groups: tempoAlerts(multiCluster) },
    prometheusRules: { groups: tempoRecordingRules() },
    grafanaDashboards: Object.fromEntries(Object.entries(DASHBOARDS).map(([file, build]) => [file, build()])),
  };
}
