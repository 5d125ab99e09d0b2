import type { Dashboard, StackView, Values } from '@mixstack/core';
import { ALERTMANAGER_FILES, alertmanagerOverviewDashboard } from './alertmanager.js';
import { kubernetesDashboards } from './kubernetes/index.js';
import {
  NODE_EXPORTER_FILES,
  nodesDashboard,
  useMethodClusterDashboard,
  useMethodNodeDashboard,
} from './node-exporter.js';
import { PROMETHEUS_FILES, prometheusOverviewDashboard } from './prometheus.js';
import { scopeOf } from './variables.js';

/** The mixins of this package, by their name in the stack (kebab-case: also the export folder and Grafana folder). */
export type MixinName =
  | 'kubernetes'
  | 'node-exporter'
  | 'prometheus'
  | 'alertmanager'
  | 'prometheus-operator'
  | 'kube-state-metrics'
  | 'kube-prometheus';

/**
 * The dashboards of one mixin, by file name (`k8s-resources-cluster.json`), built from the final
 * values. Each mixin's assembly (`src/mixins/<name>/index.ts`) puts them in `grafanaDashboards`.
 */
export function dashboardsOf(mixin: MixinName, values: Values, stack?: StackView): Record<string, Dashboard> {
  const build = DASHBOARDS[mixin];
  return build ? build(values, stack) : {};
}

/**
 * Dashboard builders per mixin; a mixin without dashboards is absent. Each call builds fresh
 * objects (no dashboard is shared between two stacks).
 */
const DASHBOARDS: Partial<
  Record<MixinName, (values: Values, stack?: StackView) => Record<string, Dashboard>>
> = {
  kubernetes: (values, stack) => kubernetesDashboards(scopeOf(values, stack)),
  'node-exporter': (values, stack) => {
    const scope = scopeOf(values, stack);
    return {
      [NODE_EXPORTER_FILES.nodes]: nodesDashboard(scope),
      [NODE_EXPORTER_FILES.useMethodCluster]: useMethodClusterDashboard(scope),
      [NODE_EXPORTER_FILES.useMethodNode]: useMethodNodeDashboard(scope),
    };
  },
  prometheus: (values, stack) => ({
    [PROMETHEUS_FILES.overview]: prometheusOverviewDashboard(scopeOf(values, stack), values),
  }),
  alertmanager: (values, stack) => ({
    [ALERTMANAGER_FILES.overview]: alertmanagerOverviewDashboard(scopeOf(values, stack)),
  }),
};
