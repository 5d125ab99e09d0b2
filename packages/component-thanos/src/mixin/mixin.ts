import type { Dashboard, Mixin } from '@mixstack/core';
import { thanosAlerts } from './alerts.js';
import { compactDashboard } from './dashboards/compact.js';
import { overviewDashboard } from './dashboards/overview.js';
import { queryDashboard } from './dashboards/query.js';
import { queryFrontendDashboard } from './dashboards/query-frontend.js';
import { sidecarDashboard } from './dashboards/sidecar.js';
import { storeDashboard } from './dashboards/store.js';

/** Its name in the stack: `mixstack mixins` writes it to `thanos/`, Grafana shows it as a folder. */
export const MIXIN_NAME = 'thanos';

/** The dashboards by file name (upstream's file names). */
export const DASHBOARDS: Readonly<Record<string, () => Dashboard>> = {
  'overview.json': overviewDashboard,
  'query.json': queryDashboard,
  'query-frontend.json': queryFrontendDashboard,
  'store.json': storeDashboard,
  'compact.json': compactDashboard,
  'sidecar.json': sidecarDashboard,
};

/**
 * Thanos's monitoring in the monitoring-mixins shape: the alerts of the parts this package
 * deploys and a dashboard per part with an overview, every one with a `cluster` variable (a
 * fleet's clusters meet behind one Query). No recording rules: no alert or panel needs one.
 * Each alert and panel selects the exact job of one part, so that core's `withoutJobs` takes a
 * part turned off out of the mixin. `multiCluster` is the stack's `common.multiCluster`: the
 * "is down" alerts fire per cluster.
 */
export function thanosMixin(multiCluster = false): Mixin {
  return {
    title: 'Thanos',
    prometheusAlerts: { groups: thanosAlerts(multiCluster) },
    grafanaDashboards: Object.fromEntries(Object.entries(DASHBOARDS).map(([file, build]) => [file, build()])),
  };
}
