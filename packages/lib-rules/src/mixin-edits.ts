import {
  type AlertingRule,
  closestNames,
  type Dashboard,
  type Mixin,
  MixstackError,
  type RuleGroup,
  withMixinContent,
} from '@mixstack/core';
import type { AlertPatch, LibRulesValues } from './intent.js';

/**
 * A name as the lib functions take it: the plain name (`KubePodCrashLooping`, `node.rules`,
 * `nodes.json`) matches it in every mixin; `<mixin>/<name>` only in that mixin.
 */
interface NameRef {
  mixin?: string;
  name: string;
}

function parseRef(raw: string, mixins: Readonly<Record<string, Mixin>>): NameRef {
  const slash = raw.indexOf('/');
  if (slash > 0 && Object.hasOwn(mixins, raw.slice(0, slash)))
    return { mixin: raw.slice(0, slash), name: raw.slice(slash + 1) };
  return { name: raw };
}

const inScope = (ref: NameRef, mixin: string) => ref.mixin === undefined || ref.mixin === mixin;

function notFound(fn: string, what: string, raw: string, candidates: Iterable<string>): MixstackError {
  const close = closestNames(raw, candidates, 5);
  return new MixstackError({
    code: 'NOT_FOUND',
    message: `no ${what} "${raw}" in the stack's mixins`,
    address: `lib-rules/${fn}`,
    value: raw,
    hint: close.length
      ? `the closest ${what}s are ${close.map((c) => `"${c}"`).join(', ')}; \`mixstack mixins\` lists them all (a typo must not silently keep what you meant to change)`
      : `the stack has no ${what} with a similar name; \`mixstack mixins\` lists them all (is the part that adds it in the stack?)`,
  });
}

interface Inventory {
  alerts: Set<string>;
  groups: Set<string>;
  dashboards: Set<string>;
}

function inventory(mixins: Readonly<Record<string, Mixin>>): Inventory {
  const found: Inventory = { alerts: new Set(), groups: new Set(), dashboards: new Set() };
  for (const [name, mixin] of Object.entries(mixins)) {
    for (const group of mixin.prometheusAlerts?.groups ?? []) {
      found.groups.add(group.name);
      for (const rule of group.rules) found.alerts.add(rule.alert);
    }
    for (const group of mixin.prometheusRules?.groups ?? []) found.groups.add(group.name);
    for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {})) {
      found.dashboards.add(file);
      found.dashboards.add(`${name}/${file}`);
      found.dashboards.add(dashboard.title);
    }
  }
  return found;
}

const matchesAlert = (ref: NameRef, mixin: string, rule: AlertingRule) =>
  inScope(ref, mixin) && rule.alert === ref.name;

const matchesGroup = (ref: NameRef, mixin: string, group: RuleGroup) =>
  inScope(ref, mixin) && group.name === ref.name;

const matchesDashboard = (ref: NameRef, mixin: string, file: string, dashboard: Dashboard) =>
  inScope(ref, mixin) && (file === ref.name || dashboard.title === ref.name || dashboard.uid === ref.name);

function patched(rule: AlertingRule, patch: AlertPatch): AlertingRule {
  const labels = { ...rule.labels, ...patch.labels, ...(patch.severity ? { severity: patch.severity } : {}) };
  const annotations = { ...rule.annotations, ...patch.annotations };
  return {
    ...rule,
    ...(patch.expr !== undefined ? { expr: patch.expr } : {}),
    ...(patch.for !== undefined ? { for: patch.for } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/** The mixins after the edits, and a problem for every name that matched nothing. */
export interface EditedMixins {
  mixins: Record<string, Mixin>;
  problems: MixstackError[];
}

/**
 * The mixins with the edits applied: alerts patched, then alerts, rule groups and dashboards
 * dropped; groups left empty are removed. Every name is checked against the mixins as they
 * are before any edit (so a dropped group may contain a dropped or patched alert); each name
 * that matches nothing is a NOT_FOUND problem listing the closest names (all of them, not the
 * first: a stack with two typos hears of both), and the other edits still apply.
 */
export function applyMixinEdits(
  mixins: Readonly<Record<string, Mixin>>,
  edits: LibRulesValues,
): EditedMixins {
  const names = inventory(mixins);
  const refs = <T>(record: Record<string, T> | undefined) =>
    Object.keys(record ?? {})
      .sort()
      .map((raw) => ({ raw, ref: parseRef(raw, mixins), value: record![raw]! }));
  const patches = refs(edits.patchAlerts);
  const dropAlerts = refs(edits.dropAlerts);
  const dropGroups = refs(edits.dropRuleGroups);
  const dropDashboards = refs(edits.dropDashboards);

  const problems: MixstackError[] = [];
  const each = (
    list: { raw: string; ref: NameRef }[],
    test: (ref: NameRef) => boolean,
    fn: string,
    what: string,
    all: Set<string>,
  ) => {
    for (const { raw, ref } of list) if (!test(ref)) problems.push(notFound(fn, what, raw, all));
  };
  const entries = Object.entries(mixins);
  const anyAlert = (ref: NameRef) =>
    entries.some(([name, mixin]) =>
      (mixin.prometheusAlerts?.groups ?? []).some((g) =>
        g.rules.some((rule) => matchesAlert(ref, name, rule)),
      ),
    );
  each(patches, anyAlert, 'patchAlert', 'alert', names.alerts);
  each(dropAlerts, anyAlert, 'dropAlerts', 'alert', names.alerts);
  each(
    dropGroups,
    (ref) =>
      entries.some(([name, mixin]) =>
        [...(mixin.prometheusAlerts?.groups ?? []), ...(mixin.prometheusRules?.groups ?? [])].some((g) =>
          matchesGroup(ref, name, g),
        ),
      ),
    'dropRuleGroups',
    'rule group',
    names.groups,
  );
  each(
    dropDashboards,
    (ref) =>
      entries.some(([name, mixin]) =>
        Object.entries(mixin.grafanaDashboards ?? {}).some(([file, d]) =>
          matchesDashboard(ref, name, file, d),
        ),
      ),
    'dropDashboards',
    'dashboard',
    names.dashboards,
  );

  const out: Record<string, Mixin> = {};
  for (const [name, mixin] of entries) {
    const keepGroup = (group: RuleGroup) => !dropGroups.some(({ ref }) => matchesGroup(ref, name, group));
    const alertGroups = (mixin.prometheusAlerts?.groups ?? []).filter(keepGroup).flatMap((group) => {
      const rules = group.rules
        .filter((rule) => !dropAlerts.some(({ ref }) => matchesAlert(ref, name, rule)))
        .map((rule) =>
          patches
            .filter(({ ref }) => matchesAlert(ref, name, rule))
            .reduce((current, { value }) => patched(current, value as AlertPatch), rule),
        );
      return rules.length > 0 ? [{ ...group, rules }] : [];
    });
    const recordGroups = (mixin.prometheusRules?.groups ?? []).filter(keepGroup);
    const dashboards = Object.fromEntries(
      Object.entries(mixin.grafanaDashboards ?? {}).filter(
        ([file, d]) => !dropDashboards.some(({ ref }) => matchesDashboard(ref, name, file, d)),
      ),
    );
    out[name] = withMixinContent(mixin, { alertGroups, recordingGroups: recordGroups, dashboards });
  }
  return { mixins: out, problems };
}
