import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { type Dashboard, plainDashboard } from '@mixstack/core';

/**
 * A small declarative layer over grafana-foundation-sdk: every dashboard of this package is a
 * `DashboardSpec` (rows of panel specs, each with its queries, unit and description), turned
 * into SDK builders here in one place, so that all dashboards share one look, one grid and one
 * way of wiring the datasource, exemplars, tables and links. Builders are created per call and
 * built at once (the SDK's builders are mutable and `build()` returns their internal object).
 */

/** `${name}`: a Grafana variable, replaced by Grafana (not by JavaScript). */
export const grafanaVar = (name: string): string => `$\{${name}}`;

/** Every panel and query reads the datasource chosen in the `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: grafanaVar('datasource') };

export interface Query {
  expr: string;
  /** Legend template (`{{pod}}`); in tables, the column title. */
  legend?: string;
  /** Ask Prometheus for exemplars: latency panels of histograms (never recorded series, which have none). */
  exemplar?: boolean;
}

/** A data link, in Grafana's field-config shape. `url` may use Grafana's link variables. */
export interface Link {
  title: string;
  url: string;
}

interface PanelBase {
  title: string;
  /** What the panel answers and how to read it. */
  description: string;
  /** Grafana unit id (`percentunit`, `bytes`, `Bps`, `s`, `short`, ...). */
  unit: string;
  /** Width on the 24-column grid. */
  width: number;
  /** Height in grid rows. @default 8 (stats 4) */
  height?: number;
}

export interface TimeseriesSpec extends PanelBase {
  kind: 'timeseries';
  queries: Query[];
  stack?: boolean;
  min?: number;
  max?: number;
  /** Links on every series of the first query (the series' labels are `${__field.labels.<name>}`). */
  links?: Link[];
}

export interface StatSpec extends PanelBase {
  kind: 'stat';
  query: Query;
  /** Colour steps over the value: `[[0.8, 'orange'], [1, 'red']]` (green below the first). */
  thresholds?: [number, string][];
}

export interface TableColumn {
  /** Column title. */
  title: string;
  expr: string;
  unit: string;
}

export interface TableSpec extends PanelBase {
  kind: 'table';
  /** The labels that identify a row, shown first (`['namespace']`, `['namespace', 'pod']`). */
  keys: string[];
  /** Value columns: one instant query each, merged into one row per key. */
  columns: TableColumn[];
  /** Links on the key columns, by label (`${__value.raw}` is the cell, `${__data.fields.<label>}` another column). */
  links?: Record<string, Link[]>;
}

export type PanelSpec = TimeseriesSpec | StatSpec | TableSpec;

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

/** A template variable builder of the SDK (datasource, query, ...). */
export type VariableBuilder = { build(): dashboard.VariableModel };

export interface DashboardSpec {
  title: string;
  description: string;
  /** The mixin's tag: the dashboards of one mixin link to each other through it. */
  tag: string;
  /** Title of the dropdown that lists the mixin's dashboards. */
  linkTitle: string;
  variables: VariableBuilder[];
  rows: RowSpec[];
}

const GRID_WIDTH = 24;

/** A query; `instant` for one value (stats), `table` for one row per series (the columns of tables). */
function target(
  query: Query,
  refId: string,
  kind: 'range' | 'instant' | 'table' = 'range',
): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder().datasource(DATASOURCE).refId(refId).expr(query.expr);
  if (query.legend) builder.legendFormat(query.legend);
  if (query.exemplar) builder.exemplar(true);
  if (kind !== 'range') builder.instant();
  if (kind === 'table') builder.format(prometheus.PromQueryFormat.Table);
  return builder;
}

const refId = (index: number): string => String.fromCharCode(65 + index);

function thresholdSteps(steps: [number, string][] | undefined): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: 'green' }, ...(steps ?? []).map(([value, color]) => ({ value, color }))]);
}

function timeseriesPanel(spec: TimeseriesSpec): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .lineWidth(1)
    .fillOpacity(spec.stack ? 25 : 8)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    );
  if (spec.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  spec.queries.forEach((query, i) => {
    panel.withTarget(target(query, refId(i)));
  });
  if (spec.links) panel.overrideByQuery('A', [{ id: 'links', value: spec.links }]);
  return panel;
}

function statPanel(spec: StatSpec): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(spec.thresholds ? common.BigValueColorMode.Value : common.BigValueColorMode.None)
    .thresholds(thresholdSteps(spec.thresholds))
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .withTarget(target(spec.query, 'A', 'instant'));
}

function tablePanel(spec: TableSpec): table.PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .cellHeight(common.TableCellHeight.Sm)
    .sortBy([new common.TableSortByFieldStateBuilder().displayName(spec.keys[0]!)]);
  spec.columns.forEach((column, i) => {
    panel.withTarget(target({ expr: column.expr }, refId(i), 'table'));
  });
  // One row per key: the instant queries are merged on their labels; the time column goes.
  const order: Record<string, number> = {};
  spec.keys.forEach((key, i) => {
    order[key] = i;
  });
  spec.columns.forEach((_, i) => {
    order[`Value #${refId(i)}`] = spec.keys.length + i;
  });
  panel.transformations([
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: {
        // Labels the queries keep besides the keys (none, as every query aggregates by the keys).
        excludeByName: { Time: true },
        indexByName: order,
      },
    },
  ]);
  spec.columns.forEach((column, i) => {
    panel.overrideByName(`Value #${refId(i)}`, [
      { id: 'displayName', value: column.title },
      { id: 'unit', value: column.unit },
    ]);
  });
  for (const [key, links] of Object.entries(spec.links ?? {})) {
    panel.overrideByName(key, [{ id: 'links', value: links }]);
  }
  return panel;
}

function panelBuilder(spec: PanelSpec): timeseries.PanelBuilder | stat.PanelBuilder | table.PanelBuilder {
  switch (spec.kind) {
    case 'timeseries':
      return timeseriesPanel(spec);
    case 'stat':
      return statPanel(spec);
    case 'table':
      return tablePanel(spec);
  }
}

const defaultHeight = (spec: PanelSpec): number => spec.height ?? (spec.kind === 'stat' ? 4 : 8);

/**
 * Builds a dashboard: its rows one below the other, the panels of a row left to right and
 * wrapped at the grid's width, panel ids in reading order. No uid: core derives it from the
 * mixin and file name.
 */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .description(spec.description)
    .tags(['mixstack', spec.tag])
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-1h', to: 'now' })
    .refresh('1m')
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name('Annotations & Alerts')
        .builtIn(1)
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .type('dashboard')
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)'),
    )
    .link(
      new dashboard.DashboardLinkBuilder(spec.linkTitle)
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([spec.tag])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  for (const variable of spec.variables) builder.withVariable(variable);
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    builder.withRow(new dashboard.RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: GRID_WIDTH, h: 1 }));
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const panel of row.panels) {
      if (panel.width > GRID_WIDTH) throw new RangeError(`panel "${panel.title}" is wider than the grid`);
      if (x + panel.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const height = defaultHeight(panel);
      builder.withPanel(panelBuilder(panel).id(id++).gridPos({ x, y, w: panel.width, h: height }));
      x += panel.width;
      lineHeight = Math.max(lineHeight, height);
    }
    y += lineHeight;
  }
  return plainDashboard(builder.build(), spec.title);
}
