// The Collector / Health dashboard follows the `cluster` variable: in a fleet (several clusters'
// series behind one Thanos Query) it shows the chosen cluster's collectors only, and in one
// cluster's own Prometheus (series without the label) its default, All, still shows everything
// (prometheus-queries.test.ts runs it there).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type Dashboard, substituteGrafanaVariables } from '@mixstack/core';
import { grafanaVar } from '@mixstack/kit';
import {
  clusterScopedExpressions,
  dashboardSelectorsWithout,
  vectorSelectorsOf,
  withFiles,
} from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { JOB, KUBE_STATE_METRICS } from './alerts.js';

import { alloyDashboard, CLUSTER } from './dashboard.js';

// biome-ignore lint/suspicious/noExplicitAny: the dashboard is JSON
type Json = any;

const dashboard = alloyDashboard() as Json;
const variables = dashboard.templating.list as Json[];
const panels = dashboard.panels as Json[];
const scoped = clusterScopedExpressions(dashboard as Dashboard);

test.each([
  ['sum(up)', [], ['up']],
  ['sum by (pod) (rate(a_total{job="x"}[5m])) / b', ['a_total{job="x"}'], ['b']],
  ['count(a:b:c{d="}"}) * on (x) group_left () {job="y"}', ['a:b:c{d="}"}', '{job="y"}'], []],
  ['count(a{job="x"} == 0) or vector(0)', ['a{job="x"}'], []],
])('vectorSelectorsOf(%s) finds every selector, with or without braces', (expr, braced, bare) => {
  expect(vectorSelectorsOf(expr)).toEqual({ braced, bare });
});

describe('the cluster variable of Collector / Health', () => {
  test('comes right after the datasource, lists the clusters with an Alloy, and defaults to "All" (matching series without the label too)', () => {
    expect(variables.map((v) => v.name)).toEqual(['datasource', 'cluster', 'namespace']);
    expect(variables[1]).toMatchObject({
      type: 'query',
      query: `label_values(alloy_build_info{${JOB}}, cluster)`,
      datasource: { type: 'prometheus', uid: grafanaVar('datasource') },
      includeAll: true,
      allValue: '.*',
      current: { value: '$__all' },
    });
  });

  test("the namespace variable lists the chosen cluster's namespaces", () => {
    expect(variables[2].query).toBe(`label_values(alloy_build_info{${CLUSTER}, ${JOB}}, namespace)`);
  });

  test('every selector of every query and variable carries the cluster matcher', () => {
    const targets = panels.reduce((n: number, p: Json) => n + p.targets.length, 0);
    // Every target and the namespace variable: none left out of the check.
    expect(scoped).toHaveLength(targets + 1);
    expect(dashboardSelectorsWithout(dashboard as Dashboard, CLUSTER)).toEqual([]);
  });

  test('the check can fail: a selector without the matcher, or a metric without braces, is reported', () => {
    const copy = structuredClone(dashboard);
    copy.panels[0].targets[0].expr = `sum(up{${JOB}}) + count(go_goroutines)`;
    expect(dashboardSelectorsWithout(copy as Dashboard, CLUSTER)).toEqual([
      `panels.0.targets.0.expr: up{${JOB}}`,
      'panels.0.targets.0.expr: go_goroutines (no selector)',
    ]);
  });
});

/**
 * The series of one cluster's collectors, as Alloy and kube-state-metrics expose them (the
 * fixture of prometheus-queries.test.ts, smaller): two Alloy pods on two of three nodes, the
 * second on a configuration that failed to load, with `labels` added (its cluster, or none).
 * Pod names are the same in every cluster, as a DaemonSet's are not, to catch a join that
 * leaves the cluster out.
 */
function clusterSeries(labels: string, nodePrefix: string): { series: string; values: string }[] {
  const own = (more: string) => `${labels}${labels ? ', ' : ''}namespace="monitoring", ${more}`;
  const writer = 'component_id="loki.write.default", host="loki.monitoring.svc:3100"';
  return [
    {
      series: `kube_daemonset_status_desired_number_scheduled{${own(`${KUBE_STATE_METRICS}, daemonset="alloy"`)}}`,
      values: '3x30',
    },
    ...['a', 'b'].flatMap((name, i) => {
      const node = `${nodePrefix}-node-${i + 1}`;
      const pod = own(`${JOB}, pod="alloy-${name}", container="alloy", instance="${node}"`);
      const ksm = own(`${KUBE_STATE_METRICS}, pod="alloy-${name}"`);
      return [
        { series: `up{${pod}}`, values: '1x30' },
        { series: `alloy_build_info{${pod}, version="v1.18.0"}`, values: '1x30' },
        {
          series: `alloy_component_controller_running_components{${pod}, health_type="healthy"}`,
          values: '11x30',
        },
        {
          series: `alloy_component_controller_running_components{${pod}, health_type="unhealthy"}`,
          values: '1x30',
        },
        { series: `alloy_config_last_load_successful{${pod}}`, values: `${i}x30` },
        { series: `alloy_resources_process_cpu_seconds_total{${pod}}`, values: '0+3x30' },
        { series: `alloy_resources_process_resident_memory_bytes{${pod}}`, values: '300000000x30' },
        { series: `loki_write_sent_entries_total{${pod}, ${writer}}`, values: '0+600x30' },
        {
          series: `loki_write_dropped_entries_total{${pod}, ${writer}, reason="rate_limited"}`,
          values: '0+6x30',
        },
        {
          series: `loki_write_request_duration_seconds_count{${pod}, ${writer}, status_code="204"}`,
          values: '0+60x30',
        },
        {
          series: `loki_write_request_duration_seconds_bucket{${pod}, ${writer}, status_code="204", le="1"}`,
          values: '0+60x30',
        },
        {
          series: `loki_write_request_duration_seconds_bucket{${pod}, ${writer}, status_code="204", le="+Inf"}`,
          values: '0+60x30',
        },
        { series: `kube_pod_info{${ksm}, node="${node}"}`, values: '1x30' },
        {
          series: `kube_pod_container_resource_limits{${ksm}, container="alloy", node="${node}", resource="memory"}`,
          values: '1000000000x30',
        },
      ];
    }),
  ];
}

/** A query as Grafana sends it, with the cluster chosen (`.*` is "All"). */
const concrete = (expression: string, cluster: string): string =>
  substituteGrafanaVariables(expression)
    .replace(/\$(?:cluster(?!\w)|\{cluster\})/g, cluster)
    .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, 'monitoring');

const EVAL_TIME = '20m';
/** A promtool check that a query has data: one sample, 1, whatever the query's own labels and values. */
const hasData = (expr: string) => ({
  expr: `count(${expr}) > bool 0`,
  eval_time: EVAL_TIME,
  exp_samples: [{ labels: '{}', value: 1 }],
});
/**
 * A promtool check that a query has no data for a cluster without an Alloy; a stat that falls
 * back to 0 (`or vector(0)`) shows that 0.
 */
const hasNone = (expr: string) => ({
  expr,
  eval_time: EVAL_TIME,
  exp_samples: expr.endsWith(' or vector(0)') ? [{ labels: '{}', value: 0 }] : [],
});
/** A promtool check of a query's samples. */
const samples = (expr: string, exp: { labels: string; value: number }[]) => ({
  expr,
  eval_time: EVAL_TIME,
  exp_samples: exp,
});

/** Runs `promtool test rules` over the tests (the dashboard reads no recording rule). */
function promtoolTest(tests: Json[]): { status: number | null; output: string } {
  const files = new Map([
    ['rules.yaml', stringify({ groups: [] })],
    ['test.yaml', stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests })],
  ]);
  return withFiles(files, (dir) => {
    const result = spawnSync('promtool', ['test', 'rules', join(dir, 'test.yaml')], { encoding: 'utf8' });
    if (result.error) throw result.error;
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  });
}

const panelQuery = (title: string): string => panels.find((p: Json) => p.title === title).targets[0].expr;

describe('on real series (promtool test rules)', () => {
  /** Two clusters' collectors behind one Thanos Query: each series carries its Prometheus' cluster label. */
  const fleet = {
    interval: '1m',
    input_series: [...clusterSeries('cluster="east"', 'east'), ...clusterSeries('cluster="west"', 'west')],
  };

  test('in a fleet every query has data for a chosen cluster and for All, and none for a cluster without an Alloy', () => {
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

  test('the panels that join or subtract across series stay right with All over several clusters', () => {
    const nodes = (cluster: string) =>
      [1, 2].map((i) => ({ labels: `{node="${cluster}-node-${i}"}`, value: 1 }));
    const { status, output } = promtoolTest([
      {
        ...fleet,
        promql_expr_test: [
          // Three nodes per cluster, two pods: one node without a collector in each.
          samples(concrete(panelQuery('Nodes without a collector'), 'east'), [{ labels: '{}', value: 1 }]),
          samples(concrete(panelQuery('Nodes without a collector'), '.*'), [{ labels: '{}', value: 2 }]),
          // The same pod names in both clusters: joined on the cluster, each pod finds its own node.
          samples(concrete(panelQuery('Pods up per node'), '.*'), [...nodes('east'), ...nodes('west')]),
          samples(concrete(panelQuery('Pods on an old configuration'), 'east'), [{ labels: '{}', value: 1 }]),
        ],
      },
    ]);
    expect(status, output).toBe(0);
  });

  test("in one cluster's own Prometheus (no cluster label) every query has data with All, the default", () => {
    const own = { interval: '1m', input_series: clusterSeries('', 'own') };
    const { status, output } = promtoolTest([
      { ...own, promql_expr_test: scoped.map(({ expression }) => hasData(concrete(expression, '.*'))) },
    ]);
    expect(status, output).toBe(0);
  });

  test('the checks can fail: a query without the cluster matcher has data for a cluster without an Alloy, and a join without the cluster breaks with All', () => {
    const unscoped = promtoolTest([
      { ...fleet, promql_expr_test: [hasNone(`sum(up{${JOB}, namespace="monitoring"})`)] },
    ]);
    expect(unscoped.status).not.toBe(0);
    // Both clusters' pods leak into it.
    expect(unscoped.output).toContain('got: {} 4E+00');
    const join = panelQuery('Pods up per node').replaceAll('cluster, namespace, pod', 'namespace, pod');
    expect(join).not.toBe(panelQuery('Pods up per node'));
    const broken = promtoolTest([{ ...fleet, promql_expr_test: [hasData(concrete(join, '.*'))] }]);
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/many-to-many|duplicate series/);
  });
});
