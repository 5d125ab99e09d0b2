import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  queryVariable,
  type StatSpec,
  type TimeseriesSpec,
  type VariableSpec,
} from '@mixstack/kit';
import { DATASOURCE_HANDLERS, REQUEST_RATE_RECORD } from './rules.js';

/** File name of the overview dashboard in the `grafana` mixin. */
export const OVERVIEW_FILE = 'grafana-overview.json';

/**
 * The chosen cluster, in every selector and in the other variables' queries. Series carry the
 * `cluster` label only where it is added (remote write, Thanos, a fleet's observer): in the
 * stack's own Prometheus they have none. The variable's "All" entry, its default, matches `.*`,
 * which also matches a series without the label, so the dashboard has data in one cluster as in
 * a fleet, where the user picks one.
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** Every query is scoped to the Grafana chosen in the variables: cluster, namespace, job. */
const SCOPE = `${CLUSTER}, namespace="$namespace", job="$job"`;

/** Datasource, then cluster, namespace and job, each listing only the values of the ones before it. */
const VARIABLES: readonly VariableSpec[] = [
  datasourceVariable(),
  queryVariable('cluster', 'Cluster', 'grafana_build_info', 'cluster', { allValue: '.*' }),
  queryVariable('namespace', 'Namespace', `grafana_build_info{${CLUSTER}}`, 'namespace'),
  queryVariable('job', 'Job', `grafana_build_info{${CLUSTER}, namespace="$namespace"}`, 'job'),
];

/** A stat of the top line: a quarter of the grid. */
const stat = (spec: Omit<StatSpec, 'kind' | 'width'>): StatSpec => ({ kind: 'stat', width: 6, ...spec });
/** A graph: half the grid. */
const graph = (spec: Omit<TimeseriesSpec, 'kind' | 'width'>): TimeseriesSpec => ({
  kind: 'timeseries',
  width: 12,
  ...spec,
});

/** The recorded request rate (the recording rule of this mixin), with extra matchers. */
const recorded = (...matchers: string[]): string =>
  `${REQUEST_RATE_RECORD}{${[SCOPE, ...matchers].join(', ')}}`;
const rate = recorded();
/** Grafana's own handlers: datasource queries fail when the datasource does. */
const ownHandlers = `handler!~"${DATASOURCE_HANDLERS}"`;
const serverErrors = 'status_code=~"5.."';

const STATS: StatSpec[] = [
  stat({
    title: 'Instances up',
    description: 'Grafana pods Prometheus scrapes successfully right now.',
    unit: 'none',
    query: { expr: `sum(up{${SCOPE}})` },
  }),
  stat({
    title: 'Dashboards',
    description: "Dashboards in Grafana's database: the provisioned ones plus any saved from the UI.",
    unit: 'none',
    query: { expr: `max(grafana_stat_totals_dashboard{${SCOPE}})` },
  }),
  stat({
    title: 'Request rate',
    description: 'HTTP requests Grafana serves per second, over 5 minutes (all handlers).',
    unit: 'reqps',
    query: { expr: `sum(${rate})` },
  }),
  stat({
    title: 'Server errors',
    description:
      "Share of the requests to Grafana's own handlers answered with a 5xx status, over 5 minutes. Datasource queries are left out: their errors are the datasources'.",
    unit: 'percentunit',
    query: { expr: `sum(${recorded(ownHandlers, serverErrors)}) / sum(${recorded(ownHandlers)})` },
  }),
];

const GRAPHS: TimeseriesSpec[] = [
  graph({
    title: 'Requests by status code',
    description: 'HTTP requests per second by status code, over 5 minutes.',
    unit: 'reqps',
    queries: [{ expr: `sum by (status_code) (${rate})`, legend: '{{status_code}}' }],
  }),
  graph({
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
  }),
  graph({
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
  }),
  graph({
    title: 'Datasource requests',
    description: 'Requests Grafana sends to its datasources per second, by datasource and response code.',
    unit: 'reqps',
    queries: [
      {
        expr: `sum by (datasource, code) (rate(grafana_datasource_request_total{${SCOPE}}[$__rate_interval]))`,
        legend: '{{datasource}} {{code}}',
      },
    ],
  }),
  graph({
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
  }),
  graph({
    title: 'Memory (resident)',
    description: "Resident memory of each Grafana process; compare with the container's memory limit.",
    unit: 'bytes',
    queries: [{ expr: `sum by (pod) (process_resident_memory_bytes{${SCOPE}})`, legend: '{{pod}}' }],
  }),
  graph({
    title: 'CPU',
    description: 'CPU cores each Grafana process uses.',
    unit: 'short',
    queries: [
      {
        expr: `sum by (pod) (rate(process_cpu_seconds_total{${SCOPE}}[$__rate_interval]))`,
        legend: '{{pod}}',
      },
    ],
  }),
  graph({
    title: 'Goroutines',
    description:
      'Goroutines of each Grafana process; a steady climb points to a leak (often hanging datasource requests).',
    unit: 'short',
    queries: [{ expr: `sum by (pod) (go_goroutines{${SCOPE}})`, legend: '{{pod}}' }],
  }),
];

/**
 * Grafana / Overview: is Grafana up, how fast and how often does it fail, what do its
 * datasources cost it, and its resources: a few panels, in the kit's `overview` style (stats
 * with sparklines). Each call builds a new dashboard.
 */
export function grafanaOverviewDashboard(): Dashboard {
  return buildDashboard({
    title: 'Grafana / Overview',
    description: "Health, traffic, errors and resources of the stack's Grafana.",
    tag: 'grafana',
    from: 'now-6h',
    style: 'overview',
    panelIds: false,
    variables: [...VARIABLES],
    rows: [{ panels: [...STATS, ...GRAPHS] }],
  });
}
