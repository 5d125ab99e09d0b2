#!/usr/bin/env node
// `npm run mixins:compare -- UPSTREAM [--mixin NAME] [--ours DIR | --stack ENTRY] [--json]`:
// compares our mixins (TypeScript rewrites of upstream content) with upstream's rule files, so
// drift is visible when upstream changes. For each mixin: the alerts and recording rules only
// one side has, and for every alert both have, the differences of expression (parsed and printed
// canonically by ./promql-canonical.mjs: formatting is never drift), `for`, `keep_firing_for`,
// severity and the other labels. Annotations are not compared: our texts are our own.
//
// UPSTREAM (and --ours) may be
// - a mixin folder in the generated layout (`prometheus_alerts.yaml`, `prometheus_rules.yaml`),
// - a folder of such folders (what `mixstack mixins -o DIR` writes),
// - a prometheus-operator PrometheusRule file, or a folder of them (kube-prometheus's
//   `manifests/*-prometheusRule.yaml`, mixstack's `prometheusRules-*.yaml`),
// - a plain rule file (`groups:`).
// Without --ours, ours are exported by the built CLI (`mixstack mixins [ENTRY]`, the default
// stack unless --stack) into a temporary folder. Without --mixin, every upstream mixin that has
// a mixin of ours by the same name is compared (kube-prometheus's `kubernetesControlPlane` is
// our `kubernetes`). Output is deterministic: mixins, alerts and records sorted by name.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { canonicalDuration, canonicalPromql, exprDifference } from './promql-canonical.mjs';
import { workspaceRoot } from './workspace.mjs';

const GENERATED_FILES = ['prometheus_alerts.yaml', 'prometheus_rules.yaml'];
/** Upstream names of mixins that are ours under another name. */
const ALIASES = {
  'kubernetes-control-plane': 'kubernetes',
  'kubernetes-monitoring': 'kubernetes',
  'kubernetes-mixin': 'kubernetes',
  node: 'node-exporter',
  'node-mixin': 'node-exporter',
  'prometheus-k8s-prometheus': 'prometheus',
  'alertmanager-main': 'alertmanager',
};

const USAGE = `Usage: npm run mixins:compare -- UPSTREAM [--mixin NAME] [--ours DIR | --stack ENTRY] [--json]

Compares our mixins with upstream's rule files: alerts and recording rules missing on either
side, and for each alert both have the differences in expression, for, severity and labels.

UPSTREAM  a mixin folder in the generated layout (prometheus_alerts.yaml, prometheus_rules.yaml),
          a folder of them, a PrometheusRule file or a folder of them (kube-prometheus's
          manifests/*-prometheusRule.yaml), or a rule file
--mixin   compare only this mixin of ours (needed when UPSTREAM is one mixin whose name is not ours)
--ours    our mixins from this folder (same forms as UPSTREAM) instead of exporting them
--stack   export the mixins of this stack module instead of mixstack's default stack
--json    the report as JSON on stdout`;

/** A wrong command line: the message and the usage. */
class UsageError extends Error {}
/** Inputs that cannot be read or exported: the message only. */
class InputError extends Error {}

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const alias = (name) => ALIASES[name] ?? name;
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function readYaml(file) {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  const values = [];
  for (const document of documents) {
    if (document.errors.length) throw new InputError(`${file}: ${document.errors[0].message}`);
    const value = document.toJSON();
    if (value?.kind === 'List' || value?.kind?.endsWith?.('List')) values.push(...(value.items ?? []));
    else if (value != null) values.push(value);
  }
  return values;
}

/** The mixin a file's name says (`nodeExporter-prometheusRule.yaml`, `prometheusRules-nodeExporter.yaml`). */
function mixinOfFileName(file) {
  const base = basename(file).replace(/\.ya?ml$/, '');
  const match = /^(.+)-prometheusRule$/.exec(base) ?? /^prometheusRules-(.+)$/.exec(base);
  return match ? alias(kebab(match[1])) : undefined;
}

/** Rule groups of one YAML document: a rule file (`groups`) or a PrometheusRule (`spec.groups`). */
function groupsOf(document) {
  if (document?.kind === 'PrometheusRule') return document.spec?.groups ?? [];
  if (Array.isArray(document?.groups)) return document.groups;
  return undefined;
}

function addSet(sets, name, source, groups) {
  const set = sets.get(name) ?? { name, sources: [], groups: [] };
  set.sources.push(source);
  set.groups.push(...groups);
  sets.set(name, set);
}

/** The rule files of one file, as rule sets by mixin name. */
function loadFile(file, sets, displayName = basename(file)) {
  const documents = readYaml(file);
  const fromName = mixinOfFileName(file);
  let found = 0;
  for (const document of documents) {
    const groups = groupsOf(document);
    if (!groups) continue;
    found++;
    const fromMetadata = document.metadata?.name
      ? alias(document.metadata.name.replace(/-rules$/, ''))
      : undefined;
    const fromFile = alias(
      basename(file)
        .replace(/\.ya?ml$/, '')
        .replace(/[_-](alerts|rules)$/, ''),
    );
    addSet(sets, fromName ?? fromMetadata ?? fromFile, displayName, groups);
  }
  return found;
}

function isGeneratedLayout(dir) {
  return GENERATED_FILES.some((file) => existsSync(join(dir, file)));
}

function loadGeneratedLayout(dir, sets, name, prefix = '') {
  for (const file of GENERATED_FILES) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const groups = readYaml(path).flatMap((document) => groupsOf(document) ?? []);
    addSet(sets, name, `${prefix}${file}`, groups);
  }
}

/**
 * The rule sets of a path, by mixin name. `single` is true when the path is one mixin (a mixin
 * folder in the generated layout, or a file with one rule set): its name then is only a guess.
 * @param {string} path
 */
export function loadRuleSets(path) {
  if (!existsSync(path)) throw new InputError(`${path} does not exist`);
  const sets = new Map();
  if (statSync(path).isFile()) {
    if (!loadFile(path, sets))
      throw new InputError(`${path} has no rule groups (neither groups: nor a PrometheusRule)`);
    return { sets, single: sets.size === 1 };
  }
  if (isGeneratedLayout(path)) {
    loadGeneratedLayout(path, sets, alias(basename(resolve(path)).replace(/-mixin$/, '')));
    return { sets, single: true };
  }
  for (const entry of readdirSync(path).sort(byText)) {
    const full = join(path, entry);
    if (statSync(full).isDirectory()) {
      if (isGeneratedLayout(full)) loadGeneratedLayout(full, sets, alias(entry), `${entry}/`);
    } else if (/\.ya?ml$/.test(entry)) {
      try {
        loadFile(full, sets, entry);
      } catch {
        // Not a YAML file we can read (a template, a CRD with odd content): not a rule file.
      }
    }
  }
  if (sets.size === 0) {
    throw new InputError(
      `${path} holds no rules: expected ${GENERATED_FILES.join(' or ')}, PrometheusRule files, or folders of them`,
    );
  }
  return { sets, single: false };
}

/** Every rule of a set, flattened, with what is compared. */
function rulesOf(set) {
  const rules = [];
  for (const group of set?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      rules.push({
        group: group.name,
        alert: rule.alert,
        record: rule.record,
        expr: String(rule.expr ?? ''),
        for: canonicalDuration(rule.for ?? '0s'),
        keepFiringFor: canonicalDuration(rule.keep_firing_for ?? '0s'),
        labels: Object.fromEntries(
          Object.entries(rule.labels ?? {})
            .map(([key, value]) => [key, String(value)])
            .sort(([a], [b]) => byText(a, b)),
        ),
      });
    }
  }
  return rules;
}

const labelText = (labels) =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ');

function groupByName(rules, kind) {
  const map = new Map();
  for (const rule of rules) {
    if (!rule[kind]) continue;
    map.set(rule[kind], [...(map.get(rule[kind]) ?? []), rule]);
  }
  return map;
}

const canonical = (expr) => canonicalPromql(expr).text;

/**
 * Pairs the rules of one alert name on both sides: the most alike first (same expression, then
 * severity, labels, `for`), ties in file order. Returns the pairs and the rules left over.
 */
function pairRules(upstream, ours) {
  const candidates = [];
  upstream.forEach((u, i) => {
    ours.forEach((o, j) => {
      const score =
        (canonical(u.expr) === canonical(o.expr) ? 8 : 0) +
        (u.labels.severity === o.labels.severity ? 4 : 0) +
        (labelText(u.labels) === labelText(o.labels) ? 2 : 0) +
        (u.for === o.for ? 1 : 0);
      candidates.push({ i, j, score });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  const usedU = new Set();
  const usedO = new Set();
  const pairs = [];
  for (const { i, j } of candidates) {
    if (usedU.has(i) || usedO.has(j)) continue;
    usedU.add(i);
    usedO.add(j);
    pairs.push([upstream[i], ours[j]]);
  }
  pairs.sort((a, b) => byText(labelText(a[0].labels), labelText(b[0].labels)));
  return {
    pairs,
    upstreamOnly: upstream.filter((_, i) => !usedU.has(i)),
    oursOnly: ours.filter((_, j) => !usedO.has(j)),
  };
}

function labelDifferences(upstream, ours) {
  const keys = [...new Set([...Object.keys(upstream), ...Object.keys(ours)])]
    .filter((key) => key !== 'severity')
    .sort(byText);
  const onlyUpstream = {};
  const onlyOurs = {};
  const changed = {};
  for (const key of keys) {
    if (!(key in ours)) onlyUpstream[key] = upstream[key];
    else if (!(key in upstream)) onlyOurs[key] = ours[key];
    else if (upstream[key] !== ours[key]) changed[key] = { upstream: upstream[key], ours: ours[key] };
  }
  const any = [onlyUpstream, onlyOurs, changed].some((o) => Object.keys(o).length);
  return any ? { onlyUpstream, onlyOurs, changed } : undefined;
}

/** The differences of two rules of the same alert, or undefined when they are the same. */
function ruleDifferences(upstream, ours) {
  const differences = {};
  const kind = exprDifference(upstream.expr, ours.expr);
  if (kind) differences.expr = { kind, upstream: canonical(upstream.expr), ours: canonical(ours.expr) };
  if (upstream.for !== ours.for) differences.for = { upstream: upstream.for, ours: ours.for };
  if (upstream.keepFiringFor !== ours.keepFiringFor) {
    differences.keepFiringFor = { upstream: upstream.keepFiringFor, ours: ours.keepFiringFor };
  }
  if (upstream.labels.severity !== ours.labels.severity) {
    differences.severity = { upstream: upstream.labels.severity ?? null, ours: ours.labels.severity ?? null };
  }
  const labels = labelDifferences(upstream.labels, ours.labels);
  if (labels) differences.labels = labels;
  return Object.keys(differences).length ? differences : undefined;
}

const sizes = (rules, alerts, records) => ({
  alerts: alerts.size,
  alertRules: rules.filter((rule) => rule.alert).length,
  records: records.size,
  recordRules: rules.filter((rule) => rule.record).length,
});

const alertSummary = (rules) => ({
  alert: rules[0].alert,
  rules: rules.map((rule) => ({ severity: rule.labels.severity ?? null, for: rule.for, group: rule.group })),
});

/**
 * Compares one mixin: `upstream` and `ours` are rule sets (`{ groups }`), either may be missing.
 * @returns the mixin's part of the report
 */
export function compareRuleSets(mixin, upstream, ours) {
  const upstreamRules = rulesOf(upstream);
  const ourRules = rulesOf(ours);
  const upstreamAlerts = groupByName(upstreamRules, 'alert');
  const ourAlerts = groupByName(ourRules, 'alert');
  const upstreamRecords = groupByName(upstreamRules, 'record');
  const ourRecords = groupByName(ourRules, 'record');
  const names = (map) => [...map.keys()].sort(byText);

  const alerts = { onlyUpstream: [], onlyOurs: [], differ: [], same: 0 };
  for (const name of names(upstreamAlerts)) {
    if (!ourAlerts.has(name)) alerts.onlyUpstream.push(alertSummary(upstreamAlerts.get(name)));
  }
  for (const name of names(ourAlerts)) {
    if (!upstreamAlerts.has(name)) alerts.onlyOurs.push(alertSummary(ourAlerts.get(name)));
  }
  for (const name of names(upstreamAlerts).filter((n) => ourAlerts.has(n))) {
    const upstreamSide = upstreamAlerts.get(name);
    const ourSide = ourAlerts.get(name);
    const { pairs, upstreamOnly, oursOnly } = pairRules(upstreamSide, ourSide);
    const several = upstreamSide.length > 1 || ourSide.length > 1;
    const rules = [];
    for (const [u, o] of pairs) {
      const differences = ruleDifferences(u, o);
      if (differences) rules.push({ ...(several ? { rule: labelText(u.labels) } : {}), ...differences });
    }
    const entry = { alert: name };
    if (upstreamSide.length !== ourSide.length) {
      entry.ruleCount = { upstream: upstreamSide.length, ours: ourSide.length };
      entry.rulesOnlyUpstream = upstreamOnly.map((rule) => labelText(rule.labels));
      entry.rulesOnlyOurs = oursOnly.map((rule) => labelText(rule.labels));
    }
    if (rules.length) entry.rules = rules;
    if (entry.ruleCount || entry.rules) alerts.differ.push(entry);
    else alerts.same++;
  }

  const records = { onlyUpstream: [], onlyOurs: [], differ: [], same: 0 };
  const recordKey = (rule) => `${canonical(rule.expr)} ${labelText(rule.labels)}`;
  for (const name of names(upstreamRecords)) if (!ourRecords.has(name)) records.onlyUpstream.push(name);
  for (const name of names(ourRecords)) if (!upstreamRecords.has(name)) records.onlyOurs.push(name);
  for (const name of names(upstreamRecords).filter((n) => ourRecords.has(n))) {
    const u = upstreamRecords.get(name);
    const o = ourRecords.get(name);
    const same = u.map(recordKey).sort(byText).join('\n') === o.map(recordKey).sort(byText).join('\n');
    if (same) {
      records.same++;
      continue;
    }
    const entry = { record: name };
    if (u.length === 1 && o.length === 1) {
      const kind = exprDifference(u[0].expr, o[0].expr);
      if (kind) entry.expr = { kind, upstream: canonical(u[0].expr), ours: canonical(o[0].expr) };
      const labels = labelDifferences(u[0].labels, o[0].labels);
      if (labels) entry.labels = labels;
    } else {
      // Several rules under one name (per verb, per quantile): paired like the rules of an alert.
      const { pairs, upstreamOnly, oursOnly } = pairRules(u, o);
      if (u.length !== o.length) {
        entry.ruleCount = { upstream: u.length, ours: o.length };
        entry.rulesOnlyUpstream = upstreamOnly.map((rule) => labelText(rule.labels));
        entry.rulesOnlyOurs = oursOnly.map((rule) => labelText(rule.labels));
      }
      const rules = [];
      for (const [a, b] of pairs) {
        const differences = {};
        const kind = exprDifference(a.expr, b.expr);
        if (kind) differences.expr = { kind, upstream: canonical(a.expr), ours: canonical(b.expr) };
        const labels = labelDifferences(a.labels, b.labels);
        if (labels) differences.labels = labels;
        if (Object.keys(differences).length) rules.push({ rule: labelText(a.labels), ...differences });
      }
      if (rules.length) entry.rules = rules;
    }
    records.differ.push(entry);
  }

  const unparsed = [...upstreamRules, ...ourRules]
    .filter((rule) => !canonicalPromql(rule.expr).parsed)
    .map((rule) => rule.alert ?? rule.record);

  return {
    mixin,
    upstream: { sources: upstream?.sources ?? [], ...sizes(upstreamRules, upstreamAlerts, upstreamRecords) },
    ours: { sources: ours?.sources ?? [], ...sizes(ourRules, ourAlerts, ourRecords) },
    alerts,
    records,
    ...(unparsed.length ? { unparsed: [...new Set(unparsed)].sort(byText) } : {}),
  };
}

/** Counts of one mixin's report: what the README summarises. */
export function countsOf(report) {
  const rules = report.alerts.differ.flatMap((entry) => entry.rules ?? []);
  const expr = {};
  for (const rule of rules) if (rule.expr) expr[rule.expr.kind] = (expr[rule.expr.kind] ?? 0) + 1;
  return {
    alerts: {
      onlyUpstream: report.alerts.onlyUpstream.length,
      onlyOurs: report.alerts.onlyOurs.length,
      differ: report.alerts.differ.length,
      same: report.alerts.same,
    },
    records: {
      onlyUpstream: report.records.onlyUpstream.length,
      onlyOurs: report.records.onlyOurs.length,
      differ: report.records.differ.length,
      same: report.records.same,
    },
    differences: {
      expr: Object.fromEntries(Object.entries(expr).sort(([a], [b]) => byText(a, b))),
      for: rules.filter((rule) => rule.for).length,
      severity: rules.filter((rule) => rule.severity).length,
      labels: rules.filter((rule) => rule.labels).length,
      ruleCount: report.alerts.differ.filter((entry) => entry.ruleCount).length,
    },
  };
}

/**
 * Compares rule sets loaded from two paths.
 * @param {{ upstream: string, ours: string, mixin?: string }} options
 */
export function compareMixins({ upstream, ours, mixin }) {
  const up = loadRuleSets(upstream);
  const our = loadRuleSets(ours);
  const pick = (loaded, side, name) => {
    if (loaded.single && !loaded.sets.has(name) && loaded.sets.size === 1)
      return [...loaded.sets.values()][0];
    const set = loaded.sets.get(name);
    if (!set) {
      throw new UsageError(
        `no mixin ${name} in ${side === 'upstream' ? upstream : ours} (it has: ${[...loaded.sets.keys()].sort(byText).join(', ')})`,
      );
    }
    return set;
  };

  let pairs;
  const notCompared = { upstream: [], ours: [] };
  if (mixin) {
    pairs = [[mixin, pick(up, 'upstream', mixin), pick(our, 'ours', mixin)]];
  } else if (up.single && !our.sets.has([...up.sets.keys()][0])) {
    throw new UsageError(
      `${upstream} is one mixin, ${[...up.sets.keys()][0]}, which is not ours: say which with --mixin NAME (ours: ${[...our.sets.keys()].sort(byText).join(', ')})`,
    );
  } else {
    const names = [...up.sets.keys()].sort(byText);
    pairs = names
      .filter((name) => our.sets.has(name))
      .map((name) => [name, up.sets.get(name), our.sets.get(name)]);
    notCompared.upstream = names.filter((name) => !our.sets.has(name));
    notCompared.ours = [...our.sets.keys()].filter((name) => !up.sets.has(name)).sort(byText);
    if (pairs.length === 0) {
      throw new UsageError(
        `no mixin of ${upstream} (${names.join(', ')}) is one of ours (${[...our.sets.keys()].sort(byText).join(', ')}): use --mixin NAME`,
      );
    }
  }
  const mixins = pairs.map(([name, u, o]) => {
    const report = compareRuleSets(name, u, o);
    return { ...report, counts: countsOf(report) };
  });
  return { upstream, ours, mixins, notCompared, moved: movedBetweenMixins(mixins) };
}

/**
 * Alerts and records that one mixin has only upstream and another only ours: the same rule, placed
 * in another mixin (node-exporter's `node:node_num_cpu:sum` is kubernetes-mixin's upstream).
 */
function movedBetweenMixins(mixins) {
  const moved = [];
  for (const [kind, name] of [
    ['alerts', (entry) => entry.alert],
    ['records', (entry) => entry],
  ]) {
    const ourHome = new Map();
    for (const mixin of mixins)
      for (const entry of mixin[kind].onlyOurs) ourHome.set(name(entry), mixin.mixin);
    for (const mixin of mixins) {
      for (const entry of mixin[kind].onlyUpstream) {
        const ours = ourHome.get(name(entry));
        if (ours) moved.push({ [kind.slice(0, -1)]: name(entry), upstream: mixin.mixin, ours });
      }
    }
  }
  return moved.sort((a, b) => byText(a.alert ?? a.record, b.alert ?? b.record));
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeDifferences(lines, differences, indent) {
  const pad = ' '.repeat(indent);
  if (differences.severity) {
    lines.push(
      `${pad}severity: upstream ${differences.severity.upstream}, ours ${differences.severity.ours}`,
    );
  }
  if (differences.for)
    lines.push(`${pad}for: upstream ${differences.for.upstream}, ours ${differences.for.ours}`);
  if (differences.keepFiringFor) {
    lines.push(
      `${pad}keep_firing_for: upstream ${differences.keepFiringFor.upstream}, ours ${differences.keepFiringFor.ours}`,
    );
  }
  if (differences.labels) {
    const { onlyUpstream, onlyOurs, changed } = differences.labels;
    const parts = [];
    if (Object.keys(onlyUpstream).length) parts.push(`only upstream ${labelText(onlyUpstream)}`);
    if (Object.keys(onlyOurs).length) parts.push(`only ours ${labelText(onlyOurs)}`);
    for (const [key, { upstream, ours }] of Object.entries(changed)) {
      parts.push(`${key} upstream ${JSON.stringify(upstream)}, ours ${JSON.stringify(ours)}`);
    }
    lines.push(`${pad}labels: ${parts.join('; ')}`);
  }
  if (differences.expr) {
    lines.push(`${pad}expr (${differences.expr.kind}):`);
    lines.push(`${pad}  upstream: ${differences.expr.upstream}`);
    lines.push(`${pad}  ours:     ${differences.expr.ours}`);
  }
}

function summaryLine(mixin) {
  const { alerts, records, differences } = mixin.counts;
  const kinds = Object.entries(differences.expr).map(([kind, n]) => `${n} ${kind}`);
  const what = [
    kinds.length ? `expr ${kinds.join(', ')}` : '',
    differences.for ? `for ${differences.for}` : '',
    differences.severity ? `severity ${differences.severity}` : '',
    differences.labels ? `labels ${differences.labels}` : '',
    differences.ruleCount ? `rule count ${differences.ruleCount}` : '',
  ].filter(Boolean);
  return (
    `${mixin.mixin}: alerts ${alerts.onlyUpstream} only upstream, ${alerts.onlyOurs} only ours, ` +
    `${alerts.differ} differ${what.length ? ` (${what.join('; ')})` : ''}, ${alerts.same} same; ` +
    `records ${records.onlyUpstream} only upstream, ${records.onlyOurs} only ours, ${records.differ} differ, ${records.same} same`
  );
}

/** The report as text for people, one section per mixin and a summary. */
export function formatText(report) {
  const lines = [`upstream: ${report.upstream}`, `ours: ${report.ours}`];
  for (const mixin of report.mixins) {
    lines.push('', `== ${mixin.mixin} (upstream: ${mixin.upstream.sources.join(', ')})`);
    const side = (counts, kind) => `${counts[kind]} (${plural(counts[`${kind.slice(0, -1)}Rules`], 'rule')})`;
    lines.push(
      `alerts: ${side(mixin.upstream, 'alerts')} upstream, ${side(mixin.ours, 'alerts')} ours; ` +
        `records: ${side(mixin.upstream, 'records')} upstream, ${side(mixin.ours, 'records')} ours`,
    );
    const list = (title, items, show) => {
      if (!items.length) return;
      lines.push(`${title} (${items.length}):`);
      for (const item of items) lines.push(`  ${show(item)}`);
    };
    const alertLine = (entry) =>
      `${entry.alert} (${entry.rules.map((rule) => `${rule.severity ?? 'no severity'}, for ${rule.for}`).join('; ')})`;
    list('alerts only upstream', mixin.alerts.onlyUpstream, alertLine);
    list('alerts only ours', mixin.alerts.onlyOurs, alertLine);
    list('records only upstream', mixin.records.onlyUpstream, (name) => name);
    list('records only ours', mixin.records.onlyOurs, (name) => name);
    for (const kind of ['alerts', 'records']) {
      const differ = mixin[kind].differ;
      if (!differ.length) continue;
      lines.push(`${kind} that differ (${differ.length}):`);
      for (const entry of differ) {
        lines.push(`  ${entry.alert ?? entry.record}`);
        if (entry.ruleCount) {
          lines.push(`    rules: upstream ${entry.ruleCount.upstream}, ours ${entry.ruleCount.ours}`);
          for (const labels of entry.rulesOnlyUpstream) lines.push(`    rule only upstream: {${labels}}`);
          for (const labels of entry.rulesOnlyOurs) lines.push(`    rule only ours: {${labels}}`);
        }
        describeDifferences(lines, entry, 4);
        for (const rule of entry.rules ?? []) {
          if (rule.rule !== undefined) {
            lines.push(`    rule {${rule.rule}}:`);
            describeDifferences(lines, rule, 6);
          } else {
            describeDifferences(lines, rule, 4);
          }
        }
      }
    }
    if (mixin.unparsed) lines.push(`not parsed as PromQL (compared as text): ${mixin.unparsed.join(', ')}`);
  }
  lines.push('', 'summary:');
  for (const mixin of report.mixins) lines.push(`  ${summaryLine(mixin)}`);
  for (const entry of report.moved) {
    lines.push(
      `  in another mixin: ${entry.alert ?? entry.record} (upstream ${entry.upstream}, ours ${entry.ours})`,
    );
  }
  if (report.notCompared.upstream.length) {
    lines.push(`  upstream mixins without one of ours: ${report.notCompared.upstream.join(', ')}`);
  }
  if (report.notCompared.ours.length) {
    lines.push(`  our mixins not upstream here: ${report.notCompared.ours.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Exports our mixins with the built CLI into a temporary folder; returns it and how to clean up. */
function exportOurs(stack) {
  const cli = join(workspaceRoot, 'packages/mixstack/dist/cli.js');
  if (!existsSync(cli)) {
    throw new InputError(`${cli} is not built: run \`npm run build\` first, or pass --ours DIR`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'mixins-compare-'));
  const output = join(dir, 'mixins');
  const result = spawnSync(process.execPath, [cli, 'mixins', ...(stack ? [stack] : []), '-o', output], {
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new InputError(`mixstack mixins failed:\n${result.stderr || result.stdout}`);
  }
  return { output, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function parseArgs(argv) {
  const options = { json: false };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--mixin') options.mixin = value();
    else if (arg === '--ours') options.ours = value();
    else if (arg === '--stack') options.stack = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (options.help) return options;
  if (positional.length !== 1) throw new UsageError('give exactly one UPSTREAM path');
  if (options.ours && options.stack) throw new UsageError('--ours and --stack exclude each other');
  options.upstream = positional[0];
  return options;
}

/**
 * Runs the command; paths are relative to `cwd` (npm's INIT_CWD: where `npm run` was typed).
 * @returns {{ code: number, stdout: string, stderr: string }}
 */
export function run(argv, cwd = process.env.INIT_CWD ?? process.cwd()) {
  let cleanup = () => {};
  try {
    const options = parseArgs(argv);
    if (options.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    const upstream = resolve(cwd, options.upstream);
    // Read upstream first: a wrong path should not wait for an export.
    loadRuleSets(upstream);
    let ours = options.ours && resolve(cwd, options.ours);
    let oursLabel = options.ours;
    if (!ours) {
      const exported = exportOurs(options.stack && resolve(cwd, options.stack));
      ours = exported.output;
      cleanup = exported.cleanup;
      oursLabel = `mixstack mixins ${options.stack ?? '(default stack)'}`;
    }
    const report = compareMixins({ upstream, ours, mixin: options.mixin });
    const shown = { ...report, upstream: options.upstream, ours: oursLabel };
    const stdout = options.json ? `${JSON.stringify(shown, null, 2)}\n` : formatText(shown);
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    if (error instanceof InputError)
      return { code: 2, stdout: '', stderr: `mixins:compare: ${error.message}\n` };
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, stdout: '', stderr: `mixins:compare: ${error.message}\n\n${USAGE}\n` };
  } finally {
    cleanup();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { code, stdout, stderr } = run(process.argv.slice(2));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
}
