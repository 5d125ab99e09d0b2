import {
  type AlertingRule,
  alertsOf,
  createStack,
  type DeepPartial,
  type Mixin,
  type RecordingRule,
  recordingRulesOf,
  render,
  runbookUrl,
  type Stack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import type { PrometheusOptions } from '../config.js';
import { dashboardsOf, type MixinName } from '../dashboards/index.js';
import { prometheus } from '../prometheus.js';
import { MIXIN_CASES } from './cases.index.js';
import { RECORDS } from './records.js';

/** The mixins a stack renders, as the PrometheusRules and Grafana see them (after every patch). */
function mixinsOf(stack: Stack): Record<string, Mixin> {
  return render(stack).sections.mixins as Record<string, Mixin>;
}
const stackWith = (options: DeepPartial<PrometheusOptions> = {}, common = {}) =>
  createStack(common, [prometheus(options)]);

const DEFAULT = mixinsOf(stackWith());
const alerts = (mixins: Record<string, Mixin>) => Object.values(mixins).flatMap((mixin) => alertsOf(mixin));
const records = (mixins: Record<string, Mixin>) =>
  Object.values(mixins).flatMap((mixin) => recordingRulesOf(mixin));
const alertNames = (mixins: Record<string, Mixin>) => new Set(alerts(mixins).map(({ rule }) => rule.alert));

/**
 * Alerts about the cluster as a whole: their descriptions need no label, the cluster (an
 * external label) is what Alertmanager shows. Anything else must name what fails where.
 */
const CLUSTER_WIDE = new Set([
  'Watchdog',
  'KubeStateMetricsShardingMismatch',
  'KubeStateMetricsShardsMissing',
  'KubeCPUOvercommit',
  'KubeMemoryOvercommit',
  'KubeCPUQuotaOvercommit',
  'KubeMemoryQuotaOvercommit',
  'KubeVersionMismatch',
  'KubeAPITerminatedRequests',
  'KubeletDown',
  'KubeAPIDown',
  'KubeSchedulerDown',
  'KubeControllerManagerDown',
]);

/** Alerts that fire at once (`for: 0s`), and why. */
const IMMEDIATE: Record<string, string> = {
  Watchdog: 'always true by design',
  InfoInhibitor: 'mirrors info alerts that already waited their own for',
  KubeNodeEviction: 'its expression already spans 15 minutes of evictions',
};

describe('the mixins of prometheus()', () => {
  test('one per part, kebab-case, each with its Grafana folder title and dashboards', () => {
    expect(
      Object.fromEntries(
        Object.entries(DEFAULT)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, mixin]) => [name, mixin.title]),
      ),
    ).toEqual({
      alertmanager: 'Alertmanager',
      'kube-prometheus': 'kube-prometheus',
      'kube-state-metrics': 'kube-state-metrics',
      kubernetes: 'Kubernetes',
      'node-exporter': 'Node Exporter',
      prometheus: 'Prometheus',
      'prometheus-operator': 'Prometheus Operator',
    });
    const values = render(stackWith()).values;
    for (const [name, mixin] of Object.entries(DEFAULT)) {
      expect(Object.keys(mixin.grafanaDashboards ?? {}), name).toEqual(
        Object.keys(dashboardsOf(name as MixinName, values)),
      );
    }
  });

  test.each([
    ['nodeExporter', 'node-exporter'],
    ['kubeStateMetrics', 'kube-state-metrics'],
    ['alertmanager', 'alertmanager'],
    ['operator', 'prometheus-operator'],
    ['controlPlane', 'kubernetes'],
  ] as const)('%s: false leaves out the %s mixin with its part', (part, mixin) => {
    const mixins = mixinsOf(stackWith({ [part]: false }));
    expect(Object.keys(mixins)).not.toContain(mixin);
    expect(Object.keys(mixins)).toHaveLength(Object.keys(DEFAULT).length - 1);
  });

  test('without Alertmanager, not being connected to one is no alert', () => {
    expect(alertNames(DEFAULT)).toContain('PrometheusNotConnectedToAlertmanagers');
    expect(alertNames(mixinsOf(stackWith({ alertmanager: false })))).not.toContain(
      'PrometheusNotConnectedToAlertmanagers',
    );
  });

  test('a managed control plane has no scheduler and controller-manager groups', () => {
    const groups = (mixins: Record<string, Mixin>) =>
      mixins.kubernetes!.prometheusAlerts!.groups.map((group) => group.name);
    expect(groups(DEFAULT)).toEqual(
      expect.arrayContaining(['kubernetes-system-scheduler', 'kubernetes-system-controller-manager']),
    );
    const managedMixins = mixinsOf(stackWith({}, { managedControlPlane: true }));
    const managed = groups(managedMixins);
    expect(managed).not.toContain('kubernetes-system-scheduler');
    expect(managed).not.toContain('kubernetes-system-controller-manager');
    expect(managed).toContain('kubernetes-system-apiserver');
    // No rule reads their jobs at all (KubeVersionMismatch compares the jobs that are scraped).
    for (const { rule } of [...alerts(managedMixins), ...records(managedMixins)])
      expect(rule.expr).not.toMatch(/kube-scheduler|kube-controller-manager/);
  });

  test.each([
    ['kubelet', ['KubeletDown', 'KubeletInstanceUnreachable']],
    ['apiserver', ['KubeAPIDown', 'KubeAPIInstanceUnreachable']],
    ['kubeScheduler', ['KubeSchedulerDown', 'KubeSchedulerInstanceUnreachable']],
    ['kubeControllerManager', ['KubeControllerManagerDown', 'KubeControllerManagerInstanceUnreachable']],
  ] as const)(
    'controlPlane.%s: false leaves out %j (a target nobody scrapes is not down)',
    (target, names) => {
      const present = alertNames(DEFAULT);
      const without = alertNames(mixinsOf(stackWith({ controlPlane: { [target]: false } })));
      for (const name of names) {
        expect(present).toContain(name);
        expect(without).not.toContain(name);
      }
      expect(without.size).toBe(present.size - names.length);
    },
  );

  test('the rules select the jobs of the stack: names and namespace follow the options', () => {
    const mixins = mixinsOf(
      createStack({ namespace: 'obs' }, [prometheus({ name: 'main', alertmanager: { name: 'ops' } })]),
    );
    const exprs = (name: string) => alertsOf(mixins[name]!).map(({ rule }) => rule.expr);
    for (const expr of exprs('prometheus')) expect(expr).toContain('job="prometheus-main", namespace="obs"');
    for (const expr of exprs('alertmanager'))
      expect(expr).toContain('job="alertmanager-ops", namespace="obs"');
    for (const expr of exprs('prometheus-operator').filter((e) => e.includes('prometheus_operator_')))
      expect(expr).toContain('job="prometheus-operator", namespace="obs"');
  });

  test('the build summary counts the alerts per severity and the recording rules', () => {
    const { summary } = render(stackWith());
    expect(summary.alerts.total).toBe(alerts(DEFAULT).length);
    expect(summary.recordingRules).toBe(records(DEFAULT).length);
    expect(Object.keys(summary.alerts.bySeverity).sort()).toEqual(['critical', 'info', 'warning']);
  });
});

describe.each(Object.keys(DEFAULT))('every alert of mixin %s', (name) => {
  const mixin = DEFAULT[name]!;

  test.each(alertsOf(mixin).map(({ group, rule }) => [`${group}/${rule.alert}`, rule] as const))(
    '%s: severity, summary, description with labels, runbook, for',
    (_, rule: AlertingRule) => {
      expect(rule.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.labels?.severity).toMatch(/^(critical|warning|info)$/);
      // Only the burn-rate windows besides the severity: rules are told apart by name and severity.
      expect(
        Object.keys(rule.labels ?? {}).filter((l) => !['severity', 'long', 'short'].includes(l)),
      ).toEqual([]);
      expect(Object.keys(rule.annotations ?? {}).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(rule.annotations!.runbook_url).toBe(runbookUrl(rule.alert));
      // The same summary for every instance groups well in notifications; the description has the labels.
      expect(rule.annotations!.summary).toMatch(/^[A-Za-z].+\.$/);
      expect(rule.annotations!.summary).not.toContain('{{');
      expect(rule.annotations!.description).toMatch(/\.$/);
      expect(
        /\$labels\.\w+/.test(rule.annotations!.description!),
        'the description names what fails where',
      ).toBe(!CLUSTER_WIDE.has(rule.alert));
      expect(rule.for).toMatch(/^[0-9]+[smhd]$/);
      if (rule.for === '0s') expect(IMMEDIATE[rule.alert], `${rule.alert} has for: 0s`).toBeDefined();
    },
  );
});

test('the cluster-wide alerts really are: their cases fire with no label naming a smaller scope', () => {
  const allowed = new Set(['severity', 'cluster', 'job', 'metrics_path']);
  for (const cases of Object.values(MIXIN_CASES)) {
    for (const [alert, list] of Object.entries(cases!.alerts)) {
      if (!CLUSTER_WIDE.has(alert)) continue;
      for (const c of list)
        for (const fired of c.fires)
          expect(
            Object.keys(fired.labels).filter((label) => !allowed.has(label)),
            `${alert}: ${c.name}`,
          ).toEqual([]);
    }
  }
});

describe('rule and group names (lib overrides address rules by group and name)', () => {
  test('alert groups and recording groups are told apart by the .rules suffix', () => {
    for (const [name, mixin] of Object.entries(DEFAULT)) {
      for (const group of mixin.prometheusAlerts?.groups ?? [])
        expect(group.name, name).not.toMatch(/\.rules$/);
      for (const group of mixin.prometheusRules?.groups ?? []) expect(group.name, name).toMatch(/\.rules$/);
    }
  });

  test('every record is named level:metric:operations', () => {
    for (const { rule } of records(DEFAULT))
      expect(rule.record).toMatch(/^[a-z_]*:[A-Za-z0-9_]+(:[A-Za-z0-9_:]*)?$/);
  });

  test('records of the same name in one group differ by their static labels', () => {
    for (const mixin of Object.values(DEFAULT)) {
      for (const group of mixin.prometheusRules?.groups ?? []) {
        const keys = group.rules.map(
          (rule: RecordingRule) => `${rule.record}${JSON.stringify(rule.labels ?? {})}`,
        );
        expect(new Set(keys).size, group.name).toBe(keys.length);
      }
    }
  });

  test('every record name that dashboards read (records.ts) is recorded', () => {
    const recorded = new Set(records(DEFAULT).map(({ rule }) => rule.record));
    for (const name of Object.values(RECORDS)) expect(recorded, name).toContain(name);
  });
});

/**
 * Grouping clauses of every aggregation and vector match must keep the `cluster` label:
 * `by (...)` and `on (...)` name it, `without (...)` and `ignoring (...)` do not. Functions such
 * as `absent()` and `vector()` have no input labels to keep (the external label names the
 * cluster of what they return).
 */
function clusterProblems(expr: string): string[] {
  const text = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const problems: string[] = [];
  const aggregation =
    /\b(sum|avg|min|max|count|group|stddev|stdvar|topk|bottomk|quantile|count_values)\b\s*(by|without)?\s*(\([^)]*\))?\s*\(/g;
  for (const match of text.matchAll(aggregation)) {
    const [whole, op, modifier, labels = ''] = match;
    if (!modifier) problems.push(`${op} without a grouping drops the cluster: ${whole}`);
    else if (modifier === 'by' && !/\bcluster\b/.test(labels)) problems.push(`${whole} drops the cluster`);
    else if (modifier === 'without' && /\bcluster\b/.test(labels))
      problems.push(`${whole} drops the cluster`);
  }
  for (const match of text.matchAll(/\b(on|ignoring)\s*\(([^)]*)\)/g)) {
    const [whole, kind, labels = ''] = match;
    if ((kind === 'on') !== /\bcluster\b/.test(labels))
      problems.push(`${whole} does not match on the cluster`);
  }
  // A grouping after the aggregated expression (`sum(x) by (a)`) is a style we do not write: the scan above would miss it.
  for (const match of text.matchAll(/\)\s*(by|without)\s*\(/g))
    problems.push(`postfix grouping: ${match[0]}`);
  return problems;
}

describe('the cluster label', () => {
  test('the scan finds what it should', () => {
    expect(clusterProblems('sum(rate(x[5m]))')).toHaveLength(1);
    expect(clusterProblems('sum by (namespace) (x)')).toHaveLength(1);
    expect(clusterProblems('max without (cluster) (x)')).toHaveLength(1);
    expect(clusterProblems('a / on (namespace) b')).toHaveLength(1);
    expect(clusterProblems('a / ignoring (cluster) b')).toHaveLength(1);
    expect(clusterProblems('sum(x) by (cluster)')).toHaveLength(2);
    expect(clusterProblems('max_over_time(x[5m]) > 0 and absent(y{a="sum(b)"})')).toEqual([]);
    expect(
      clusterProblems('sum by (cluster, pod) (x) / on (cluster, pod) group_left (node) max without (le) (y)'),
    ).toEqual([]);
  });

  test.each(
    Object.entries(mixinsOf(stackWith({}, {}))).flatMap(([name, mixin]) => [
      ...alertsOf(mixin).map(({ rule }) => [name, rule.alert, rule.expr]),
      ...recordingRulesOf(mixin).map(({ rule }) => [name, rule.record, rule.expr]),
    ]),
  )('%s/%s keeps it through every aggregation and match', (_, __, expr) => {
    expect(clusterProblems(expr)).toEqual([]);
  });
});
