import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCE } from './dashboard-variables.js';

/** One PromQL query of a panel. */
export interface Query {
  expr: string;
  /** Legend template (`{{pod}}`); in tables, the column title. @default undefined (Grafana's) */
  legend?: string;
  /**
   * Ask Prometheus for exemplars: latency panels of histograms (never recorded series, which
   * have none), so a click leads to a trace.
   * @default false
   */
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
  /** Stack the series (parts of a whole: CPU by pod). @default false */
  stack?: boolean;
  /** @default undefined (from the data) */
  min?: number;
  /** @default undefined (from the data) */
  max?: number;
  /**
   * Links on every series of the first query (the series' labels are `${__field.labels.<name>}`).
   * @default undefined
   */
  links?: Link[];
}

export interface StatSpec extends PanelBase {
  kind: 'stat';
  query: Query;
  /** Colour steps over the value: `[[0.8, 'orange'], [1, 'red']]` (green below the first). @default undefined */
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
  /**
   * Links on the key columns, by label (`${__value.raw}` is the cell, `${__data.fields.<label>}` another column).
   * @default undefined
   */
  links?: Record<string, Link[]>;
}

export type PanelSpec = TimeseriesSpec | StatSpec | TableSpec;

/**
 * How panels are drawn. `dense`, for dashboards of many panels: thin lines without points, a
 * light fill, and stats as plain instant numbers coloured by their thresholds. `overview`, for
 * a dashboard of a few panels: Grafana's own look, stats with a sparkline of the time range
 * (a range query).
 */
export type PanelStyle = 'dense' | 'overview';

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

/** What every panel carries: its title, what it answers, its unit, and the datasource variable. */
function described<P extends timeseries.PanelBuilder | stat.PanelBuilder | table.PanelBuilder>(
  panel: P,
  spec: PanelBase,
): P {
  panel.title(spec.title).description(spec.description).unit(spec.unit).datasource(DATASOURCE);
  return panel;
}

function timeseriesPanel(spec: TimeseriesSpec, style: PanelStyle): timeseries.PanelBuilder {
  const panel = described(new timeseries.PanelBuilder(), spec)
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
  if (style === 'dense') {
    panel
      .lineWidth(1)
      .fillOpacity(spec.stack ? 25 : 8)
      .showPoints(common.VisibilityMode.Never);
  } else {
    panel.fillOpacity(10);
  }
  if (spec.stack) panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  spec.queries.forEach((query, i) => {
    panel.withTarget(target(query, refId(i)));
  });
  if (spec.links) panel.overrideByQuery('A', [{ id: 'links', value: spec.links }]);
  return panel;
}

function statPanel(spec: StatSpec, style: PanelStyle): stat.PanelBuilder {
  const panel = described(new stat.PanelBuilder(), spec).reduceOptions(
    new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']),
  );
  if (style === 'overview') {
    if (spec.thresholds) panel.thresholds(thresholdSteps(spec.thresholds));
    return panel.graphMode(common.BigValueGraphMode.Area).withTarget(target(spec.query, 'A'));
  }
  return panel
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(spec.thresholds ? common.BigValueColorMode.Value : common.BigValueColorMode.None)
    .thresholds(thresholdSteps(spec.thresholds))
    .withTarget(target(spec.query, 'A', 'instant'));
}

function tablePanel(spec: TableSpec): table.PanelBuilder {
  const panel = described(new table.PanelBuilder(), spec)
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

/** The SDK builder of a panel (not built: the dashboard builder places it on the grid). */
export function panelBuilder(
  spec: PanelSpec,
  style: PanelStyle,
): timeseries.PanelBuilder | stat.PanelBuilder | table.PanelBuilder {
  switch (spec.kind) {
    case 'timeseries':
      return timeseriesPanel(spec, style);
    case 'stat':
      return statPanel(spec, style);
    case 'table':
      return tablePanel(spec);
  }
}

/** A panel's height: its own, or 8 grid rows (stats 4). */
export const panelHeight = (spec: PanelSpec): number => spec.height ?? (spec.kind === 'stat' ? 4 : 8);
