import {
  type AlertingRule,
  type Dashboard,
  goneRecordings,
  isPlainObject,
  type Mixin,
  type RecordingRule,
  type RuleGroup,
  stableUid,
  withMixinContent,
} from '@mixstack/core';
import type { MixinSelectors, SwitchablePart } from './selectors.js';

/**
 * The job selectors of the parts of this package that do not run in the stack: left out
 * (`nodeExporter: false`) or turned off (`enabled: false`, which platforms set). Nothing
 * scrapes their jobs, so nothing that reads them can ever have data.
 */
export function stoppedSelectors(s: MixinSelectors): string[] {
  return (Object.keys(s.running) as SwitchablePart[])
    .filter((part) => !s.running[part])
    .map((part) => s[part]);
}

type Json = Record<string, unknown>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches an expression that reads one of the recorded series `records` (a metric name is a whole PromQL word). */
function readingAny(records: ReadonlySet<string>): RegExp | undefined {
  if (records.size === 0) return undefined;
  const names = [...records].map(escapeRegExp).join('|');
  return new RegExp(`(^|[^A-Za-z0-9_:])(${names})($|[^A-Za-z0-9_:])`);
}

type Dead = (expr: string) => boolean;

/** The PromQL of a panel's own targets (not of the panels a collapsed row holds). */
function queriesOf(panel: Json): string[] {
  const targets = Array.isArray(panel.targets) ? panel.targets : [];
  return targets.flatMap((target) =>
    isPlainObject(target) && typeof target.expr === 'string' ? [target.expr] : [],
  );
}

function countQueries(panels: readonly unknown[]): number {
  return panels.reduce<number>(
    (n, panel) =>
      isPlainObject(panel)
        ? n + queriesOf(panel).length + (Array.isArray(panel.panels) ? countQueries(panel.panels) : 0)
        : n,
    0,
  );
}

/** A panel without its dead targets, or `undefined` when it has queries and every one is dead. */
function prunePanel(panel: Json, dead: Dead): Json | undefined {
  const queries = queriesOf(panel);
  if (queries.length > 0 && queries.every(dead)) return undefined;
  if (!Array.isArray(panel.targets) || !queries.some(dead)) return panel;
  return {
    ...panel,
    targets: panel.targets.filter(
      (target) => !(isPlainObject(target) && typeof target.expr === 'string' && dead(target.expr)),
    ),
  };
}

/**
 * Panels without the dead ones. A row keeps the panels that follow it up to the next row (or
 * holds them when collapsed); a row whose panels all went goes too, rather than head nothing.
 */
function prunePanels(panels: readonly unknown[], dead: Dead): unknown[] {
  const sections: { row?: Json; had: boolean; kept: unknown[]; inner: number }[] = [
    { had: false, kept: [], inner: 0 },
  ];
  for (const panel of panels) {
    if (isPlainObject(panel) && panel.type === 'row') {
      const inner = Array.isArray(panel.panels) ? panel.panels : [];
      const kept = prunePanels(inner, dead);
      const same = kept.length === inner.length && kept.every((p, i) => p === inner[i]);
      sections.push({
        row: same ? panel : { ...panel, panels: kept },
        had: inner.length > 0,
        kept: [],
        inner: kept.length,
      });
      continue;
    }
    const section = sections.at(-1)!;
    section.had = true;
    const kept = isPlainObject(panel) ? prunePanel(panel, dead) : panel;
    if (kept !== undefined) section.kept.push(kept);
  }
  return sections.flatMap(({ row, had, kept, inner }) => {
    if (row === undefined) return kept;
    return had && kept.length === 0 && inner === 0 ? [] : [row, ...kept];
  });
}

/**
 * A dashboard without its dead panels and targets; `undefined` when nothing of it is left, or
 * when a template variable without an "All" entry lists the values of a series nobody
 * scrapes: it would be empty, and every panel filtering on it with it.
 */
function pruneDashboard(dashboard: Dashboard, dead: Dead): Dashboard | undefined {
  const list = isPlainObject(dashboard.templating) ? dashboard.templating.list : undefined;
  for (const variable of Array.isArray(list) ? list : []) {
    if (!isPlainObject(variable) || variable.type !== 'query' || variable.includeAll === true) continue;
    const query = isPlainObject(variable.query) ? variable.query.query : variable.query;
    if (typeof query === 'string' && dead(query)) return undefined;
  }
  if (!Array.isArray(dashboard.panels)) return dashboard;
  const panels = prunePanels(dashboard.panels, dead);
  if (countQueries(dashboard.panels) > 0 && countQueries(panels) === 0) return undefined;
  return { ...dashboard, panels };
}

const LINKED_UID = /^\/d\/([^/?#]+)/;

/**
 * `value` without the data links to the dashboards `uids` (they were left out): a link to them
 * goes, and so does a `links` field property or an override left with nothing.
 */
function withoutLinksTo(value: unknown, uids: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const uid =
        isPlainObject(item) && typeof item.url === 'string' ? LINKED_UID.exec(item.url)?.[1] : undefined;
      if (uid !== undefined && uids.has(uid)) continue;
      const next = withoutLinksTo(item, uids);
      const emptied =
        next !== item &&
        isPlainObject(next) &&
        ((next.id === 'links' && Array.isArray(next.value) && next.value.length === 0) ||
          (Array.isArray(next.properties) && next.properties.length === 0));
      if (!emptied) out.push(next);
    }
    return out.length === value.length && out.every((item, i) => item === value[i]) ? value : out;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const out: Json = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = withoutLinksTo(field, uids);
    if (out[key] !== field) changed = true;
  }
  return changed ? out : value;
}

function keepRules<R extends AlertingRule | RecordingRule>(
  groups: readonly RuleGroup<R>[],
  alive: (rule: R) => boolean,
): RuleGroup<R>[] {
  return groups.flatMap((group) => {
    const rules = group.rules.filter(alive);
    if (rules.length === group.rules.length) return [group];
    return rules.length > 0 ? [{ ...group, rules }] : [];
  });
}

/**
 * The mixin `name` of this package without what reads the job of a part that does not run
 * (`stoppedSelectors`): alerting and recording rules that select it, rules built on series
 * only such rules record (to a fixpoint), panels whose every query is dead and the dead
 * targets of the others, and dashboards left without queries or with a variable that would
 * list nothing — then the links to those dashboards. The same whether the part is not in the
 * stack or is there with `enabled: false`: one stack renders the same either way.
 */
export function withoutStoppedParts(name: string, mixin: Mixin, s: MixinSelectors): Mixin {
  const stopped = stoppedSelectors(s);
  if (stopped.length === 0) return mixin;

  const recording = (mixin.prometheusRules?.groups ?? []).flatMap((group) => group.rules);
  const selectsStopped = (expr: string) => stopped.some((selector) => expr.includes(selector));
  let readsGone: { series: ReadonlySet<string>; pattern: RegExp | undefined } | undefined;
  const reads = (expr: string, series: ReadonlySet<string>) => {
    if (readsGone?.series !== series) readsGone = { series, pattern: readingAny(series) };
    return readsGone.pattern?.test(expr) === true;
  };
  const gone = goneRecordings(recording, (expr, series) => selectsStopped(expr) || reads(expr, series));
  const goneRules = gone.rules;
  const dead: Dead = (expr) => selectsStopped(expr) || reads(expr, gone.series);

  const dashboards: Record<string, Dashboard> = {};
  const goneUids = new Set<string>();
  for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {})) {
    const kept = pruneDashboard(dashboard, dead);
    if (kept) dashboards[file] = kept;
    else goneUids.add(dashboard.uid ?? stableUid(name, file));
  }
  if (goneUids.size > 0) {
    for (const file of Object.keys(dashboards))
      dashboards[file] = withoutLinksTo(dashboards[file], goneUids) as Dashboard;
  }

  return withMixinContent(mixin, {
    alertGroups: keepRules(mixin.prometheusAlerts?.groups ?? [], (rule) => !dead(rule.expr)),
    recordingGroups: keepRules(mixin.prometheusRules?.groups ?? [], (rule) => !goneRules.has(rule)),
    dashboards,
  });
}
