import type { Dashboard, Mixin } from '@mixstack/core';
import { readsDashboard, writesDashboard } from './dashboards.js';
import { pyroscopeAlerts, pyroscopeRecordingRules } from './rules.js';

/** Its name in the stack: `mixstack mixins` writes it to `pyroscope/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'pyroscope';

/**
 * The dashboards by file name (upstream's file names and uids). The same for one cluster or many:
 * their `cluster` variable defaults to "All", which also matches series without the label.
 */
export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  'pyroscope-writes.json': writesDashboard,
  'pyroscope-reads.json': readsDashboard,
};

/**
 * Pyroscope's monitoring in the monitoring-mixins shape: its alerts (and the one on the
 * collector's pushes to it), the records of upstream's `pyroscope_rules` that the alerts and
 * dashboards read, and its Writes and Reads dashboards. `multiCluster` is the stack's
 * `common.multiCluster`: PyroscopeDown fires per cluster. The dashboards follow a `cluster`
 * variable either way.
 */
export function pyroscopeMixin(multiCluster = false): Mixin {
  return {
    title: 'Pyroscope',
    prometheusAlerts: { groups: pyroscopeAlerts(multiCluster) },
    prometheusRules: { groups: pyroscopeRecordingRules() },
    grafanaDashboards: Object.fromEntries(Object.entries(DASHBOARDS).map(([file, build]) => [file, build()])),
  };
}
