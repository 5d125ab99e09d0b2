import type { Dashboard, Values } from '@mixstack/core';

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
export function dashboardsOf(mixin: MixinName, values: Values): Record<string, Dashboard> {
  const build = DASHBOARDS[mixin];
  return build ? build(values) : {};
}

/** Dashboard builders per mixin; a mixin without dashboards is absent. */
const DASHBOARDS: Partial<Record<MixinName, (values: Values) => Record<string, Dashboard>>> = {};
