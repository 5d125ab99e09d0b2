// Helpers of the dashboard tests (not part of the published API: index.ts does not export them).
import {
  addMixin,
  type Dashboard,
  definePart,
  type Part,
  resolveValues,
  type Stack,
  type Values,
} from '@mixstack/core';
import { dashboardsOf, type MixinName } from './index.js';

/** Rendered dashboards, walked by the tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
export type Json = Record<string, any>;

/** The mixins of this package that have dashboards, with the folder title a stack gives them. */
export const DASHBOARD_MIXINS: Partial<Record<MixinName, string>> = {
  kubernetes: 'Kubernetes',
  'node-exporter': 'Node Exporter',
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
};

/**
 * Adds the dashboards of every mixin to the stack, as a dashboards-only mixin, unless the stack
 * already has that mixin (the mixins of `prometheus()` carry their dashboards once wired).
 * Put it after the parts whose values the dashboards read.
 */
export function withDashboards(): Part {
  return definePart('test-dashboards', (stack) =>
    Object.entries(DASHBOARD_MIXINS).reduce<Stack>(
      (next, [name, title]) =>
        next.mixins[name]
          ? next
          : addMixin(next, 'test', name, (values) => ({
              title,
              grafanaDashboards: dashboardsOf(name as MixinName, values),
            })),
      stack,
    ),
  );
}

export interface BuiltDashboard {
  mixin: string;
  file: string;
  dashboard: Json;
}

/** Every dashboard of every mixin, built from the values of a stack. */
export function builtDashboards(stack: Stack): BuiltDashboard[] {
  const values: Values = resolveValues(stack.values);
  return Object.keys(DASHBOARD_MIXINS).flatMap((mixin) =>
    Object.entries(dashboardsOf(mixin as MixinName, values)).map(([file, dashboard]) => ({
      mixin,
      file,
      dashboard: dashboard as Dashboard as Json,
    })),
  );
}

/** The panels of a dashboard that show data (rows left out). */
export const panelsOf = (dashboard: Json): Json[] =>
  (dashboard.panels as Json[]).filter((panel) => panel.type !== 'row');

/** Every query target of a dashboard, with its panel. */
export const targetsOf = (dashboard: Json): { panel: Json; target: Json }[] =>
  panelsOf(dashboard).flatMap((panel) => (panel.targets as Json[]).map((target) => ({ panel, target })));

/** The variables of a dashboard, in order. */
export const variablesOf = (dashboard: Json): Json[] => dashboard.templating.list as Json[];
