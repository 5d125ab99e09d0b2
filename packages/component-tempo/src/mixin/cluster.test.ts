// Every Tempo dashboard follows the `cluster` variable: in a fleet (several clusters' series
// behind one Thanos Query) it shows the chosen cluster's Tempo only, and in one cluster's own
// Prometheus (Tempo's scraped series without the label) its default, All, still shows everything.
// That the queries have data on real series is prometheus-queries.test.ts.
import { type Dashboard, dashboardExpressions } from '@mixstack/core';
import { grafanaVar } from '@mixstack/kit';
import { expressionSelectorsWithout, vectorSelectorsOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { CLUSTER } from './dashboards.js';
import { DASHBOARDS } from './mixin.js';

/** Dashboards, walked by tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
type Json = Record<string, any>;

/** The PromQL of a dashboard that must follow the cluster: every target and every variable but `cluster` itself (it lists the clusters). */
function scoped(dashboard: Dashboard) {
  const list = (dashboard.templating as { list: Json[] }).list;
  const own = `templating.list.${list.findIndex((v) => v.name === 'cluster')}.query`;
  return dashboardExpressions(dashboard).filter((e) => e.language === 'promql' && e.path !== own);
}

/** The selectors of a dashboard's PromQL (see `scoped`) without the cluster matcher. */
const unscoped = (dashboard: Dashboard): string[] =>
  scoped(dashboard).flatMap(({ path, expression }) => expressionSelectorsWithout(CLUSTER, path, expression));

test.each([
  ['sum(up)', [], ['up']],
  ['sum by (pod) (rate(a_total{job="x"}[5m])) / b', ['a_total{job="x"}'], ['b']],
  ['count(a:b:c{d="}"}) * on (x) group_left () {job="y"}', ['a:b:c{d="}"}', '{job="y"}'], []],
  [
    'histogram_quantile(0.99, sum by (le) (rate(x_bucket{route=~"(a_)?b|/c.D/.*"}[$__rate_interval]))) or vector(0)',
    ['x_bucket{route=~"(a_)?b|/c.D/.*"}'],
    [],
  ],
])('vectorSelectorsOf(%s) finds every selector, with or without braces', (expr, braced, bare) => {
  expect(vectorSelectorsOf(expr)).toEqual({ braced, bare });
});

test.each([
  ['sum(a{cluster=~"$cluster", job="x"}) / sum(b{job="x", cluster=~"$cluster"})', []],
  ['sum(a{cluster=~"$cluster", job="x"}) / sum(b{job="x"})', ['e: b{job="x"}']],
  ['sum(a{cluster=~"$cluster"}) / b', ['e: b (no selector)']],
  // The matcher as part of a string value is not the matcher.
  ['a{job="cluster=~\\"$cluster\\", x"}', ['e: a{job="cluster=~\\"$cluster\\", x"}']],
  ['a{cluster="$cluster"}', ['e: a{cluster="$cluster"}']],
])(
  'expressionSelectorsWithout(CLUSTER, %s) names the selectors without the matcher: the check can fail',
  (expr, missing) => {
    expect(expressionSelectorsWithout(CLUSTER, 'e', expr)).toEqual(missing);
  },
);

describe.each(Object.entries(DASHBOARDS).map(([file, build]) => [file, build()] as const))(
  '%s',
  (file, dashboard) => {
    const variables = (dashboard.templating as { list: Json[] }).list;

    test('a cluster variable right after the datasource, with "All" (matching series without the label too) as its default', () => {
      expect(variables.map((v) => v.name)).toEqual([
        'datasource',
        'cluster',
        file === 'service-overview.json' ? 'service' : 'namespace',
      ]);
      expect(variables[1]).toMatchObject({
        type: 'query',
        datasource: { type: 'prometheus', uid: grafanaVar('datasource') },
        includeAll: true,
        allValue: '.*',
        current: { value: '$__all' },
      });
      expect(variables[1]!.query).toMatch(
        file === 'service-overview.json'
          ? /^label_values\(traces_spanmetrics_calls_total, cluster\)$/
          : /^label_values\(tempo_build_info\{job=~"tempo\(-\.\+\)\?"\}, cluster\)$/,
      );
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
      const promql = scoped(dashboard);
      expect(promql.length).toBeGreaterThan(8);
      for (const { path, expression } of promql)
        expect(vectorSelectorsOf(expression).braced.length, path).toBeGreaterThan(0);
      expect(unscoped(dashboard)).toEqual([]);
    });

    test('the check can fail: a panel whose query lost the matcher is named', () => {
      const panels = dashboard.panels as Json[];
      const index = panels.findIndex((p) => p.targets?.some((t: Json) => t.expr?.includes(CLUSTER)));
      const target = panels[index]!.targets.find((t: Json) => t.expr?.includes(CLUSTER));
      const broken = structuredClone(dashboard) as Json;
      const brokenTarget = broken.panels[index].targets.find((t: Json) => t.expr === target.expr);
      brokenTarget.expr = target.expr.replace(`${CLUSTER}, `, '');
      expect(unscoped(broken as Dashboard)).toHaveLength(1);
    });
  },
);

test("Service overview: the node graph's service-graph filters select the chosen cluster too", () => {
  const dashboard = DASHBOARDS['service-overview.json']!() as Json;
  const graph = (dashboard.panels as Json[]).find((p) => p.type === 'nodeGraph')!;
  const filters = graph.targets[0].serviceMapQuery as string[];
  expect(filters).toHaveLength(2);
  for (const filter of filters)
    expect(expressionSelectorsWithout(CLUSTER, 'serviceMapQuery', filter)).toEqual([]);
});
