// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana writes its variables as ${name} in plain strings
import { describe, expect, test } from 'vitest';
import type { Dashboard } from '../mixin.js';
import { dashboardExpressions } from './dashboards.js';

const prometheus = { type: 'prometheus', uid: 'prometheus' };
const datasourceVariable = (name: string, query: string) => ({ name, type: 'datasource', query });

describe('dashboardExpressions', () => {
  test('finds the targets of every panel with their language and path', () => {
    const dashboard: Dashboard = {
      title: 'x',
      panels: [
        { type: 'timeseries', datasource: prometheus, targets: [{ expr: 'up' }, { expr: 'rate(x[5m])' }] },
        { type: 'logs', datasource: { type: 'loki', uid: 'loki' }, targets: [{ expr: '{job="app"}' }] },
        {
          type: 'traces',
          datasource: { type: 'tempo', uid: 'tempo' },
          targets: [{ query: '{ .a = "b" }', queryType: 'traceql' }],
        },
      ],
    };
    expect(dashboardExpressions(dashboard)).toEqual([
      { path: 'panels.0.targets.0.expr', language: 'promql', expression: 'up' },
      { path: 'panels.0.targets.1.expr', language: 'promql', expression: 'rate(x[5m])' },
      { path: 'panels.1.targets.0.expr', language: 'logql', expression: '{job="app"}' },
      { path: 'panels.2.targets.0.query', language: 'traceql', expression: '{ .a = "b" }' },
    ]);
  });

  test('a target datasource overrides the panel one (mixed panels)', () => {
    const dashboard: Dashboard = {
      title: 'x',
      panels: [
        {
          datasource: { type: 'datasource', uid: '-- Mixed --' },
          targets: [
            { datasource: prometheus, expr: 'up' },
            { datasource: { type: 'loki' }, expr: '{a="b"}' },
          ],
        },
      ],
    };
    expect(dashboardExpressions(dashboard).map((e) => e.language)).toEqual(['promql', 'logql']);
  });

  test('finds panels nested in collapsed rows, and in old-style rows', () => {
    const dashboard: Dashboard = {
      title: 'x',
      panels: [
        { type: 'row', collapsed: true, panels: [{ datasource: prometheus, targets: [{ expr: 'a' }] }] },
        { datasource: prometheus, targets: [{ expr: 'b' }] },
      ],
      rows: [{ panels: [{ datasource: prometheus, targets: [{ expr: 'c' }] }] }],
    };
    expect(dashboardExpressions(dashboard).map((e) => [e.path, e.expression])).toEqual([
      ['panels.0.panels.0.targets.0.expr', 'a'],
      ['panels.1.targets.0.expr', 'b'],
      ['rows.0.panels.0.targets.0.expr', 'c'],
    ]);
  });

  test.each([
    ['${datasource}', { uid: '${datasource}' }],
    ['$datasource', { uid: '$datasource' }],
    ['a type variable', { type: '${ds_type}', uid: '${datasource}' }],
    ['a plain string', '$datasource'],
  ])('resolves a datasource template variable given as %s', (_name, datasource) => {
    const dashboard: Dashboard = {
      title: 'x',
      templating: { list: [datasourceVariable('datasource', 'prometheus')] },
      panels: [{ datasource, targets: [{ expr: 'up' }] }],
    };
    expect(dashboardExpressions(dashboard)).toEqual([
      { path: 'panels.0.targets.0.expr', language: 'promql', expression: 'up' },
    ]);
  });

  test('a variable of another datasource type sets the language', () => {
    const dashboard: Dashboard = {
      title: 'x',
      templating: { list: [datasourceVariable('logs', 'loki')] },
      panels: [{ datasource: { uid: '${logs}' }, targets: [{ expr: '{a="b"}' }] }],
    };
    expect(dashboardExpressions(dashboard)[0]?.language).toBe('logql');
  });

  test.each([
    ['an unknown datasource variable', { uid: '${missing}' }],
    ['a plugin without a query language', { type: 'grafana-testdata-datasource' }],
    ['no datasource at all', undefined],
    ['a named datasource without a type', 'Prometheus'],
  ])('skips targets with %s', (_name, datasource) => {
    const dashboard: Dashboard = { title: 'x', panels: [{ datasource, targets: [{ expr: 'up' }] }] };
    expect(dashboardExpressions(dashboard)).toEqual([]);
  });

  test('skips Tempo targets that are not TraceQL and targets without a string expression', () => {
    const dashboard: Dashboard = {
      title: 'x',
      panels: [
        {
          datasource: { type: 'tempo' },
          targets: [{ queryType: 'serviceMap', query: 'whatever' }, { query: '{}' }],
        },
        { datasource: prometheus, targets: [{ refId: 'A' }, null, 'up'] },
      ],
    };
    expect(dashboardExpressions(dashboard)).toEqual([
      { path: 'panels.0.targets.1.query', language: 'traceql', expression: '{}' },
    ]);
  });

  test('finds the PromQL inside label_values(...) and query_result(...) template queries', () => {
    const dashboard: Dashboard = {
      title: 'x',
      templating: {
        list: [
          datasourceVariable('datasource', 'prometheus'),
          {
            name: 'job',
            type: 'query',
            datasource: { uid: '${datasource}' },
            query: 'label_values(up{cluster="$cluster"}, job)',
          },
          {
            name: 'i',
            type: 'query',
            datasource: prometheus,
            query: { query: 'label_values(up{job=~"a,b"}, instance)', refId: 'A' },
          },
          { name: 'top', type: 'query', datasource: prometheus, query: 'query_result(topk(5, up))' },
          { name: 'names', type: 'query', datasource: prometheus, query: 'label_values(job)' },
          { name: 'logs', type: 'query', datasource: { type: 'loki' }, query: 'label_values({a="b"}, c)' },
          { name: 'custom', type: 'custom', query: 'a,b,c' },
        ],
      },
    };
    expect(dashboardExpressions(dashboard)).toEqual([
      { path: 'templating.list.1.query', language: 'promql', expression: 'up{cluster="$cluster"}' },
      { path: 'templating.list.2.query', language: 'promql', expression: 'up{job=~"a,b"}' },
      { path: 'templating.list.3.query', language: 'promql', expression: 'topk(5, up)' },
    ]);
  });

  test('a target that names no datasource, in a panel that names none, is parsed in the language of the default datasource', () => {
    const dashboard: Dashboard = {
      title: 'x',
      panels: [{ type: 'timeseries', targets: [{ expr: 'sum(rate(x[5m])' }] }],
    };
    expect(dashboardExpressions(dashboard, 'prometheus')).toEqual([
      { path: 'panels.0.targets.0.expr', language: 'promql', expression: 'sum(rate(x[5m])' },
    ]);
    expect(dashboardExpressions(dashboard, 'loki')[0]?.language).toBe('logql');
    // Without a default datasource the language is unknown, and nothing is guessed.
    expect(dashboardExpressions(dashboard)).toEqual([]);
  });

  test('a dashboard without panels or templating has no expressions', () => {
    expect(dashboardExpressions({ title: 'empty' })).toEqual([]);
    expect(dashboardExpressions({ title: 'odd', panels: 'none', templating: { list: 'none' } })).toEqual([]);
  });
});
