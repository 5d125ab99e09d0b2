// Every dashboard of the mixin follows the `cluster` variable: in a fleet (several clusters'
// series behind one Thanos Query, logs labelled by the cluster that shipped them) it shows the
// chosen cluster's Loki and logs only, and in one cluster (series without the label) its
// default, All, still shows everything (prometheus-queries.test.ts runs them there).
import { type Dashboard, findSyntaxError, substituteGrafanaVariables } from '@mixstack/core';
import { grafanaVar } from '@mixstack/kit';
import { clusterScopedExpressions, dashboardSelectorsWithout, vectorSelectorsOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';

import { CLUSTER } from './dashboards.js';
import { CLUSTER as LOGS_CLUSTER, LOKI_DATASOURCE } from './logs-dashboard.js';
import { DASHBOARDS } from './mixin.js';
import { JOB } from './rules.js';

// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
type Json = Record<string, any>;

const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build() as Json] as const);
const promDashboards = dashboards.filter(([file]) => file !== 'logs.json');
const logs = DASHBOARDS['logs.json']!() as Json;

test.each([
  ['sum(up)', [], ['up']],
  ['sum by (pod) (rate(a_total{job="x"}[5m])) / b', ['a_total{job="x"}'], ['b']],
  ['count(a:b:c{d="}"}) * on (x) group_left () {job="y"}', ['a:b:c{d="}"}', '{job="y"}'], []],
  ['time() - max(a{job="x"} > 0) or vector(0)', ['a{job="x"}'], []],
  ['sum by (pod) (count_over_time({namespace=~"$namespace"} [$__auto]))', ['{namespace=~"$namespace"}'], []],
])('vectorSelectorsOf(%s) finds every selector, with or without braces', (expr, braced, bare) => {
  expect(vectorSelectorsOf(expr)).toEqual({ braced, bare });
});

test('the Prometheus dashboards and the Logs dashboard spell the matcher the same', () => {
  expect(CLUSTER).toBe('cluster=~"$cluster"');
  expect(LOGS_CLUSTER).toBe(CLUSTER);
});

describe.each(promDashboards)('%s: the cluster variable', (_, dashboard) => {
  const variables = dashboard.templating.list as Json[];

  test('comes right after the datasource, lists the clusters with a Loki, and defaults to "All" (matching series without the label too)', () => {
    expect(variables.map((v) => v.name)).toEqual(['datasource', 'cluster', 'namespace']);
    expect(variables[1]).toMatchObject({
      type: 'query',
      query: `label_values(loki_build_info{${JOB}}, cluster)`,
      datasource: { type: 'prometheus', uid: grafanaVar('datasource') },
      includeAll: true,
      allValue: '.*',
      current: { value: '$__all' },
    });
  });

  test("the namespace variable lists the chosen cluster's namespaces", () => {
    expect(variables[2]!.query).toBe(`label_values(loki_build_info{${CLUSTER}, ${JOB}}, namespace)`);
  });

  test('every selector of every query and variable carries the cluster matcher', () => {
    const panels = (dashboard.panels as Json[]).filter((p) => p.type !== 'row');
    const targets = panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0);
    // Every target and the namespace variable: none left out of the check.
    expect(clusterScopedExpressions(dashboard as Dashboard)).toHaveLength(targets + 1);
    expect(dashboardSelectorsWithout(dashboard as Dashboard, CLUSTER)).toEqual([]);
  });
});

describe('logs.json: the cluster variable (log streams carry `cluster`: the collector adds it)', () => {
  const variables = logs.templating.list as Json[];

  test('comes first, lists the clusters with logs in Loki, and defaults to "All" (streams without the label too)', () => {
    expect(variables.map((v) => v.name)).toEqual(['cluster', 'namespace', 'pod', 'container']);
    expect(variables[0]).toMatchObject({
      type: 'query',
      datasource: LOKI_DATASOURCE,
      query: { type: 1, label: 'cluster', stream: '' },
      includeAll: true,
      allValue: '.*',
      current: { value: '$__all' },
    });
  });

  test('every stream selector of the panels and variables carries the cluster matcher', () => {
    // Two targets (log volume, logs) and three variables' streams: none left out of the check.
    expect(clusterScopedExpressions(logs as Dashboard)).toHaveLength(5);
    expect(dashboardSelectorsWithout(logs as Dashboard, CLUSTER)).toEqual([]);
  });

  test('with every variable on All, each selector still has a matcher that cannot be empty (Loki refuses one without)', () => {
    const all: Record<string, string> = Object.fromEntries(variables.map((v) => [v.name, v.allValue]));
    for (const { path, expression } of clusterScopedExpressions(logs as Dashboard)) {
      const filled = substituteGrafanaVariables(expression).replace(/\$(\w+)/g, (whole, name: string) =>
        name in all ? all[name]! : whole,
      );
      expect(findSyntaxError('logql', filled), path).toBeUndefined();
      for (const [selector] of filled.matchAll(/\{[^}]*\}/g))
        expect(selector, path).toMatch(/\w+(=|=~)"(?!\.\*")[^"]+"/);
    }
  });
});

describe('the check can fail', () => {
  /** A copy of a dashboard with one query changed. */
  const withTarget = (dashboard: Json, expr: (old: string) => string): Dashboard => {
    const copy = structuredClone(dashboard);
    const panel = (copy.panels as Json[]).find((p) => (p.targets?.length ?? 0) > 0)!;
    panel.targets[0].expr = expr(panel.targets[0].expr);
    return copy as Dashboard;
  };

  test('a selector without the matcher is reported', () => {
    const [, writes] = promDashboards[0]!;
    const found = dashboardSelectorsWithout(
      withTarget(writes, (e) => e.replace(`${CLUSTER}, `, '')),
      CLUSTER,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^panels\.\d+\.targets\.0\.expr: loki_request_duration_seconds_count\{namespace=/,
    );
  });

  test('a metric without braces is reported', () => {
    const [, operational] = promDashboards[2]!;
    expect(
      dashboardSelectorsWithout(
        withTarget(operational, () => 'sum(up)'),
        CLUSTER,
      ),
    ).toEqual([expect.stringMatching(/: up \(no selector\)$/)]);
  });

  test("a Loki variable's stream without the matcher is reported", () => {
    const copy = structuredClone(logs);
    copy.templating.list[2].query.stream = '{namespace=~"$namespace"}';
    expect(dashboardSelectorsWithout(copy as Dashboard, CLUSTER)).toEqual([
      'templating.list.2.query.stream: {namespace=~"$namespace"}',
    ]);
  });
});
