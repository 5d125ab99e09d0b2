import type { StackView } from '../contracts.js';
import { deepFreeze } from '../merge.js';
import type { Dashboard, Mixin } from '../mixin.js';
import type { ResolvedAlerting, Sections } from '../sections.js';
import type { Contribution, Stack } from '../stack.js';
import type { Values } from '../values.js';
import type { Problems } from './contracts.js';
import { stableUid } from './hash.js';

/**
 * Evaluates contributions against the final values and the stack view. A lazy entry that
 * throws a MixstackError is reported and left out; the others still resolve.
 */
export function resolveEntries<T>(
  entries: Readonly<Record<string, Contribution<T>>>,
  values: Values,
  view: StackView,
  problems?: Problems,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(entries).sort()) {
    const { value } = entries[key]!;
    const evaluate = () =>
      typeof value === 'function'
        ? (value as (v: Values, s: StackView) => T | undefined)(values, view)
        : value;
    const resolved = problems ? problems.attempt(evaluate, undefined) : evaluate();
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

/** Dashboards without a uid get one derived from the mixin and file name, stable across builds. */
function withDashboardUids(name: string, mixin: Mixin): Mixin {
  if (!mixin.grafanaDashboards) return mixin;
  const dashboards: Record<string, Dashboard> = {};
  for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards)) {
    dashboards[file] = dashboard.uid ? dashboard : { ...dashboard, uid: stableUid(name, file) };
  }
  return { ...mixin, grafanaDashboards: dashboards };
}

/** Evaluates every section contribution against the final values. */
export function resolveSections(
  stack: Stack,
  values: Values,
  view: StackView,
  problems?: Problems,
): Sections {
  const resolve = <T>(entries: Readonly<Record<string, Contribution<T>>>) =>
    resolveEntries(entries, values, view, problems);
  const mixins = resolve(stack.mixins);
  const routes = resolve(stack.alerting.routes);
  const alerting: ResolvedAlerting = {
    rootRoute: view.rootRoute,
    receivers: resolve(stack.alerting.receivers),
    routes: Object.entries(routes)
      .map(([id, route]) => ({ id, ...route, order: route.order ?? 100 }))
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    inhibitRules: resolve(stack.alerting.inhibitRules),
    templates: resolve(stack.alerting.templates),
    secretMounts: resolve(stack.alerting.secretMounts),
  };
  return deepFreeze({
    mixins: Object.fromEntries(
      Object.entries(mixins).map(([name, mixin]) => [name, withDashboardUids(name, mixin)]),
    ),
    datasources: resolve(stack.datasources),
    alerting,
    scrapeTargets: resolve(stack.scrapeTargets),
    collectorPipelines: resolve(stack.collectorPipelines),
    notices: resolve(stack.notices),
  });
}
