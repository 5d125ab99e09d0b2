import type { Dashboard, Mixin } from '@mixstack/core';
import { operationalDashboard, readsDashboard, retentionDashboard, writesDashboard } from './dashboards.js';
import { lokiLogAlerts } from './log-rules.js';
import { logsDashboard } from './logs-dashboard.js';
import { lokiAlerts, lokiRecordingRules } from './rules.js';

/** Its name in the stack: `mixstack mixins` writes it to `loki/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'loki';

/** The dashboards by file name (upstream's file names where upstream has the dashboard). */
export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  'loki-writes.json': writesDashboard,
  'loki-reads.json': readsDashboard,
  'loki-operational.json': operationalDashboard,
  'loki-retention.json': retentionDashboard,
  'logs.json': logsDashboard,
};

/**
 * Loki's monitoring in the monitoring-mixins shape: its alerts, the request-duration records
 * they and the dashboards read, its dashboards, and alerts over the cluster's logs that Loki's
 * own ruler evaluates (`logAlerts`). `multiCluster` is the stack's `common.multiCluster`.
 */
export function lokiMixin(multiCluster = false): Mixin {
  return {
    title: 'Loki',
    prometheusAlerts: { groups: lokiAlerts(multiCluster) },
    prometheusRules: { groups: lokiRecordingRules() },
    grafanaDashboards: Object.fromEntries(Object.entries(DASHBOARDS).map(([file, build]) => [file, build()])),
    logAlerts: { groups: lokiLogAlerts() },
  };
}
