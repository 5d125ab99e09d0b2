import { alertsOf, type Mixin, recordingRulesOf } from '../mixin.js';
import type { Notice } from '../sections.js';
import type { RenderedObject } from './render.js';

export interface RenderSummary {
  /** Number of Kubernetes objects. */
  objects: number;
  /** Number of files, the kustomization included. */
  files: number;
  /** Objects per component and kind. */
  byComponent: Record<string, Record<string, number>>;
  /** Alerting rules, total and per `severity` label (`none` when it has none). */
  alerts: { total: number; bySeverity: Record<string, number> };
  recordingRules: number;
  dashboards: number;
  mixins: string[];
  notices: (Notice & { id: string })[];
}

export function summarize(
  objects: readonly RenderedObject[],
  files: number,
  mixins: Readonly<Record<string, Mixin>>,
  notices: Readonly<Record<string, Notice>>,
): RenderSummary {
  const byComponent: Record<string, Record<string, number>> = {};
  for (const { component, object } of objects) {
    const kinds = byComponent[component] ?? {};
    kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
    byComponent[component] = kinds;
  }
  const bySeverity: Record<string, number> = {};
  let total = 0;
  let recordingRules = 0;
  let dashboards = 0;
  for (const mixin of Object.values(mixins)) {
    for (const { rule } of alertsOf(mixin)) {
      const severity = rule.labels?.severity ?? 'none';
      bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
      total++;
    }
    recordingRules += recordingRulesOf(mixin).length;
    dashboards += Object.keys(mixin.grafanaDashboards ?? {}).length;
  }
  return {
    objects: objects.length,
    files,
    byComponent,
    alerts: { total, bySeverity },
    recordingRules,
    dashboards,
    mixins: Object.keys(mixins).sort(),
    notices: Object.entries(notices).map(([id, notice]) => ({ id, ...notice })),
  };
}
