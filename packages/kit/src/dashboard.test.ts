import { describe, expect, test } from 'vitest';
import { buildDashboard, type DashboardSpec } from './dashboard.js';
import type { PanelSpec } from './dashboard-panels.js';
import { datasourceVariable, grafanaVar, queryVariable } from './dashboard-variables.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk the dashboard JSON.
type Json = Record<string, any>;

const graph = (title: string, width: number): PanelSpec => ({
  kind: 'timeseries',
  title,
  description: `${title}, by pod.`,
  unit: 'short',
  width,
  queries: [{ expr: 'sum by (pod) (up)', legend: '{{pod}}' }],
});
const stat: PanelSpec = {
  kind: 'stat',
  title: 'Up',
  description: 'Targets up.',
  unit: 'none',
  width: 6,
  query: { expr: 'sum(up)' },
  thresholds: [[1, 'red']],
};

const spec = (overrides: Partial<DashboardSpec> = {}): DashboardSpec => ({
  title: 'Loki / Overview',
  description: 'Loki at a glance.',
  tag: 'loki',
  linkTitle: 'Loki',
  variables: [datasourceVariable(), queryVariable('namespace', 'Namespace', 'up{job="loki"}', 'namespace')],
  rows: [
    { title: 'Overview', panels: [stat, graph('A', 12), graph('B', 12)] },
    { title: 'Details', panels: [graph('C', 24)] },
  ],
  ...overrides,
});

const built = (overrides: Partial<DashboardSpec> = {}) => buildDashboard(spec(overrides)) as Json;

describe('buildDashboard', () => {
  test('rows one below the other, panels left to right wrapped at the grid width, ids in reading order', () => {
    const layout = (built().panels as Json[]).map((p) => [p.type, p.id, p.gridPos]);
    expect(layout).toEqual([
      ['row', 1, { x: 0, y: 0, w: 24, h: 1 }],
      ['stat', 2, { x: 0, y: 1, w: 6, h: 4 }],
      ['timeseries', 3, { x: 6, y: 1, w: 12, h: 8 }],
      ['timeseries', 4, { x: 0, y: 9, w: 12, h: 8 }],
      ['row', 5, { x: 0, y: 17, w: 24, h: 1 }],
      ['timeseries', 6, { x: 0, y: 18, w: 24, h: 8 }],
    ]);
  });

  test('an untitled row has no header, and without panelIds Grafana numbers the panels', () => {
    const panels = built({ rows: [{ panels: [stat, graph('A', 18)] }], panelIds: false }).panels as Json[];
    expect(panels.map((p) => [p.type, p.id, p.gridPos.y])).toEqual([
      ['stat', undefined, 0],
      ['timeseries', undefined, 0],
    ]);
  });

  test('every panel and query reads the datasource variable; the variables come in order', () => {
    const dashboard = built();
    const datasource = { type: 'prometheus', uid: grafanaVar('datasource') };
    for (const panel of (dashboard.panels as Json[]).filter((p) => p.type !== 'row')) {
      expect(panel.datasource).toEqual(datasource);
      for (const target of panel.targets) expect(target.datasource).toEqual(datasource);
    }
    expect((dashboard.templating.list as Json[]).map((v) => [v.name, v.type, v.definition])).toEqual([
      ['datasource', 'datasource', undefined],
      ['namespace', 'query', 'label_values(up{job="loki"}, namespace)'],
    ]);
  });

  test('the dashboards of a mixin link to each other through its tag, when the spec names a dropdown', () => {
    expect(built().tags).toEqual(['mixstack', 'loki']);
    expect(built().links).toMatchObject([{ title: 'Loki', tags: ['loki'], asDropdown: true }]);
    expect(built({ linkTitle: undefined }).links).toBeUndefined();
  });

  test('dense stats are instant numbers coloured by their thresholds; overview stats have a sparkline', () => {
    const statOf = (style: 'dense' | 'overview') =>
      (built({ style }).panels as Json[]).find((p) => p.type === 'stat')!;
    expect(statOf('dense').options).toMatchObject({ graphMode: 'none', colorMode: 'value' });
    expect(statOf('dense').targets[0].instant).toBe(true);
    expect(statOf('overview').options).toMatchObject({ graphMode: 'area' });
    expect(statOf('overview').targets[0].instant).toBeUndefined();
  });

  test('opens on the last hour unless told otherwise', () => {
    expect(built().time).toEqual({ from: 'now-1h', to: 'now' });
    expect(built({ from: 'now-6h' }).time).toEqual({ from: 'now-6h', to: 'now' });
  });

  test('builds a new dashboard every call', () => {
    const a = built();
    const b = built();
    expect(a).toEqual(b);
    expect(a.panels).not.toBe(b.panels);
  });

  test('refuses a panel wider than the grid', () => {
    expect(() => built({ rows: [{ title: 'x', panels: [graph('wide', 25)] }] })).toThrow(
      /wider than the grid/,
    );
  });

  test('tables: one row per key, a column per query, links on the key columns', () => {
    const table = buildDashboard(
      spec({
        rows: [
          {
            title: 'Pods',
            panels: [
              {
                kind: 'table',
                title: 'Pods',
                description: 'Memory and CPU by pod.',
                unit: 'short',
                width: 24,
                keys: ['pod'],
                columns: [
                  { title: 'Memory', expr: 'sum by (pod) (memory)', unit: 'bytes' },
                  { title: 'CPU', expr: 'sum by (pod) (cpu)', unit: 'short' },
                ],
                links: { pod: [{ title: 'Pod', url: `/d/pod?var-pod=${grafanaVar('__value.raw')}` }] },
              },
            ],
          },
        ],
      }),
    ) as Json;
    const panel = (table.panels as Json[]).find((p) => p.type === 'table')!;
    expect(panel.targets.map((t: Json) => [t.refId, t.format, t.instant])).toEqual([
      ['A', 'table', true],
      ['B', 'table', true],
    ]);
    expect(panel.transformations[1].options.indexByName).toEqual({ pod: 0, 'Value #A': 1, 'Value #B': 2 });
    expect(panel.fieldConfig.overrides.map((o: Json) => o.matcher.options)).toEqual([
      'Value #A',
      'Value #B',
      'pod',
    ]);
  });
});
