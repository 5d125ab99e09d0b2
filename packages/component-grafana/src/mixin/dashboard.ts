import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { type Dashboard, plainDashboard } from '@mixstack/core';
import { DATASOURCE_HANDLERS, REQUEST_RATE_RECORD } from './rules.js';

/** File name of the overview dashboard in the `grafana` mixin. */
export const OVERVIEW_FILE = 'grafana-overview.json';

const TITLE = 'Grafana / Overview';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's datasource variable, replaced by Grafana.
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
/** Every query is scoped to the Grafana chosen in the variables. */
const SCOPE = 'namespace="$namespace", job="$job"';

interface PanelSpec {
  title: string;
  description: string;
  unit: string;
  queries: { expr: string; legend?: string; exemplar?: boolean }[];
}

function target(query: PanelSpec['queries'][number], index: number): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(DATASOURCE)
    .refId(String.fromCharCode(65 + index))
    .expr(query.expr);
  if (query.legend) builder.legendFormat(query.legend);
  if (query.exemplar) builder.exemplar(true);
  return builder;
}

function statPanel(spec: PanelSpec, x: number): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .gridPos({ x, y: 0, w: 6, h: 4 })
    .graphMode(common.BigValueGraphMode.Area)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
  spec.queries.forEach((query, i) => {
    panel.withTarget(target(query, i));
  });
  return panel;
}

function timeseriesPanel(spec: PanelSpec, index: number): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .gridPos({ x: (index % 2) * 12, y: 4 + Math.floor(index / 2) * 8, w: 12, h: 8 })
    .fillOpacity(10)
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
  spec.queries.forEach((query, i) => {
    panel.withTarget(target(query, i));
  });
  return panel;
}

/** The recorded request rate (the recording rule of this mixin), with extra matchers. */
const recorded = (...matchers: string[]): string =>
  `${REQUEST_RATE_RECORD}{${[SCOPE, ...matchers].join(', ')}}`;
const rate = recorded();
/** Grafana's own handlers: datasource queries fail when the datasource does. */
const ownHandlers = `handler!~"${DATASOURCE_HANDLERS}"`;
const serverErrors = 'status_code=~"5.."';

const STATS: PanelSpec[] = [
  {
    title: 'Instances up',
    description: 'Grafana pods Prometheus scrapes successfully right now.',
    unit: 'none',
    queries: [{ expr: `sum(up{${SCOPE}})` }],
  },
  {
    title: 'Dashboards',
    description: "Dashboards in Grafana's database: the provisioned ones plus any saved from the UI.",
    unit: 'none',
    queries: [{ expr: `max(grafana_stat_totals_dashboard{${SCOPE}})` }],
  },
  {
    title: 'Request rate',
    description: 'HTTP requests Grafana serves per second, over 5 minutes (all handlers).',
    unit: 'reqps',
    queries: [{ expr: `sum(${rate})` }],
  },
  {
    title: 'Server errors',
    description:
      "Share of the requests to Grafana's own handlers answered with a 5xx status, over 5 minutes. Datasource queries are left out: their errors are the datasources'.",
    unit: 'percentunit',
    queries: [{ expr: `sum(${recorded(ownHandlers, serverErrors)}) / sum(${recorded(ownHandlers)})` }],
  },
];

const GRAPHS: PanelSpec[] = [
  {
    title: 'Requests by status code',
    description: 'HTTP requests per second by status code, over 5 minutes.',
    unit: 'reqps',
    queries: [{ expr: `sum by (status_code) (${rate})`, legend: '{{status_code}}' }],
  },
  {
    title: 'Request latency (p99) by handler',
    description:
      '99th percentile of the time Grafana takes to answer, by handler. Exemplars link to traces when Grafana sends its traces to Tempo.',
    unit: 's',
    queries: [
      {
        expr: `histogram_quantile(0.99, sum by (le, handler) (rate(grafana_http_request_duration_seconds_bucket{${SCOPE}}[$__rate_interval])))`,
        legend: '{{handler}}',
        exemplar: true,
      },
    ],
  },
  {
    title: 'Server error ratio by handler',
    description:
      'Share of requests answered with a 5xx status, by handler, over 5 minutes (what the GrafanaRequestsFailing alert watches).',
    unit: 'percentunit',
    queries: [
      {
        expr: `sum by (handler) (${recorded(ownHandlers, serverErrors)}) / sum by (handler) (${recorded(ownHandlers)})`,
        legend: '{{handler}}',
      },
    ],
  },
  {
    title: 'Datasource requests',
    description: 'Requests Grafana sends to its datasources per second, by datasource and response code.',
    unit: 'reqps',
    queries: [
      {
        expr: `sum by (datasource, code) (rate(grafana_datasource_request_total{${SCOPE}}[$__rate_interval]))`,
        legend: '{{datasource}} {{code}}',
      },
    ],
  },
  {
    title: 'Datasource latency (p99)',
    description: '99th percentile of the time datasources take to answer Grafana, by datasource.',
    unit: 's',
    queries: [
      {
        expr: `histogram_quantile(0.99, sum by (le, datasource) (rate(grafana_datasource_request_duration_seconds_bucket{${SCOPE}}[$__rate_interval])))`,
        legend: '{{datasource}}',
        exemplar: true,
      },
    ],
  },
  {
    title: 'Memory (resident)',
    description: "Resident memory of each Grafana process; compare with the container's memory limit.",
    unit: 'bytes',
    queries: [{ expr: `sum by (pod) (process_resident_memory_bytes{${SCOPE}})`, legend: '{{pod}}' }],
  },
  {
    title: 'CPU',
    description: 'CPU cores each Grafana process uses.',
    unit: 'short',
    queries: [
      {
        expr: `sum by (pod) (rate(process_cpu_seconds_total{${SCOPE}}[$__rate_interval]))`,
        legend: '{{pod}}',
      },
    ],
  },
  {
    title: 'Goroutines',
    description:
      'Goroutines of each Grafana process; a steady climb points to a leak (often hanging datasource requests).',
    unit: 'short',
    queries: [{ expr: `sum by (pod) (go_goroutines{${SCOPE}})`, legend: '{{pod}}' }],
  },
];

/**
 * Grafana / Overview: is Grafana up, how fast and how often does it fail, what do its
 * datasources cost it, and its resources. Built with grafana-foundation-sdk; each builder is
 * built at once and never shared, so every call returns a new dashboard.
 */
export function grafanaOverviewDashboard(): Dashboard {
  const builder = new dashboard.DashboardBuilder(TITLE)
    .description("Health, traffic, errors and resources of the stack's Grafana.")
    .tags(['mixstack', 'grafana'])
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    // Grafana's own annotations (alerts, annotations made in the UI); an empty annotation list trips older frontends.
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
    .withVariable(
      new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    )
    .withVariable(
      new dashboard.QueryVariableBuilder('namespace')
        .label('Namespace')
        .datasource(DATASOURCE)
        .query('label_values(grafana_build_info, namespace)')
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    )
    .withVariable(
      new dashboard.QueryVariableBuilder('job')
        .label('Job')
        .datasource(DATASOURCE)
        .query('label_values(grafana_build_info{namespace="$namespace"}, job)')
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    );
  STATS.forEach((spec, i) => {
    builder.withPanel(statPanel(spec, i * 6));
  });
  GRAPHS.forEach((spec, i) => {
    builder.withPanel(timeseriesPanel(spec, i));
  });
  return plainDashboard(builder.build(), TITLE);
}
