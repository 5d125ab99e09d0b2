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
 * against a real Prometheus 2.42 that loads the mixin's rules and scrapes two fixture exporters:
 * Tempo's metrics as job `tempo`, and the span-metrics and service-graph series of Tempo's
 * metrics-generator as job `spanmetrics` (in a cluster the generator remote-writes them; the
 * dashboards never select them by job). No query may fail, and every panel has data: a misspelt
 * metric or label, or a join that breaks on real data, shows here. The rules evaluate with
 * health ok. A second Prometheus with exemplar storage on shows that the latency panels marked
 * for exemplars get the trace ids the generator attaches.
 *
 * Not here: the TraceQL panels and the node graph, which need a real Tempo (none is installed
 * for the tests); core parses their TraceQL with Tempo's grammar (mixin.test.ts).
 */

const ruleFiles = (): RuleFiles => ({
  'tempo-rules.yaml': { groups: tempoRecordingRules() },
  'tempo-alerts.yaml': { groups: tempoAlerts() },
});

const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build()] as const);

type Json = Record<string, unknown>;

let tempo: Exporter | undefined;
let spans: Exporter | undefined;
let server: PrometheusServer | undefined;

beforeAll(async () => {
  tempo = await startTempoExporter();
  spans = await startSpanMetricsExporter();
  server = await startPrometheus({
    ruleFiles: ruleFiles(),
    scrape: { tempo: [tempo.address], spanmetrics: [spans.address] },
  });
  // rate() needs two samples of every series; the records an evaluation after that.
  await waitFor('two scrapes of each exporter', async () => {
    const own = await server!.query('count(rate(tempo_request_duration_seconds_count{job="tempo"}[1m]))');
    const generated = await server!.query('count(rate(traces_spanmetrics_calls_total[1m]))');
    return own.length > 0 && generated.length > 0 ? true : undefined;
  });
  await waitFor('the recording rules and every rule evaluated', async () => {
    const recorded = await server!.query(`count(${ROUTE_RECORDS.p99})`);
    const groups = await server!.ruleGroups();
    const evaluated = groups.flatMap((g) => g.rules).every((r) => r.health !== 'unknown');
    return recorded.length > 0 && groups.length === 2 && evaluated ? true : undefined;
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await tempo?.stop();
  await spans?.stop();
});

/** Grafana's substitution: the fixture's namespace and service; `$__rate_interval` and friends by core's stand-ins. */
function concrete(expr: string): string {
  return substituteGrafanaVariables(expr)
    .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, TEMPO_POD.namespace)
    .replace(/\$(?:service(?!\w)|\{service\})/g, SERVICE);
}

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

describe.each(dashboards)('%s', (_, dashboard) => {
  test('every PromQL query runs on Prometheus 2.42 without an error, and every panel has data', async () => {
    const expressions = promqlOf(dashboard);
    const promPanels = (dashboard.panels as Json[]).filter(
      (p) => p.type !== 'row' && (p.datasource as { type?: string } | undefined)?.type === 'prometheus',
    );
    expect(expressions.length).toBe(
      promPanels.reduce((n, p) => n + ((p.targets as unknown[]) ?? []).length, 0) + 1,
    );
    const { failures, empty } = await runDashboardQueries(server!, dashboard, concrete, {
      // `up` has no namespace label here: the test's Prometheus scrapes the fixture by address,
      // without the Kubernetes service discovery that adds it in a cluster.
      allowEmpty: (query) => query.includes('up{'),
    });
    expect(failures).toEqual([]);
    expect(empty).toEqual([]);
  });

  test('its variable lists the fixture', async () => {
    const values = await variableValues(server!, dashboard, concrete);
    expect(Object.keys(values)).toHaveLength(1);
    if ('service' in values) expect(values.service).toEqual(['checkout', 'frontend', 'payments']);
    else expect(values).toEqual({ namespace: [TEMPO_POD.namespace] });
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
