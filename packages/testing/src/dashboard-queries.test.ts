import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dashboard } from '@mixstack/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  activeAlerts,
  metricNamesIn,
  metricsWithoutSeries,
  type PrometheusServer,
  runDashboardQueries,
  startPrometheus,
  unhealthyRules,
  variableValues,
  waitFor,
} from './index.js';

// A tiny fixture: one exporter with two series of one counter, in the namespace `shop`.
const exposition = (seconds: number) =>
  [
    `fixture_requests_total{namespace="shop",status="200"} ${Math.floor(seconds * 10)}`,
    `fixture_requests_total{namespace="shop",status="404"} ${Math.floor(seconds)}`,
  ].join('\n');

const rules = {
  groups: [
    {
      name: 'fixture',
      rules: [
        {
          record: 'namespace:fixture_requests:rate1m',
          expr: 'sum by (namespace) (rate(fixture_requests_total[1m]))',
        },
        // Two series on each side, none unique: fails at every evaluation.
        { record: 'fixture:broken_join', expr: 'fixture_requests_total + on () fixture_requests_total' },
        { alert: 'FixtureQuiet', expr: 'sum(rate(fixture_requests_total[1m])) < 0', for: '1m' },
        { alert: 'FixtureAlways', expr: 'vector(1)', for: '1h' },
      ],
    },
  ],
};

const prometheusPanel = (expr: string) => ({
  type: 'timeseries',
  datasource: { type: 'prometheus', uid: 'prometheus' },
  targets: [{ expr }],
});

const dashboard = {
  title: 'Fixture',
  panels: [
    prometheusPanel('sum(rate(fixture_requests_total{namespace="$namespace"}[$__rate_interval]))'),
    prometheusPanel('fixture_requests_total{namespace="$namespace", status="500"}'),
    prometheusPanel('fixture_requests_total + on () fixture_requests_total'),
    prometheusPanel('fixture_requests_total{pod="$pod"}'),
    {
      type: 'logs',
      datasource: { type: 'loki', uid: 'loki' },
      targets: [{ expr: '{app="shop"} |= "error"' }],
    },
  ],
  templating: {
    list: [
      {
        name: 'namespace',
        type: 'query',
        datasource: { type: 'prometheus', uid: 'prometheus' },
        query: 'label_values(fixture_requests_total, namespace)',
      },
      {
        name: 'status',
        type: 'query',
        datasource: { type: 'prometheus', uid: 'prometheus' },
        query: 'label_values(fixture_requests_total{namespace="$namespace"}, status)',
      },
    ],
  },
} as unknown as Dashboard;

const concrete = (expression: string) =>
  expression.replaceAll('$namespace', 'shop').replaceAll('$__rate_interval', '1m');

let exporter: Server | undefined;
let server: PrometheusServer | undefined;

beforeAll(async () => {
  const started = Date.now();
  exporter = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(`${exposition((Date.now() - started) / 1000)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    exporter!.once('error', reject);
    exporter!.listen(0, '127.0.0.1', () => resolve());
  });
  server = await startPrometheus({
    ruleFiles: { 'fixture.yaml': rules },
    scrape: { fixture: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`] },
  });
  await waitFor('two scrapes and an evaluation of every rule', async () => {
    const rated = await server!.query('count(rate(fixture_requests_total[1m]))');
    const evaluated = (await server!.ruleGroups())
      .flatMap((g) => g.rules)
      .every((r) => r.health !== 'unknown');
    return rated.length > 0 && evaluated ? true : undefined;
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => (exporter ? exporter.close(() => resolve()) : resolve()));
});

describe('runDashboardQueries', () => {
  test('reports the failing query, the empty one and the one with a variable left; not the good ones', async () => {
    const { failures, empty } = await runDashboardQueries(server!, dashboard, concrete);
    expect(failures).toEqual([
      expect.stringMatching(
        /^panels\.2\.targets\.0\.expr \(instant\): .*many-to-many.*\n {2}fixture_requests_total/s,
      ),
      expect.stringMatching(/^panels\.2\.targets\.0\.expr \(range\): .*many-to-many/s),
      'panels.3.targets.0.expr (variable): a variable is left\n  fixture_requests_total{pod="$pod"}',
    ]);
    expect(empty).toEqual([
      'panels.1.targets.0.expr: fixture_requests_total{namespace="shop", status="500"}',
    ]);
  });

  test('an empty result the test allows is not reported', async () => {
    const { empty } = await runDashboardQueries(server!, dashboard, concrete, {
      allowEmpty: (query) => query.includes('status="500"'),
    });
    expect(empty).toEqual([]);
  });
});

test('variableValues: what each label_values variable lists, its selector made concrete', async () => {
  expect(await variableValues(server!, dashboard, concrete)).toEqual({
    namespace: ['shop'],
    status: ['200', '404'],
  });
});

test('unhealthyRules and activeAlerts: the rule that fails to evaluate, the alert that is pending', async () => {
  const groups = await server!.ruleGroups();
  expect(unhealthyRules(groups)).toEqual([
    expect.stringMatching(/^fixture\/fixture:broken_join: err .*many-to-many/),
  ]);
  expect(activeAlerts(groups)).toEqual(['fixture/FixtureAlways: pending']);
});

test('metricNamesIn and metricsWithoutSeries: a misspelt name is reported, a recorded one is not read', async () => {
  const names = metricNamesIn(
    [
      'sum(rate(fixture_requests_total[5m])) / sum(rate(fixture_request_total[5m]))',
      'namespace:fixture_requests:rate1m > 0 and go_goroutines{handler="fixture_handler"}',
    ],
    ['fixture', 'go'],
  );
  expect(names).toEqual(['fixture_request_total', 'fixture_requests_total', 'go_goroutines']);
  expect(await metricsWithoutSeries(server!, names)).toEqual(['fixture_request_total']);
  expect(await metricsWithoutSeries(server!, names, 'job="fixture"')).toEqual([
    'fixture_request_total',
    'go_goroutines',
  ]);
});
