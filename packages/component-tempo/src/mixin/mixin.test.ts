import {
  addMixin,
  alertsOf,
  createStack,
  DATASOURCE_UIDS,
  type Dashboard,
  dashboardExpressions,
  definePart,
  findSyntaxError,
  recordingRulesOf,
  renderMixins,
} from '@mixstack/core';
import { type AlertCases, grafanaVar, promtoolTests } from '@mixstack/kit';
import { describeRunbooks, promtoolCheckRules, promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { DISTRIBUTED_COMPONENTS, objectName, type TempoTarget } from '../distributed/components.js';
import { tempoAlertCases, tempoRecordCases } from './alerts.cases.js';
import { DASHBOARDS, MIXIN_NAME, tempoMixin } from './mixin.js';
import {
  ALERT_GROUP,
  RECORDING_GROUP,
  ROUTE_RECORDS,
  tempoAlerts,
  tempoRecordingRules,
  WORKLOAD_DOWN_IMPACT,
} from './rules.js';
import {
  exploreUrl,
  LOKI_DATASOURCE,
  SERVICE_ERROR_TRACES,
  SERVICE_IN_URL,
  SERVICE_LOGS,
  SERVICE_TRACES,
  serviceDashboard,
  TEMPO_DATASOURCE,
} from './service-dashboard.js';

/** Dashboards, walked by tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
type Json = Record<string, any>;

const PACKAGE = '@mixstack/component-tempo';

/**
 * The mixin in a stack of its own (the component adds it the same way), exported as `mixstack
 * mixins` does: core validates every rule's PromQL and the dashboards' PromQL and TraceQL on
 * the way, and throws on the first problem.
 */
const stackWith = (mixin: () => ReturnType<typeof tempoMixin>) =>
  createStack({}, [definePart('tempo-mixin', (s) => addMixin(s, PACKAGE, MIXIN_NAME, mixin))]);
const exported = () => renderMixins(stackWith(tempoMixin));

const ALERTS = [
  'TempoDown',
  'TempoComponentDown',
  'TempoRequestErrors',
  'TempoRequestLatency',
  'TempoTraceQLQueryErrors',
  'TempoReceiverRefusingSpans',
  'TempoDiscardingSpans',
  'TempoBlockFlushesFailing',
  'TempoBackendJobsFailing',
  'TempoRetentionFailing',
  'TempoBlocksNotDeleted',
  'TempoMetricsGeneratorRemoteWriteFailing',
  'TempoMetricsGeneratorDiscardingSpans',
  'TempoServiceGraphsDroppingSpans',
];

describe('the tempo mixin', () => {
  test('is exported in the monitoring-mixins layout: alerts, records and dashboards, validated by core', () => {
    expect([...exported().keys()]).toEqual([
      `${MIXIN_NAME}/prometheus_alerts.yaml`,
      `${MIXIN_NAME}/prometheus_rules.yaml`,
      ...Object.keys(DASHBOARDS)
        .sort()
        .map((file) => `${MIXIN_NAME}/dashboards_out/${file}`),
    ]);
  });

  test('core refuses it when a PromQL query of a dashboard is broken', () => {
    const broken = () => {
      const mixin = tempoMixin();
      const panel = (mixin.grafanaDashboards!['tempo-writes.json']!.panels as Json[]).find((p) => p.targets)!;
      panel.targets[0].expr = 'sum(rate(tempo_distributor_spans_received_total[5m])';
      return mixin;
    };
    expect(() => renderMixins(stackWith(broken))).toThrow(/PromQL/);
  });

  test('core refuses it when the TraceQL of a panel is broken', () => {
    const broken = () => {
      const mixin = tempoMixin();
      const panel = (mixin.grafanaDashboards!['service-overview.json']!.panels as Json[]).find(
        (p) => p.title === 'Recent traces',
      )!;
      panel.targets[0].query = '{ resource.service.name = "$service" ';
      return mixin;
    };
    expect(() => renderMixins(stackWith(broken))).toThrow(/TraceQL/);
  });

  test('promtool check rules accepts its rule files', () => {
    const files = Object.fromEntries(
      [...exported()]
        .filter(([path]) => /\/prometheus_\w+\.yaml$/.test(path))
        .map(([path, text]) => [path.replace('/', '__'), parse(text) as { groups: unknown[] }]),
    );
    const { code, output } = promtoolCheckRules(files);
    expect(output).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(output).toContain('SUCCESS: 6 rules found');
    expect(code, output).toBe(0);
  });

  test('its alerts, in one group of upstream name', () => {
    const alerts = alertsOf(tempoMixin());
    expect(alerts.map((a) => a.rule.alert)).toEqual(ALERTS);
    expect(new Set(alerts.map((a) => a.group))).toEqual(new Set([ALERT_GROUP]));
  });

  test('the six request-duration records of upstream', () => {
    const records = recordingRulesOf(tempoMixin()).map((r) => r.rule.record);
    expect(records).toEqual(Object.values(ROUTE_RECORDS));
    expect(records).toContain('cluster_namespace_job_route:tempo_request_duration_seconds:99quantile');
    expect(tempoAlerts()[0]!.rules.find((r) => r.alert === 'TempoRequestLatency')!.expr).toContain(
      ROUTE_RECORDS.p99,
    );
  });

  test('the records keep the cluster (the dashboards select them by cluster), in one cluster as in many', () => {
    for (const { rule } of recordingRulesOf(tempoMixin())) {
      const groupings = [...rule.expr.matchAll(/by \(([^)]*)\)/g)].map((m) => m[1]);
      expect(groupings.length, rule.record).toBeGreaterThan(0);
      for (const by of groupings) expect(by, rule.record).toMatch(/(^|, )cluster, namespace, job, route$/);
    }
    expect(recordingRulesOf(tempoMixin(true))).toEqual(recordingRulesOf(tempoMixin(false)));
  });
});

describeRunbooks({ mixins: { [MIXIN_NAME]: tempoMixin() }, packageName: PACKAGE });

describe('promtool test rules', () => {
  const rules = { groups: [...tempoRecordingRules(), ...tempoAlerts()] };

  test('every alert fires when it should and stays silent when it should not; the records record', () => {
    expect(Object.keys(tempoAlertCases)).toEqual(ALERTS);
    for (const [alert, cases] of Object.entries(tempoAlertCases)) {
      expect(
        cases.some((c) => c.fires.length > 0),
        `${alert} fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c.fires.length === 0),
        `${alert} stays silent`,
      ).toBe(true);
    }
    expect(Object.keys(tempoRecordCases)).toEqual([RECORDING_GROUP]);
    const suite = promtoolSuite(rules, promtoolTests(tempoAlertCases, tempoRecordCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('multiCluster: a cluster whose distributor is down gets TempoComponentDown; one where nothing answers, TempoDown alone', () => {
    const up = (cluster: string, target: string, value: 0 | 1) => ({
      series: `up{cluster="${cluster}", namespace="monitoring", job="tempo-${target}", pod="tempo-${target}-0"}`,
      values: `${value}x15`,
    });
    const stack = (cluster: string, down: (target: string) => boolean) =>
      Object.keys(WORKLOAD_DOWN_IMPACT).map((target) => up(cluster, target, down(target) ? 0 : 1));
    const input = [
      ...stack('a', (target) => target === 'distributor'),
      ...stack('b', () => false),
      ...stack('c', () => true),
    ];
    const cases: AlertCases = {
      TempoComponentDown: [
        {
          name: 'fires for the distributor of a only',
          input,
          at: '10m',
          fires: [
            {
              labels: {
                severity: 'critical',
                cluster: 'a',
                namespace: 'monitoring',
                job: 'tempo-distributor',
              },
              summary: 'A workload of Tempo is down.',
              description: `No target of monitoring/tempo-distributor has answered a scrape for 5 minutes: ${WORKLOAD_DOWN_IMPACT.distributor}.`,
            },
          ],
        },
      ],
      TempoDown: [
        {
          name: 'fires for c only',
          input,
          at: '10m',
          fires: [
            {
              labels: { severity: 'critical', cluster: 'c' },
              summary: 'Tempo is down.',
              description: 'No Tempo target has answered a scrape for 5 minutes.',
            },
          ],
        },
      ],
    };
    const { code, output } = runPromtoolSuite(
      promtoolSuite({ groups: tempoAlerts(true) }, promtoolTests(cases)),
    );
    expect(code, output).toBe(0);
    const componentDown = (multiCluster: boolean) =>
      tempoAlerts(multiCluster)[0]!.rules.find((r) => r.alert === 'TempoComponentDown')!.expr;
    expect(componentDown(true)).toBe(componentDown(false));
  });

  test("TempoComponentDown's description knows every workload of the distributed mode", () => {
    expect((Object.keys(WORKLOAD_DOWN_IMPACT) as TempoTarget[]).map(objectName).sort()).toEqual(
      DISTRIBUTED_COMPONENTS.map((c) => objectName(c.target)).sort(),
    );
    const description = tempoAlerts()[0]!.rules.find((r) => r.alert === 'TempoComponentDown')!.annotations!
      .description!;
    for (const c of DISTRIBUTED_COMPONENTS)
      expect(description).toContain(
        `eq $labels.job "${objectName(c.target)}" }}${WORKLOAD_DOWN_IMPACT[c.target]}`,
      );
  });

  test('the cases can fail: a wrong expectation is reported', () => {
    const [firing, silent] = [
      tempoAlertCases.TempoBlockFlushesFailing![0]!,
      tempoAlertCases.TempoBlockFlushesFailing![2]!,
    ];
    const wrong = { TempoBlockFlushesFailing: [{ ...silent, fires: firing.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: TempoBlockFlushesFailing');
  });

  test('a wrong recorded value is reported', () => {
    const [first] = tempoRecordCases[RECORDING_GROUP]!;
    const wrong = { [RECORDING_GROUP]: [{ ...first!, samples: [{ ...first!.samples[0]!, value: 0.5 }] }] };
    const { code } = runPromtoolSuite(promtoolSuite(rules, promtoolTests({}, wrong)));
    expect(code).not.toBe(0);
  });
});

describe('dashboards', () => {
  const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build() as Json] as const);

  test('the titles of upstream, and Service overview', () => {
    expect(dashboards.map(([, d]) => d.title)).toEqual([
      'Tempo / Writes',
      'Tempo / Reads',
      'Tempo / Operational',
      'Service overview',
    ]);
    for (const [, d] of dashboards) expect(d.tags).toEqual(['mixstack', 'tempo']);
  });

  test.each(dashboards)(
    '%s: every panel has a title, a description and a unit; none overlap',
    (_, dashboard) => {
      const panels = (dashboard.panels as Json[]).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThanOrEqual(4);
      const ids = (dashboard.panels as Json[]).map((p) => p.id);
      expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
      const cells = new Set<string>();
      for (const panel of dashboard.panels as Json[]) {
        expect(panel.title).toMatch(/\S/);
        const { x, y, w, h } = panel.gridPos;
        expect(x + w).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            expect(cells.has(`${i},${j}`), panel.title).toBe(false);
            cells.add(`${i},${j}`);
          }
        if (panel.type === 'row') continue;
        expect(panel.description, panel.title).toMatch(/\S/);
        expect(panel.fieldConfig?.defaults?.unit, panel.title).toMatch(/\S/);
      }
    },
  );

  test('the Tempo dashboards scope every query to the chosen Tempo', () => {
    for (const [file, dashboard] of dashboards.filter(([f]) => f !== 'service-overview.json')) {
      const expressions = dashboardExpressions(dashboard as Dashboard);
      expect(expressions.length, file).toBeGreaterThan(5);
      for (const { path, language, expression } of expressions) {
        expect(language).toBe('promql');
        if (path.startsWith('templating')) continue;
        expect(expression, `${file} ${path}`).toContain(
          'cluster=~"$cluster", namespace="$namespace", job=~"tempo(-.+)?"',
        );
      }
    }
  });

  test('Service overview: RED of the chosen service from span metrics, exemplars on every latency panel', () => {
    const dashboard = serviceDashboard() as Json;
    const variables = dashboard.templating.list as Json[];
    expect(variables.map((v) => v.name)).toEqual(['datasource', 'cluster', 'service']);
    expect(variables[2]!.query).toBe(
      'label_values(traces_spanmetrics_calls_total{cluster=~"$cluster"}, service)',
    );
    const promql = dashboardExpressions(dashboard as Dashboard).filter(
      (e) => e.language === 'promql' && !e.path.startsWith('templating'),
    );
    for (const { path, expression } of promql) {
      expect(expression, path).toMatch(/traces_(spanmetrics|service_graph)_/);
      // Span metrics are written by Tempo's generator, not scraped from Tempo: no job to select.
      expect(expression, path).not.toContain('job=');
      expect(expression, path).toMatch(/(service|server|client)="\$service"/);
    }
    const panels = dashboard.panels as Json[];
    const latency = panels.filter((p) => p.type === 'timeseries' && p.fieldConfig.defaults.unit === 's');
    expect(latency.map((p) => p.title)).toEqual(['Latency', 'Latency (p95) by operation']);
    for (const panel of latency) {
      for (const target of panel.targets) {
        expect(target.exemplar, panel.title).toBe(true);
        expect(target.expr).toContain('traces_spanmetrics_latency_bucket');
      }
    }
    expect(latency[0]!.targets.map((t: Json) => t.expr.match(/histogram_quantile\(([\d.]+),/)[1])).toEqual([
      '0.5',
      '0.95',
      '0.99',
    ]);
    const titles = panels.map((p) => p.title);
    for (const title of [
      'Requests',
      'Errors',
      'Requests by operation',
      'Error ratio by operation',
      'Called by',
      'Calls',
    ])
      expect(titles).toContain(title);
  });

  test('Service overview: the service graph and traces on Tempo, TraceQL parsed by core', () => {
    const dashboard = serviceDashboard() as Json;
    const panels = dashboard.panels as Json[];
    const graph = panels.find((p) => p.type === 'nodeGraph')!;
    expect(TEMPO_DATASOURCE).toEqual({ type: 'tempo', uid: DATASOURCE_UIDS.tempo });
    expect(graph.datasource).toEqual(TEMPO_DATASOURCE);
    expect(graph.targets).toEqual([
      expect.objectContaining({
        queryType: 'serviceMap',
        serviceMapQuery: [
          '{cluster=~"$cluster", server="$service"}',
          '{cluster=~"$cluster", client="$service"}',
        ],
      }),
    ]);
    const traceql = dashboardExpressions(dashboard as Dashboard).filter((e) => e.language === 'traceql');
    expect(traceql.map((e) => e.expression)).toEqual([SERVICE_TRACES, SERVICE_ERROR_TRACES]);
    for (const { expression } of traceql)
      expect(findSyntaxError('traceql', expression), expression).toBeUndefined();
    // The grammar refuses a broken one: the check above can fail.
    expect(findSyntaxError('traceql', '{ resource.service.name = }')).toBeDefined();
  });

  test('Service overview: links to the service in Tempo and in Loki, with its name filled in by Grafana', () => {
    const links = (serviceDashboard() as Json).links as Json[];
    const external = links.filter((l) => l.type === 'link');
    expect(external.map((l) => l.title)).toEqual(['Traces of $service (Tempo)', 'Logs of $service (Loki)']);
    const panes = (url: string) => {
      const query = new URLSearchParams(url.slice(url.indexOf('?') + 1));
      return JSON.parse(query.get('panes')!) as Json;
    };
    const traces = panes(external[0]!.url).a;
    expect(traces.datasource).toBe(DATASOURCE_UIDS.tempo);
    expect(traces.queries[0]).toEqual(
      expect.objectContaining({
        datasource: TEMPO_DATASOURCE,
        queryType: 'traceql',
        query: `{ resource.service.name = "${SERVICE_IN_URL}" }`,
      }),
    );
    expect(traces.range).toEqual({ from: grafanaVar('__from'), to: grafanaVar('__to') });
    const logs = panes(external[1]!.url).a;
    expect(logs.datasource).toBe(DATASOURCE_UIDS.loki);
    expect(logs.queries[0]).toEqual(
      expect.objectContaining({ datasource: LOKI_DATASOURCE, expr: `{app="${SERVICE_IN_URL}"}` }),
    );
    expect(findSyntaxError('logql', SERVICE_LOGS)).toBeUndefined();
    expect(findSyntaxError('traceql', traces.queries[0].query)).toBeUndefined();
    // The variables stay readable: Grafana replaces them in the URL before following it.
    expect(external[0]!.url).toContain(SERVICE_IN_URL);
    expect(SERVICE_IN_URL).toMatch(/^\$\{service:percentencode\}$/);
    expect(exploreUrl(LOKI_DATASOURCE, { expr: '{a="b"}' })).not.toMatch(/%24%7B/);
  });

  test('are built fresh for every call', () => {
    for (const build of Object.values(DASHBOARDS)) {
      const [a, b] = [build(), build()];
      expect(a).toEqual(b);
      expect(a).not.toBe(b);
      expect(a.panels).not.toBe(b.panels);
    }
  });
});
