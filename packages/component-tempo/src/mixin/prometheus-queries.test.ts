import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dashboard, dashboardExpressions, substituteGrafanaVariables } from '@mixstack/core';
import {
  activeAlerts,
  freePort,
  metricNamesIn,
  metricsWithoutSeries,
  type PrometheusServer,
  type RuleFiles,
  runDashboardQueries,
  type StartedProcess,
  startProcess,
  startPrometheus,
  unhealthyRules,
  variableValues,
  waitFor,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { CLUSTER, SCOPE } from './dashboards.js';
import {
  type Exporter,
  SERVICE,
  startSpanMetricsExporter,
  startTempoExporter,
  TEMPO_POD,
} from './exporter.test-helpers.js';
import { DASHBOARDS } from './mixin.js';
import { ROUTE_RECORDS, tempoAlerts, tempoRecordingRules } from './rules.js';

/**
 * Every PromQL query of the mixin's dashboards (panel targets on Prometheus and the PromQL
 * inside the variables' label_values), with the variables filled in as Grafana would, runs
 * against a real Prometheus 2.42 that loads the mixin's rules and scrapes fixture exporters:
 * Tempo's metrics as job `tempo`, and the span-metrics and service-graph series of Tempo's
 * metrics-generator as job `spanmetrics` (in a cluster the generator remote-writes them; the
 * dashboards never select them by job). Each twice, as a fleet's store holds them: the
 * Prometheus' own cluster (Tempo's series without a `cluster` label, the span metrics with the
 * one the generator adds) and another cluster, `west` (every series labelled). No query may
 * fail, and every panel has data, with the `cluster` variable on "All" (its default) and on one
 * cluster: a misspelt metric or label, a join that breaks on real data, or a record that lost
 * the cluster shows here. The rules evaluate with health ok. A second Prometheus with exemplar
 * storage on shows that the latency panels marked for exemplars get the trace ids the generator
 * attaches.
 *
 * Not here: the TraceQL panels and the node graph, which need a real Tempo (none is installed
 * for the tests); core parses their TraceQL with Tempo's grammar (mixin.test.ts).
 */

const ruleFiles = (): RuleFiles => ({
  'tempo-rules.yaml': { groups: tempoRecordingRules() },
  'tempo-alerts.yaml': { groups: tempoAlerts() },
});

const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build()] as const);

/** The cluster of the Prometheus' own span metrics (the generator labels them), and another cluster. */
const OWN = 'east';
const OTHER = 'west';

type Json = Record<string, unknown>;

let tempo: Exporter | undefined;
let spans: Exporter | undefined;
let otherTempo: Exporter | undefined;
let otherSpans: Exporter | undefined;
let server: PrometheusServer | undefined;

/** The number of clusters (no label counts as one) with a series of `expr`. */
const clustersOf = async (expr: string) =>
  Number((await server!.query(`count(count by (cluster) (${expr}))`))[0]?.value[1] ?? 0);

beforeAll(async () => {
  tempo = await startTempoExporter();
  spans = await startSpanMetricsExporter(OWN);
  otherTempo = await startTempoExporter(OTHER);
  otherSpans = await startSpanMetricsExporter(OTHER);
  server = await startPrometheus({
    ruleFiles: ruleFiles(),
    scrape: {
      tempo: [tempo.address, otherTempo.address],
      spanmetrics: [spans.address, otherSpans.address],
    },
  });
  // rate() needs two samples of every series; the records an evaluation after that.
  await waitFor('two scrapes of each exporter', async () => {
    const own = await clustersOf('rate(tempo_request_duration_seconds_count{job="tempo"}[1m])');
    const generated = await clustersOf('rate(traces_spanmetrics_calls_total[1m])');
    return own === 2 && generated === 2 ? true : undefined;
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
  await Promise.all([tempo, spans, otherTempo, otherSpans].map((e) => e?.stop()));
});

/**
 * Grafana's substitution: the cluster as chosen (`.*` is "All"), the fixture's namespace and
 * service; `$__rate_interval` and friends by core's stand-ins.
 */
const concreteFor =
  (cluster: string) =>
  (expr: string): string =>
    substituteGrafanaVariables(expr)
      .replace(/\$(?:cluster(?!\w)|\{cluster\})/g, cluster)
      .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, TEMPO_POD.namespace)
      .replace(/\$(?:service(?!\w)|\{service\})/g, SERVICE);

/** "All", the default of the `cluster` variable. */
const concrete = concreteFor('.*');

/** The PromQL of a dashboard: targets of its Prometheus panels and its variables. */
const promqlOf = (dashboard: Dashboard) =>
  dashboardExpressions(dashboard).filter((e) => e.language === 'promql');

test('the Prometheus loads every rule group and evaluates every rule with health ok', async () => {
  const groups = await server!.ruleGroups();
  expect(groups.map((g) => g.name).sort()).toEqual(['tempo_alerts', 'tempo_rules']);
  const rules = groups.flatMap((g) => g.rules);
  expect(rules).toHaveLength(6 + tempoAlerts()[0]!.rules.length);
  expect(unhealthyRules(groups)).toEqual([]);
});

test('the fixture, a healthy Tempo, trips none of the alerts (not even pending)', async () => {
  // Alerts in `pending` or `firing` on the fixture: it is a healthy Tempo, so none may be.
  expect(activeAlerts(await server!.ruleGroups())).toEqual([]);
});

test('every metric the rules and dashboards read is one a fixture exposes (no misspelt name)', async () => {
  const exprs = [
    ...[...tempoRecordingRules(), ...tempoAlerts()].flatMap((g) => g.rules.map((r) => r.expr)),
    ...dashboards.flatMap(([, d]) => promqlOf(d).map((e) => e.expression)),
  ];
  // Recorded series carry a colon and are checked with the panels; these are scraped ones.
  const names = metricNamesIn(exprs, [
    'tempo',
    'tempodb',
    'traces',
    'process',
    'go',
    'prometheus_remote_storage',
  ]);
  expect(names.length).toBeGreaterThan(30);
  expect(await metricsWithoutSeries(server!, names)).toEqual([]);
});

describe.each(dashboards)('%s', (file, dashboard) => {
  test('every PromQL query runs on Prometheus 2.42 without an error, and every panel has data (cluster "All")', async () => {
    const expressions = promqlOf(dashboard);
    const promPanels = (dashboard.panels as Json[]).filter(
      (p) => p.type !== 'row' && (p.datasource as { type?: string } | undefined)?.type === 'prometheus',
    );
    expect(expressions.length).toBe(
      promPanels.reduce((n, p) => n + ((p.targets as unknown[]) ?? []).length, 0) + 2,
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
    const services = ['checkout', 'frontend', 'payments'];
    if (file === 'service-overview.json') {
      expect(await variableValues(server!, dashboard, concrete)).toEqual({
        cluster: [OWN, OTHER],
        service: services,
      });
      expect(await variableValues(server!, dashboard, concreteFor(OTHER))).toEqual({
        cluster: [OWN, OTHER],
        service: services,
      });
    } else {
      // The own cluster's Tempo has no `cluster` label: "All" is the way to it.
      const namespace = [TEMPO_POD.namespace];
      expect(await variableValues(server!, dashboard, concrete)).toEqual({ cluster: [OTHER], namespace });
      expect(await variableValues(server!, dashboard, concreteFor(OTHER))).toEqual({
        cluster: [OTHER],
        namespace,
      });
      expect(await variableValues(server!, dashboard, concreteFor('north'))).toEqual({
        cluster: [OTHER],
        namespace: [],
      });
    }
  });
});

describe('the cluster variable selects', () => {
  const clustersIn = async (expr: string, cluster: string) =>
    (await server!.query(concreteFor(cluster)(expr))).map((s) => s.metric.cluster ?? '(none)').sort();

  test("Tempo's series (and the records) of the chosen cluster only; on All, those with and without the label", async () => {
    for (const series of ['tempo_build_info', ROUTE_RECORDS.countRate]) {
      const expr = `count by (cluster) (${series}{${SCOPE}})`;
      expect(await clustersIn(expr, OTHER), series).toEqual([OTHER]);
      expect(await clustersIn(expr, '.*'), series).toEqual(['(none)', OTHER]);
      expect(await clustersIn(expr, 'north'), series).toEqual([]);
    }
  });

  test('the span metrics of the chosen cluster only', async () => {
    const expr = `count by (cluster) (traces_spanmetrics_calls_total{${CLUSTER}, service="$service"})`;
    expect(await clustersIn(expr, OWN)).toEqual([OWN]);
    expect(await clustersIn(expr, '.*')).toEqual([OWN, OTHER]);
  });
});

describe('exemplars (a Prometheus with exemplar storage)', () => {
  let exemplarServer: StartedProcess | undefined;
  let url = '';
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mixstack-tempo-exemplars-'));
    const address = `127.0.0.1:${await freePort()}`;
    url = `http://${address}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 'spanmetrics', static_configs: [{ targets: [spans!.address] }] }],
      }),
    );
    exemplarServer = startProcess('prometheus', [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--enable-feature=exemplar-storage',
    ]);
    await waitFor('exemplars scraped', async () => {
      const response = await fetch(`${url}/api/v1/query_exemplars?query=traces_spanmetrics_latency_bucket`);
      const body = (await response.json()) as { data?: unknown[] };
      return (body.data?.length ?? 0) > 0 ? true : undefined;
    });
  }, 60_000);

  afterAll(async () => {
    await exemplarServer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every target asking for exemplars gets trace ids of the chosen service', async () => {
    const targets = dashboards.flatMap(([file, d]) =>
      (d.panels as Json[]).flatMap((p) =>
        ((p.targets as Json[] | undefined) ?? [])
          .filter((t) => t.exemplar === true)
          .map((t) => ({ file, title: p.title as string, expr: t.expr as string })),
      ),
    );
    const overview = targets.filter((t) => t.file === 'service-overview.json');
    expect(overview.map((t) => t.title)).toEqual([
      'Latency',
      'Latency',
      'Latency',
      'Latency (p95) by operation',
    ]);
    const end = Date.now() / 1000;
    for (const { title, expr } of overview) {
      const query = encodeURIComponent(concrete(expr));
      const response = await fetch(
        `${url}/api/v1/query_exemplars?query=${query}&start=${end - 300}&end=${end}`,
      );
      const body = (await response.json()) as {
        status: string;
        data: { seriesLabels: Record<string, string>; exemplars: { labels: Record<string, string> }[] }[];
      };
      expect(body.status, title).toBe('success');
      expect(body.data.length, title).toBeGreaterThan(0);
      for (const series of body.data) {
        expect(series.seriesLabels.service, title).toBe(SERVICE);
        expect(series.seriesLabels.span_kind).toMatch(/SPAN_KIND_(SERVER|CONSUMER)/);
        for (const exemplar of series.exemplars) expect(exemplar.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
      }
    }
  });
});
