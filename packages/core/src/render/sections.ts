import { deepFreeze } from '../merge.js';
import type { Dashboard, Mixin } from '../mixin.js';
import type { ResolvedAlerting, Sections } from '../sections.js';
import type { Contribution, Stack } from '../stack.js';
import type { Values } from '../values.js';
import { stableUid } from './hash.js';

function resolveEntries<T>(
  entries: Readonly<Record<string, Contribution<T>>>,
  values: Values,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(entries).sort()) {
    const { value } = entries[key]!;
    const resolved = typeof value === 'function' ? (value as (v: Values) => T | undefined)(values) : value;
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
export function resolveSections(stack: Stack, values: Values): Sections {
  const mixins = resolveEntries(stack.mixins, values);
  const routes = resolveEntries(stack.alerting.routes, values);
  const alerting: ResolvedAlerting = {
    receivers: resolveEntries(stack.alerting.receivers, values),
    routes: Object.entries(routes)
      .map(([id, route]) => ({ id, ...route, order: route.order ?? 100 }))
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    inhibitRules: resolveEntries(stack.alerting.inhibitRules, values),
    templates: resolveEntries(stack.alerting.templates, values),
    secretMounts: resolveEntries(stack.alerting.secretMounts, values),
  };
  return deepFreeze({
    mixins: Object.fromEntries(
      Object.entries(mixins).map(([name, mixin]) => [name, withDashboardUids(name, mixin)]),
    ),
    datasources: resolveEntries(stack.datasources, values),
    alerting,
    scrapeTargets: resolveEntries(stack.scrapeTargets, values),
    notices: resolveEntries(stack.notices, values),
  });
}
