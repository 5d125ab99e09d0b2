import { type Dashboard, dashboardExpressions, substituteGrafanaVariables } from '@mixstack/core';
import {
  activeAlerts,
  type LabelledTarget,
  metricNamesIn,
  metricsWithoutSeries,
  type PrometheusServer,
  runDashboardQueries,
  startPrometheus,
  unhealthyRules,
  variableValues,
  waitFor,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JOBS, type ThanosPart } from '../jobs.js';
import { ALERT_GROUPS, thanosAlerts } from './alerts.js';
import { type Exporter, startThanosExporter } from './exporter.test-helpers.js';
import { DASHBOARDS } from './mixin.js';

/**
 * Every PromQL query of the mixin's dashboards (panel targets and the PromQL inside the cluster
 * variable), with the variables filled in as Grafana would, runs against a real Prometheus that
 * loads the mixin's alerts and scrapes fixture exporters on 127.0.0.1 under the parts' exact
 * jobs, laid out as the fleet example: Query, Query Frontend, Store Gateway and Compactor in
 * the observer cluster, a sidecar (with its Prometheus) in each of two clusters. No query may
 * fail, and every panel has data, with the cluster variable on "All" and on one cluster: a
 * misspelt metric or label, or a join that breaks on real data, shows here. The alerts evaluate
 * with health ok, read the fixture, and a healthy Thanos trips none of them.
 */

const OBSERVER = 'observer';
const CLUSTERS = ['prod-eu', 'prod-us'] as const;
const pod = (cluster: string, name: string) => ({ cluster, namespace: 'monitoring', pod: name });

/** Where each fixture runs: the part (or the Prometheus next to a sidecar), its job, its pod's labels. */
type Fixture = [ThanosPart | 'prometheus', string, Record<string, string>];
const FIXTURES: readonly Fixture[] = [
  ['query', JOBS.query, pod(OBSERVER, 'thanos-query-0')],
  ['queryFrontend', JOBS.queryFrontend, pod(OBSERVER, 'thanos-query-frontend-0')],
  ['store', JOBS.store, pod(OBSERVER, 'thanos-store-0')],
  ['compact', JOBS.compact, pod(OBSERVER, 'thanos-compact-0')],
  ...CLUSTERS.flatMap((cluster): Fixture[] => [
    ['sidecar', JOBS.sidecar, pod(cluster, 'prometheus-k8s-0')],
    ['prometheus', 'prometheus-k8s', pod(cluster, 'prometheus-k8s-0')],
  ]),
];

const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build()] as const);

type Json = Record<string, unknown>;

let exporters: Exporter[] = [];
let server: PrometheusServer | undefined;

beforeAll(async () => {
  exporters = await Promise.all(FIXTURES.map(([part]) => startThanosExporter(part)));
  const scrape: Record<string, LabelledTarget[]> = {};
  FIXTURES.forEach(([, job, labels], i) => {
    scrape[job] = [...(scrape[job] ?? []), { address: exporters[i]!.address, labels }];
  });
  server = await startPrometheus({ ruleFiles: { 'thanos-alerts.yaml': { groups: thanosAlerts() } }, scrape });
  // rate() needs two samples of every series; then every rule evaluated once.
  await waitFor('two scrapes of each exporter', async () => {
    const counted = await server!.query('count(rate(process_cpu_seconds_total{job=~"thanos-.+"}[1m]))');
    return Number(counted[0]?.value[1]) === 6 ? true : undefined;
  });
  await waitFor('every rule evaluated', async () => {
    const groups = await server!.ruleGroups();
    return groups.flatMap((g) => g.rules).every((r) => r.health !== 'unknown') ? true : undefined;
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all(exporters.map((e) => e.stop()));
});

/** Grafana's substitution: `$cluster` as chosen (its "All" is `.*`); `$__rate_interval` and friends by core's stand-ins. */
const concreteFor =
  (cluster: string) =>
  (expr: string): string =>
    substituteGrafanaVariables(expr).replace(/\$(?:cluster(?!\w)|\{cluster\})/g, cluster);

const promqlOf = (dashboard: Dashboard) =>
  dashboardExpressions(dashboard).filter((e) => e.language === 'promql');

test('the Prometheus loads every alert group and evaluates every rule with health ok', async () => {
  const groups = await server!.ruleGroups();
  expect(groups.map((g) => g.name).sort()).toEqual(Object.values(ALERT_GROUPS).sort());
  expect(groups.flatMap((g) => g.rules)).toHaveLength(thanosAlerts().flatMap((g) => g.rules).length);
  expect(unhealthyRules(groups)).toEqual([]);
});

test('the fixture, a healthy Thanos in three clusters, trips none of the alerts (not even pending)', async () => {
  expect(activeAlerts(await server!.ruleGroups())).toEqual([]);
});

test('the alerts read the fixture: each expression without its comparisons has a result', async () => {
  // The comparisons are what keep a healthy Thanos silent; without them every expression must
  // find its series and join them. The "is down" alerts select what is missing, and
  // ThanosCompactHasNotRun needs a day of history (its first half is checked below).
  const missing: string[] = [];
  for (const rule of thanosAlerts().flatMap((g) => g.rules)) {
    if (rule.alert.endsWith('IsDown') || rule.alert === 'ThanosCompactHasNotRun') continue;
    const value = rule.expr.replace(/\s*(==|>|<)\s*[\d.]+( \* [\d.]+)?$/gm, '');
    expect(value, rule.alert).not.toBe(rule.expr);
    if ((await server!.query(value)).length === 0) missing.push(rule.alert);
  }
  expect(missing).toEqual([]);
  const notRun = thanosAlerts()
    .flatMap((g) => g.rules)
    .find((r) => r.alert === 'ThanosCompactHasNotRun')!;
  expect(await server!.query(notRun.expr.split('\n')[0]!)).toHaveLength(1);
});

test('every metric the alerts and dashboards read is one a fixture exposes (no misspelt name)', async () => {
  const exprs = [
    ...thanosAlerts().flatMap((g) => g.rules.map((r) => r.expr)),
    ...dashboards.flatMap(([, d]) => promqlOf(d).map((e) => e.expression)),
  ];
  // gRPC's label names (`by (grpc_method, grpc_code)`) look like metric names: left out.
  const names = metricNamesIn(exprs, ['thanos', 'grpc', 'http', 'process', 'go', 'prometheus']).filter(
    (name) => !/^grpc_(code|method|service|type)$/.test(name),
  );
  expect(names.length).toBeGreaterThan(40);
  expect(await metricsWithoutSeries(server!, names)).toEqual([]);
});

describe.each(dashboards)('%s', (file, dashboard) => {
  test('every PromQL query runs on the real Prometheus without an error, and every panel has data', async () => {
    const expressions = promqlOf(dashboard);
    const promPanels = (dashboard.panels as Json[]).filter(
      (p) => p.type !== 'row' && (p.datasource as { type?: string } | undefined)?.type === 'prometheus',
    );
    expect(expressions.length).toBe(
      promPanels.reduce((n, p) => n + ((p.targets as unknown[]) ?? []).length, 0) + 1,
    );
    const { failures, empty } = await runDashboardQueries(server!, dashboard, concreteFor('.*'));
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  test('its cluster variable lists the clusters where its parts run', async () => {
    const expected =
      file === 'overview.json'
        ? [OBSERVER, ...CLUSTERS]
        : file === 'sidecar.json'
          ? [...CLUSTERS]
          : [OBSERVER];
    expect(await variableValues(server!, dashboard, concreteFor('.*'))).toEqual({ cluster: expected });
  });
});

test('one cluster chosen: every sidecar panel has data, of that cluster only', async () => {
  const sidecar = DASHBOARDS['sidecar.json']!();
  const { failures, empty } = await runDashboardQueries(server!, sidecar, concreteFor('prod-eu'));
  expect(failures).toEqual([]);
  expect(empty).toEqual([]);
  const byCluster = await server!.query(
    concreteFor('prod-eu')(
      promqlOf(sidecar).find((e) => e.expression.includes('thanos_shipper_uploads_total'))!.expression,
    ),
  );
  expect(byCluster.map((s) => s.metric.cluster)).toEqual(['prod-eu']);
  // The overview's sidecar panels split by cluster on "All".
  const overview = DASHBOARDS['overview.json']!();
  const shipped = promqlOf(overview).find((e) => e.expression.includes('thanos_shipper_uploads_total'))!;
  const all = await server!.query(concreteFor('.*')(shipped.expression));
  expect(all.map((s) => s.metric.cluster).sort()).toEqual([...CLUSTERS]);
});
