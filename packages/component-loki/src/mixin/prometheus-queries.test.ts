import { type Dashboard, dashboardExpressions, substituteGrafanaVariables } from '@mixstack/core';
import {
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
import { LOKI_POD, type LokiExporter, startLokiExporter } from './exporter.test-helpers.js';
import { lokiLogAlerts } from './log-rules.js';
import { DASHBOARDS } from './mixin.js';
import { lokiAlerts, lokiRecordingRules, ROUTE_RECORDS } from './rules.js';

/**
 * Every PromQL query of the mixin's dashboards (panel targets and the PromQL inside the
 * variables' label_values), with the variables filled in as Grafana would, runs against a real
 * Prometheus 2.42 that loads the mixin's rules and scrapes a fixture exporter with Loki's metric
 * names as job `loki`. No query may fail, and every panel has data: a misspelt metric or label,
 * or a join that breaks on real data, shows here. The rules evaluate with health ok.
 *
 * Not here: the Logs dashboard's LogQL and the log alerts, which need a real Loki (none is
 * installed for the tests); core parses them with Loki's grammar (mixin.test.ts).
 */

const ruleFiles = (): RuleFiles => ({
  'loki-rules.yaml': { groups: lokiRecordingRules() },
  'loki-alerts.yaml': { groups: lokiAlerts() },
});

/** The dashboards queried here: those on Prometheus (the Logs dashboard is on Loki). */
const promDashboards = Object.entries(DASHBOARDS)
  .filter(([file]) => file !== 'logs.json')
  .map(([file, build]) => [file, build()] as const);

let exporter: LokiExporter | undefined;
let server: PrometheusServer | undefined;

beforeAll(async () => {
  exporter = await startLokiExporter();
  server = await startPrometheus({ ruleFiles: ruleFiles(), scrape: { loki: [exporter.address] } });
  // rate() needs two samples of every series; the records an evaluation after that.
  await waitFor('two scrapes of Loki', async () =>
    (await server!.query('count(rate(loki_request_duration_seconds_count{job="loki"}[1m]))')).length > 0
      ? true
      : undefined,
  );
  await waitFor('the recording rules and every rule evaluated', async () => {
    const recorded = await server!.query(`count(${ROUTE_RECORDS.p99})`);
    const groups = await server!.ruleGroups();
    const evaluated = groups.flatMap((g) => g.rules).every((r) => r.health !== 'unknown');
    return recorded.length > 0 && groups.length === 2 && evaluated ? true : undefined;
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await exporter?.stop();
});

/**
 * Grafana's substitution: the cluster chosen (`.*` is "All", the default), the namespace of the
 * fixture pod; `$__rate_interval` and friends by core's stand-ins.
 */
const concreteIn =
  (cluster: string) =>
  (expr: string): string =>
    substituteGrafanaVariables(expr)
      .replace(/\$(?:cluster(?!\w)|\{cluster\})/g, cluster)
      .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, LOKI_POD.namespace);

/** The queries as the dashboards open: the cluster on "All". */
const concrete = concreteIn('.*');

/** `up` has no namespace label here: the test's Prometheus scrapes the fixture by address. */
const allowEmpty = (query: string) => query.includes('up{');

test('the Prometheus loads every rule group and evaluates every rule with health ok', async () => {
  const groups = await server!.ruleGroups();
  expect(groups.map((g) => g.name).sort()).toEqual(['loki_alerts', 'loki_rules']);
  const rules = groups.flatMap((g) => g.rules);
  expect(rules).toHaveLength(18 + lokiAlerts()[0]!.rules.length);
  expect(unhealthyRules(groups)).toEqual([]);
});

test('every metric the rules and dashboards read is one the fixture exposes (no misspelt name)', async () => {
  const exprs = [
    ...[...lokiRecordingRules(), ...lokiAlerts()].flatMap((g) => g.rules.map((r) => r.expr)),
    ...promDashboards.flatMap(([, d]) => dashboardExpressions(d).map((e) => e.expression)),
  ];
  // Recorded series carry a colon and are checked with the panels; these are scraped ones.
  const names = metricNamesIn(exprs, ['loki', 'process', 'go']);
  expect(names.length).toBeGreaterThan(20);
  expect(await metricsWithoutSeries(server!, names, 'job="loki"')).toEqual([]);
});

test("the ruler's log alerts are not loaded into Prometheus (they are LogQL)", () => {
  const loaded = JSON.stringify(ruleFiles());
  for (const rule of lokiLogAlerts().flatMap((g) => g.rules)) expect(loaded).not.toContain(rule.alert);
});

describe.each(promDashboards)('%s', (_, dashboard) => {
  test('every query runs on Prometheus 2.42 without an error, and every panel has data', async () => {
    const expressions = dashboardExpressions(dashboard as Dashboard);
    const panels = (dashboard.panels as { type: string; targets?: unknown[] }[]).filter(
      (p) => p.type !== 'row',
    );
    // Every target, and the cluster and namespace variables.
    expect(expressions.length).toBe(panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0) + 2);
    // `up` has no namespace label here: the test's Prometheus scrapes the fixture by address,
    // without the Kubernetes service discovery that adds it in a cluster.
    const { failures, empty } = await runDashboardQueries(server!, dashboard, concrete, { allowEmpty });
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  test("with the fixture's cluster chosen every panel has data; with a cluster without a Loki, no query has", async () => {
    const chosen = await runDashboardQueries(server!, dashboard, concreteIn(LOKI_POD.cluster), {
      allowEmpty,
    });
    expect(chosen.failures).toEqual([]);
    expect(chosen.empty).toEqual([]);
    const other = await runDashboardQueries(server!, dashboard, concreteIn('north'));
    expect(other.failures).toEqual([]);
    // Every query but the cluster variable's (it lists the clusters) follows the choice.
    const following = dashboardExpressions(dashboard).filter((e) => e.expression.includes('$cluster'));
    expect(following.length).toBe(dashboardExpressions(dashboard).length - 1);
    expect(other.empty.map((line) => line.split(':')[0])).toEqual(following.map((e) => e.path));
  });

  test("the cluster variable lists the fixture's cluster; the namespace variable the fixture pod's", async () => {
    expect(await variableValues(server!, dashboard, concrete)).toEqual({
      cluster: [LOKI_POD.cluster],
      namespace: [LOKI_POD.namespace],
    });
  });
});
