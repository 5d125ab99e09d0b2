import { type Dashboard, dashboardExpressions, substituteGrafanaVariables } from '@mixstack/core';
import {
  activeAlerts,
  metricNamesIn,
  metricsWithoutSeries,
  type PrometheusServer,
  type RuleFiles,
  runDashboardQueries,
  startPrometheus,
  unhealthyRules,
  variableValues,
  waitFor,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COLLECTOR_SCOPE, SCOPE } from './dashboards.js';
import {
  ALLOY_POD,
  type Exporter,
  PROFILER_POD,
  PYROSCOPE_POD,
  startAlloyExporter,
  startPyroscopeExporter,
} from './exporter.test-helpers.js';
import { DASHBOARDS } from './mixin.js';
import {
  ALERT_GROUP,
  pyroscopeAlerts,
  pyroscopeRecordingRules,
  RECORDING_GROUP,
  ROUTE_RECORDS,
} from './rules.js';

/**
 * Every PromQL query of the mixin's dashboards (panel targets on Prometheus and the PromQL
 * inside the variables' label_values), with the variables filled in as Grafana would, runs
 * against a real Prometheus that loads the mixin's rules and scrapes fixture exporters on
 * 127.0.0.1: Pyroscope's metrics as job `pyroscope`, and the pyroscope.write metrics of the
 * collector (job `alloy`) and of its eBPF profiler (job `alloy-profiler`, in a namespace of its
 * own). Each twice, as a fleet's store holds them: the Prometheus' own cluster (series without a
 * `cluster` label) and another cluster, `west` (every series labelled). No query may fail, and
 * every panel has data, with the `cluster` variable on "All" (its default) and on one cluster: a
 * misspelt metric or label, a join that breaks on real data, or a record that lost the cluster
 * shows here. The rules evaluate with health ok, and the fixture, a healthy Pyroscope in two
 * clusters, trips none of the alerts.
 */

const ruleFiles = (): RuleFiles => ({
  'pyroscope-rules.yaml': { groups: pyroscopeRecordingRules() },
  'pyroscope-alerts.yaml': { groups: pyroscopeAlerts() },
});

const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build()] as const);

/** The cluster whose series carry the label (the Prometheus' own carry none). */
const OTHER = 'west';

type Json = Record<string, unknown>;

let exporters: Exporter[] = [];
let server: PrometheusServer | undefined;

/** The number of clusters (no label counts as one) with a series of `expr`. */
const clustersOf = async (expr: string) =>
  Number((await server!.query(`count(count by (cluster) (${expr}))`))[0]?.value[1] ?? 0);

beforeAll(async () => {
  // The Prometheus' own cluster's, then the other cluster's.
  exporters = await Promise.all(
    [undefined, OTHER].flatMap((cluster) => [
      startPyroscopeExporter(cluster),
      startAlloyExporter(ALLOY_POD, cluster),
      startAlloyExporter(PROFILER_POD, cluster),
    ]),
  );
  const addresses = (index: number) => [exporters[index]!.address, exporters[index + 3]!.address];
  server = await startPrometheus({
    ruleFiles: ruleFiles(),
    scrape: { pyroscope: addresses(0), alloy: addresses(1), 'alloy-profiler': addresses(2) },
  });
  // rate() needs two samples of every series; the records an evaluation after that.
  await waitFor('two scrapes of each exporter', async () => {
    const own = await clustersOf('rate(pyroscope_request_duration_seconds_count{job="pyroscope"}[1m])');
    const collector = await server!.query(
      'count(rate(pyroscope_write_sent_profiles_total{job=~"alloy|alloy-profiler"}[1m]))',
    );
    return own === 2 && Number(collector[0]?.value[1]) === 4 ? true : undefined;
  });
  await waitFor('the recording rules and every rule evaluated', async () => {
    const recorded = await clustersOf(ROUTE_RECORDS.p99);
    const groups = await server!.ruleGroups();
    const evaluated = groups.flatMap((g) => g.rules).every((r) => r.health !== 'unknown');
    return recorded === 2 && groups.length === 2 && evaluated ? true : undefined;
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all(exporters.map((e) => e.stop()));
});

/**
 * Grafana's substitution: the cluster as chosen (`.*` is "All"), the fixture's namespace;
 * `$__rate_interval` and friends by core's stand-ins.
 */
const concreteFor =
  (cluster: string) =>
  (expr: string): string =>
    substituteGrafanaVariables(expr)
      .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, PYROSCOPE_POD.namespace)
      .replace(/\$(?:cluster(?!\w)|\{cluster\})/g, cluster);

/** "All", the default of the `cluster` variable. */
const concrete = concreteFor('.*');

/** The PromQL of a dashboard: targets of its Prometheus panels and its variables. */
const promqlOf = (dashboard: Dashboard) =>
  dashboardExpressions(dashboard).filter((e) => e.language === 'promql');

test('the Prometheus loads every rule group and evaluates every rule with health ok', async () => {
  const groups = await server!.ruleGroups();
  expect(groups.map((g) => g.name).sort()).toEqual([ALERT_GROUP, RECORDING_GROUP]);
  const rules = groups.flatMap((g) => g.rules);
  expect(rules).toHaveLength(pyroscopeRecordingRules()[0]!.rules.length + pyroscopeAlerts()[0]!.rules.length);
  expect(unhealthyRules(groups)).toEqual([]);
});

test('every record has a series on the fixture', async () => {
  const empty: string[] = [];
  for (const { record } of pyroscopeRecordingRules()[0]!.rules)
    if ((await server!.query(`count(${record})`)).length === 0) empty.push(record);
  expect(empty).toEqual([]);
});

test("the collector's panels show both collectors, the profiler in its own namespace", async () => {
  const series = await server!.query(
    'sum by (namespace, job, endpoint) (rate(pyroscope_write_sent_profiles_total{cluster="", job=~"alloy|alloy-profiler"}[1m]))',
  );
  expect(series.map((s) => `${s.metric.namespace}/${s.metric.job}`).sort()).toEqual([
    'monitoring-profiler/alloy-profiler',
    'monitoring/alloy',
  ]);
});

test('the fixture, a healthy Pyroscope, trips none of the alerts (not even pending)', async () => {
  expect(activeAlerts(await server!.ruleGroups())).toEqual([]);
});

test('the alerts read the fixture: each expression without its threshold has a result', async () => {
  // The comparison at the end is what keeps a healthy Pyroscope silent; without it, every
  // expression (PyroscopeDown and PyroscopeMetastoreNoLeader aside, which select what is missing)
  // must find its series and join them.
  const missing: string[] = [];
  for (const rule of pyroscopeAlerts()[0]!.rules) {
    if (rule.alert === 'PyroscopeDown' || rule.alert === 'PyroscopeMetastoreNoLeader') continue;
    const value = rule.expr.replace(/\s*>\s*[\d.]+\s*$/, '');
    expect(value, rule.alert).not.toBe(rule.expr);
    if ((await server!.query(value)).length === 0) missing.push(rule.alert);
  }
  expect(missing).toEqual([]);
  // PyroscopeMetastoreNoLeader's first half (a metastore is there) has a result; the leader removes it.
  expect(
    await server!.query('max by (cluster, namespace, job) (pyroscope_metastore_raft_state{job="pyroscope"})'),
  ).toHaveLength(2);
});

test('every metric the rules and dashboards read is one a fixture exposes (no misspelt name)', async () => {
  const exprs = [
    ...[...pyroscopeRecordingRules(), ...pyroscopeAlerts()].flatMap((g) => g.rules.map((r) => r.expr)),
    ...dashboards.flatMap(([, d]) => promqlOf(d).map((e) => e.expression)),
  ];
  // Recorded series carry a colon and are checked with the panels; these are scraped ones.
  const names = metricNamesIn(exprs, ['pyroscope', 'process', 'go']);
  expect(names.length).toBeGreaterThan(20);
  expect(await metricsWithoutSeries(server!, names)).toEqual([]);
});

describe.each(dashboards)('%s', (_, dashboard) => {
  test('every PromQL query runs on the real Prometheus without an error, and every panel has data (cluster "All")', async () => {
    const expressions = promqlOf(dashboard);
    const variables = (dashboard.templating as { list: { type: string }[] }).list.filter(
      (v) => v.type === 'query',
    ).length;
    const promPanels = (dashboard.panels as Json[]).filter(
      (p) => p.type !== 'row' && (p.datasource as { type?: string } | undefined)?.type === 'prometheus',
    );
    expect(expressions.length).toBe(
      promPanels.reduce((n, p) => n + ((p.targets as unknown[]) ?? []).length, 0) + variables,
    );
    const { failures, empty } = await runDashboardQueries(server!, dashboard, concrete, {
      // `up` has no namespace label here: the test's Prometheus scrapes the fixture by address,
      // without the Kubernetes service discovery that adds it in a cluster.
      allowEmpty: (query) => query.includes('up{'),
    });
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  test('one cluster chosen: every panel has data', async () => {
    const { failures, empty } = await runDashboardQueries(server!, dashboard, concreteFor(OTHER), {
      allowEmpty: (query) => query.includes('up{'),
    });
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  test('its variables list the fixture: the clusters whose series carry the label, then what the chosen one has', async () => {
    // The own cluster's Pyroscope has no `cluster` label: "All" is the way to it.
    const namespace = [PYROSCOPE_POD.namespace];
    expect(await variableValues(server!, dashboard, concrete)).toEqual({ cluster: [OTHER], namespace });
    expect(await variableValues(server!, dashboard, concreteFor(OTHER))).toEqual({
      cluster: [OTHER],
      namespace,
    });
    expect(await variableValues(server!, dashboard, concreteFor('north'))).toEqual({
      cluster: [OTHER],
      namespace: [],
    });
  });
});

describe('the cluster variable selects', () => {
  const clustersIn = async (expr: string, cluster: string) =>
    (await server!.query(concreteFor(cluster)(expr))).map((s) => s.metric.cluster ?? '(none)').sort();

  test("Pyroscope's series, the records and the collector's of the chosen cluster only; on All, those with and without the label", async () => {
    for (const expr of [
      `count by (cluster) (pyroscope_build_info{${SCOPE}})`,
      `count by (cluster) (${ROUTE_RECORDS.countRate}{${SCOPE}})`,
      `count by (cluster) (pyroscope_write_sent_profiles_total{${COLLECTOR_SCOPE}})`,
    ]) {
      expect(await clustersIn(expr, OTHER), expr).toEqual([OTHER]);
      expect(await clustersIn(expr, '.*'), expr).toEqual(['(none)', OTHER]);
      expect(await clustersIn(expr, 'north'), expr).toEqual([]);
    }
  });
});
