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
  substituteGrafanaVariables,
} from '@mixstack/core';
import { promtoolTests } from '@mixstack/kit';
import { describeRunbooks, promtoolCheckRules, promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { lokiAlertCases, lokiRecordCases } from './alerts.cases.js';
import { LOG_ALERT_GROUP, lokiLogAlerts } from './log-rules.js';
import { LOGS_SELECTOR, LOKI_DATASOURCE, logsDashboard, VARIABLE_STREAMS } from './logs-dashboard.js';
import { DASHBOARDS, lokiMixin, MIXIN_NAME } from './mixin.js';
import { ALERT_GROUP, lokiAlerts, lokiRecordingRules, RECORDING_GROUP, ROUTE_RECORDS } from './rules.js';

/** Dashboards, walked by tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
type Json = Record<string, any>;

const PACKAGE = '@mixstack/component-loki';

/**
 * The mixin in a stack of its own (the component adds it the same way), exported as `mixstack
 * mixins` does: core validates every rule's PromQL, the log alerts' LogQL and the dashboards'
 * queries on the way, and throws on the first problem.
 */
const stack = () =>
  createStack({}, [definePart('loki-mixin', (s) => addMixin(s, PACKAGE, MIXIN_NAME, () => lokiMixin()))]);
const exported = () => renderMixins(stack());

const ALERTS = [
  'LokiDown',
  'LokiRequestErrors',
  'LokiRequestPanics',
  'LokiRequestLatency',
  'LokiCompactorNotRunning',
  'LokiTooManyCompactorsRunning',
  'LokiCompactionNotSucceeding',
  'LokiRetentionNotApplied',
  'LokiIngestionRateLimited',
  'LokiDiscardingLines',
  'LokiRulerEvaluationFailures',
  'LokiRulerFailingToSendAlerts',
];

describe('the loki mixin', () => {
  test('is exported in the monitoring-mixins layout: alerts, records and dashboards, validated by core', () => {
    expect([...exported().keys()]).toEqual([
      `${MIXIN_NAME}/prometheus_alerts.yaml`,
      `${MIXIN_NAME}/prometheus_rules.yaml`,
      // The alerts over logs, for Loki's ruler (LogQL: promtool does not read them).
      `${MIXIN_NAME}/loki_alerts.yaml`,
      ...Object.keys(DASHBOARDS)
        .sort()
        .map((file) => `${MIXIN_NAME}/dashboards_out/${file}`),
    ]);
  });

  test('core refuses it when a query is broken (the validation above can fail)', () => {
    const broken = () => {
      const mixin = lokiMixin();
      (mixin.grafanaDashboards!['logs.json']!.panels as Json[])[1]!.targets[0].expr =
        '{namespace=~"$namespace"';
      return mixin;
    };
    const bad = createStack({}, [definePart('loki-mixin', (s) => addMixin(s, PACKAGE, MIXIN_NAME, broken))]);
    expect(() => renderMixins(bad)).toThrow(/LogQL/);
  });

  test('promtool check rules accepts its rule files', () => {
    const files = Object.fromEntries(
      [...exported()]
        .filter(([path]) => /\/prometheus_\w+\.yaml$/.test(path))
        .map(([path, text]) => [path.replace('/', '__'), parse(text) as { groups: unknown[] }]),
    );
    const { code, output } = promtoolCheckRules(files);
    expect(output).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(output).toContain('SUCCESS: 18 rules found');
    expect(code, output).toBe(0);
  });

  test('its alerts, in one group of upstream name', () => {
    const alerts = alertsOf(lokiMixin());
    expect(alerts.map((a) => a.rule.alert)).toEqual(ALERTS);
    expect(new Set(alerts.map((a) => a.group))).toEqual(new Set([ALERT_GROUP]));
  });

  test('the request-duration records of upstream, at its three levels', () => {
    const records = recordingRulesOf(lokiMixin()).map((r) => r.rule.record);
    expect(records).toHaveLength(18);
    for (const level of ['cluster_job', 'cluster_job_route', 'cluster_namespace_job_route'])
      for (const kind of ['99quantile', '50quantile', 'avg'])
        expect(records).toContain(`${level}:loki_request_duration_seconds:${kind}`);
    expect(lokiAlerts()[0]!.rules.find((r) => r.alert === 'LokiRequestLatency')!.expr).toContain(
      ROUTE_RECORDS.p99,
    );
  });
});

// Its alerts over metrics and over logs (LokiLogPanics), each with its runbook.
describeRunbooks({ mixins: { [MIXIN_NAME]: lokiMixin() }, packageName: PACKAGE });

describe('promtool test rules', () => {
  const rules = { groups: [...lokiRecordingRules(), ...lokiAlerts()] };

  test('every alert fires when it should and stays silent when it should not; the records record', () => {
    expect(Object.keys(lokiAlertCases)).toEqual(ALERTS);
    for (const [alert, cases] of Object.entries(lokiAlertCases)) {
      expect(
        cases.some((c) => c.fires.length > 0),
        `${alert} fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c.fires.length === 0),
        `${alert} stays silent`,
      ).toBe(true);
    }
    expect(Object.keys(lokiRecordCases)).toEqual([RECORDING_GROUP]);
    const suite = promtoolSuite(rules, promtoolTests(lokiAlertCases, lokiRecordCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('the cases can fail: a wrong expectation is reported', () => {
    const [firing, silent] = [lokiAlertCases.LokiRequestPanics![0]!, lokiAlertCases.LokiRequestPanics![1]!];
    const wrong = { LokiRequestPanics: [{ ...silent, fires: firing.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: LokiRequestPanics');
  });

  test('a wrong recorded value is reported', () => {
    const [first] = lokiRecordCases[RECORDING_GROUP]!;
    const wrong = { [RECORDING_GROUP]: [{ ...first!, samples: [{ ...first!.samples[0]!, value: 0.5 }] }] };
    const { code } = runPromtoolSuite(promtoolSuite(rules, promtoolTests({}, wrong)));
    expect(code).not.toBe(0);
  });
});

describe('log alerts (LogQL, for the ruler of Loki)', () => {
  test('are LogQL metric queries that parse', () => {
    const groups = lokiLogAlerts();
    expect(groups.map((g) => g.name)).toEqual([LOG_ALERT_GROUP]);
    for (const rule of groups.flatMap((g) => g.rules)) {
      expect(findSyntaxError('logql', rule.expr), rule.expr).toBeUndefined();
      // A log query alone cannot be an alert: the ruler needs a number per series.
      expect(rule.expr).toMatch(
        /^sum by \(namespace\) \(count_over_time\(\{.+\} \|= "panic" \[5m\]\)\) > \d+$/,
      );
    }
    expect(
      findSyntaxError('logql', 'sum(count_over_time({namespace=~".+"} |= "panic" [5m]) > 10'),
    ).toBeDefined();
  });

  test('are not PromQL (they go to Loki, not Prometheus)', () => {
    const promql = (lokiMixin().prometheusAlerts?.groups ?? []).flatMap((g) => g.rules.map((r) => r.alert));
    expect(promql).not.toContain('LokiLogPanics');
    expect(lokiMixin().logAlerts!.groups.flatMap((g) => g.rules.map((r) => r.alert))).toEqual([
      'LokiLogPanics',
    ]);
  });
});

describe('dashboards', () => {
  const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build() as Json] as const);

  test('the titles of upstream, and Logs', () => {
    expect(dashboards.map(([, d]) => d.title)).toEqual([
      'Loki / Writes',
      'Loki / Reads',
      'Loki / Operational',
      'Loki / Retention',
      'Logs',
    ]);
    for (const [, d] of dashboards) expect(d.tags).toEqual(['mixstack', 'loki']);
  });

  test.each(dashboards)(
    '%s: every panel has a title, a description and a unit; none overlap',
    (_, dashboard) => {
      const panels = (dashboard.panels as Json[]).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThanOrEqual(2);
      const cells = new Set<string>();
      for (const panel of panels) {
        expect(panel.title).toMatch(/\S/);
        expect(panel.description, panel.title).toMatch(/\S/);
        if (panel.type !== 'logs') expect(panel.fieldConfig?.defaults?.unit, panel.title).toMatch(/\S/);
        const { x, y, w, h } = panel.gridPos;
        expect(x + w).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            expect(cells.has(`${i},${j}`), panel.title).toBe(false);
            cells.add(`${i},${j}`);
          }
      }
    },
  );

  test('the Prometheus dashboards scope every query to the chosen Loki', () => {
    for (const [file, dashboard] of dashboards.filter(([f]) => f !== 'logs.json')) {
      const expressions = dashboardExpressions(dashboard as Dashboard);
      expect(expressions.length, file).toBeGreaterThan(3);
      for (const { path, language, expression } of expressions) {
        expect(language).toBe('promql');
        if (path.startsWith('templating')) continue;
        expect(expression, `${file} ${path}`).toContain(
          'cluster=~"$cluster", namespace="$namespace", job="loki"',
        );
      }
    }
  });

  test('the Logs dashboard: cluster, namespace, pod and container variables from Loki, and a logs panel', () => {
    const dashboard = logsDashboard() as Json;
    const variables = dashboard.templating.list as Json[];
    expect(variables.map((v) => [v.name, v.type, v.datasource])).toEqual([
      ['cluster', 'query', LOKI_DATASOURCE],
      ['namespace', 'query', LOKI_DATASOURCE],
      ['pod', 'query', LOKI_DATASOURCE],
      ['container', 'query', LOKI_DATASOURCE],
    ]);
    expect(LOKI_DATASOURCE).toEqual({ type: 'loki', uid: DATASOURCE_UIDS.loki });
    for (const variable of variables) {
      expect(variable.query.label).toBe(variable.name);
      expect(variable.includeAll).toBe(true);
      const stream = variable.query.stream as string;
      expect(stream).toBe(VARIABLE_STREAMS[variable.name as keyof typeof VARIABLE_STREAMS]);
      // The selectors the variables list values within are LogQL, with the variables filled in.
      if (stream !== '')
        expect(findSyntaxError('logql', stream.replaceAll(/\$\w+/g, '.+')), stream).toBeUndefined();
    }
    const logs = (dashboard.panels as Json[]).find((p) => p.type === 'logs')!;
    expect(logs.datasource).toEqual({ type: 'loki', uid: 'loki' });
    expect(logs.targets).toEqual([
      expect.objectContaining({
        datasource: { type: 'loki', uid: 'loki' },
        expr: '{cluster=~"$cluster", namespace=~"$namespace", pod=~"$pod", container=~"$container"}',
      }),
    ]);
    expect(LOGS_SELECTOR).toBe(logs.targets[0].expr);
    // Core finds both LogQL targets (the logs and their volume) and validates them at render.
    const expressions = dashboardExpressions(dashboard as Dashboard);
    expect(expressions.map((e) => e.language)).toEqual(['logql', 'logql']);
    for (const { expression } of expressions)
      expect(findSyntaxError('logql', substituteGrafanaVariables(expression))).toBeUndefined();
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
