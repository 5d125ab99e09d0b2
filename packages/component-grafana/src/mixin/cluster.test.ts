// The overview dashboard follows the `cluster` variable: in a fleet (several clusters' series
// behind one Thanos Query) it shows the chosen cluster's Grafana only, and in one cluster's own
// Prometheus (series without the label) its default, All, still shows everything.
import { join } from 'node:path';
import { dashboardExpressions, substituteGrafanaVariables } from '@mixstack/core';
import { grafanaVar } from '@mixstack/kit';
import { vectorSelectorsOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { type Json, run, withFiles } from '../test-helpers.js';
import { CLUSTER, grafanaOverviewDashboard } from './dashboard.js';
import { grafanaRecordingRules } from './rules.js';

const dashboard = grafanaOverviewDashboard() as Json;
const variables = dashboard.templating.list as Json[];

/** The PromQL of the dashboard that must follow the cluster: every target and every variable but `cluster` itself (it lists the clusters). */
const scoped = dashboardExpressions(dashboard as never).filter(
  (e) =>
    e.language === 'promql' &&
    e.path !== `templating.list.${variables.findIndex((v) => v.name === 'cluster')}.query`,
);

/** The testing package's tokenizer: this package has no PromQL grammar among its dependencies. */
const selectorsOf = vectorSelectorsOf;

test.each([
  ['sum(up)', [], ['up']],
  ['sum by (pod) (rate(a_total{job="x"}[5m])) / b', ['a_total{job="x"}'], ['b']],
  ['count(a:b:c{d="}"}) * on (x) group_left () {job="y"}', ['a:b:c{d="}"}', '{job="y"}'], []],
  [
    'histogram_quantile(0.99, sum by (le) (rate(x_bucket{job="j"}[$__rate_interval]))) > bool 0',
    ['x_bucket{job="j"}'],
    [],
  ],
])('selectorsOf(%s) finds every selector, with or without braces', (expr, braced, bare) => {
  expect(selectorsOf(expr)).toEqual({ braced, bare });
});

describe('the cluster variable of the overview dashboard', () => {
  test('comes right after the datasource, with "All" (matching series without the label too) as its default', () => {
    expect(variables.map((v) => v.name)).toEqual(['datasource', 'cluster', 'namespace', 'job']);
    expect(variables[1]).toMatchObject({
      type: 'query',
      query: 'label_values(grafana_build_info, cluster)',
      datasource: { type: 'prometheus', uid: grafanaVar('datasource') },
      includeAll: true,
      allValue: '.*',
      current: { value: '$__all' },
    });
  });

  test("the other variables list only the chosen cluster's values, and read only the variables before them", () => {
    const seen = new Set<string>();
    for (const variable of variables) {
      if (variable.type === 'query') {
        for (const used of (variable.query as string).matchAll(/\$(\w+)/g))
          expect(seen, variable.name).toContain(used[1]);
        if (variable.name !== 'cluster') expect(variable.query, variable.name).toContain(CLUSTER);
      }
      seen.add(variable.name);
    }
  });

  test('every selector of every query and variable carries the cluster matcher', () => {
    expect(scoped.length).toBe((dashboard.panels as Json[]).length + 2);
    const unscoped: string[] = [];
    for (const { path, expression } of scoped) {
      const { braced, bare } = selectorsOf(expression);
      expect(braced.length, path).toBeGreaterThan(0);
      unscoped.push(...braced.filter((s) => !s.includes(CLUSTER)).map((s) => `${path}: ${s}`));
      unscoped.push(...bare.map((name) => `${path}: ${name} (no selector)`));
    }
    expect(unscoped).toEqual([]);
  });
});

/**
 * The series of one Grafana pod, under the metric names and labels Grafana exposes (what every
 * panel reads), with `labels` added: its cluster, or none in a cluster's own Prometheus.
 */
function grafanaSeries(labels: string): { series: string; values: string }[] {
  const pod = `${labels}${labels ? ', ' : ''}namespace="monitoring", job="grafana", pod="grafana-7d9f8-x2k4p"`;
  const request = `${pod}, handler="/api/dashboards/uid/:uid", method="GET"`;
  const datasource = `${pod}, datasource="prometheus", datasource_type="prometheus"`;
  return [
    { series: `up{${pod}}`, values: '1x30' },
    { series: `grafana_build_info{${pod}, version="12.1.0"}`, values: '1x30' },
    { series: `grafana_stat_totals_dashboard{${pod}}`, values: '25x30' },
    {
      series: `grafana_http_request_duration_seconds_count{${request}, status_code="200"}`,
      values: '0+60x30',
    },
    {
      series: `grafana_http_request_duration_seconds_count{${request}, status_code="500"}`,
      values: '0+6x30',
    },
    {
      series: `grafana_http_request_duration_seconds_bucket{${request}, status_code="200", le="0.1"}`,
      values: '0+60x30',
    },
    {
      series: `grafana_http_request_duration_seconds_bucket{${request}, status_code="200", le="+Inf"}`,
      values: '0+60x30',
    },
    {
      series: `grafana_datasource_request_total{${datasource}, code="200", method="POST"}`,
      values: '0+30x30',
    },
    {
      series: `grafana_datasource_request_duration_seconds_bucket{${datasource}, le="0.5"}`,
      values: '0+30x30',
    },
    {
      series: `grafana_datasource_request_duration_seconds_bucket{${datasource}, le="+Inf"}`,
      values: '0+30x30',
    },
    { series: `process_resident_memory_bytes{${pod}}`, values: '120000000x30' },
    { series: `process_cpu_seconds_total{${pod}}`, values: '0+3x30' },
    { series: `go_goroutines{${pod}}`, values: '300x30' },
  ];
}

/** A query as Grafana sends it, with the cluster chosen (`.*` is "All"). */
const concrete = (expression: string, cluster: string): string =>
  substituteGrafanaVariables(expression)
    .replace(/\$(?:cluster(?!\w)|\{cluster\})/g, cluster)
    .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, 'monitoring')
    .replace(/\$(?:job(?!\w)|\{job\})/g, 'grafana');

/** A promtool check that a query has data: one sample, 1, whatever the query's own labels and values. */
const hasData = (expr: string) => ({
  expr: `count(${expr}) > bool 0`,
  eval_time: '20m',
  exp_samples: [{ labels: '{}', value: 1 }],
});
/** A promtool check that a query has no data. */
const hasNone = (expr: string) => ({ expr, eval_time: '20m', exp_samples: [] });

/** Runs `promtool test rules` over the mixin's recording rules (the panels read the recorded rate) and the tests. */
function promtoolTest(tests: Json[]): { status: number | null; output: string } {
  const files = new Map([
    ['rules.yaml', stringify({ groups: grafanaRecordingRules() })],
    ['test.yaml', stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests })],
  ]);
  return withFiles(files, (dir) => run('promtool', ['test', 'rules', join(dir, 'test.yaml')]));
}

describe('on real series (promtool test rules)', () => {
  /** Two clusters' Grafanas behind one Thanos Query: each series carries its Prometheus' cluster label. */
  const fleet = {
    interval: '1m',
    input_series: [...grafanaSeries('cluster="east"'), ...grafanaSeries('cluster="west"')],
  };

  test('in a fleet every query has data for a chosen cluster and for All, and none for a cluster without a Grafana', () => {
    const { status, output } = promtoolTest([
      {
        ...fleet,
        promql_expr_test: scoped.flatMap(({ expression }) => [
          hasData(concrete(expression, 'east')),
          hasData(concrete(expression, '.*')),
          hasNone(concrete(expression, 'north')),
        ]),
      },
    ]);
    expect(status, output).toBe(0);
  });

  test("in one cluster's own Prometheus (no cluster label) every query has data with All, the default", () => {
    const own = { interval: '1m', input_series: grafanaSeries('') };
    const { status, output } = promtoolTest([
      { ...own, promql_expr_test: scoped.map(({ expression }) => hasData(concrete(expression, '.*'))) },
    ]);
    expect(status, output).toBe(0);
  });

  test('the check can fail: a query without the cluster matcher has data for a cluster without a Grafana', () => {
    const { status, output } = promtoolTest([
      { ...fleet, promql_expr_test: [hasNone('sum(up{namespace="monitoring", job="grafana"})')] },
    ]);
    expect(status).not.toBe(0);
    // Both clusters' Grafanas leak into it.
    expect(output).toContain('FAILED');
    expect(output).toContain('got: {} 2E+00');
  });
});
