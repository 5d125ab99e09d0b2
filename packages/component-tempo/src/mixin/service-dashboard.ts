import { DATASOURCE_UIDS, type Dashboard } from '@mixstack/core';
import { buildDashboard, datasourceVariable, grafanaVar, type PanelSpec, queryVariable } from '@mixstack/kit';
import { CLUSTER, clusterVariable, LINK_TITLE, TAG } from './dashboards.js';

/**
 * Service overview: the RED of one service (rate, errors, duration) from the span metrics Tempo's
 * metrics-generator remote-writes to Prometheus, with exemplars that open the trace behind a
 * point; the services it calls and is called by (Tempo's service graph); its recent traces; and
 * links to all its traces in Tempo and to its logs in Loki.
 *
 * Built in part by hand: the kit's `buildDashboard` knows Prometheus panels only (timeseries,
 * stats and tables reading the `datasource` variable). The kit builds the shell and the RED
 * panels; the node graph (a Tempo `serviceMap` query), the trace tables (TraceQL on Tempo) and
 * the links to Explore are Grafana's JSON model, written here. Core parses every target of a
 * tempo datasource whose query type is TraceQL when the stack renders.
 *
 * The series (Tempo's metrics-generator, modules/generator/processor; docs/sources/tempo/
 * metrics-from-traces): `traces_spanmetrics_calls_total{service, span_name, span_kind,
 * status_code}`, `traces_spanmetrics_latency_{bucket,sum,count}` (same labels and `le`),
 * `traces_service_graph_request_total{client, server}`,
 * `traces_service_graph_request_failed_total{client, server}` and
 * `traces_service_graph_request_server_seconds_bucket{client, server, le}`. They are written by
 * Tempo, not scraped from it: no `job="tempo"` here. They carry the cluster: the generator's
 * registry adds `cluster` (the stack's `common.cluster`) as an external label to every series it
 * writes (config/tempo-config.ts), so they are selected by the `cluster` variable like every
 * other dashboard's series, and "All" also matches a series written without it.
 */

/**
 * The service's name in a link's URL: percent-encoded by Grafana, as it lands inside the
 * encoded query of the Explore URL.
 */
export const SERVICE_IN_URL = grafanaVar('service:percentencode');

/** The Tempo and Loki datasources the stack provisions, by their fixed uids. */
export const TEMPO_DATASOURCE = Object.freeze({ type: 'tempo', uid: DATASOURCE_UIDS.tempo });
export const LOKI_DATASOURCE = Object.freeze({ type: 'loki', uid: DATASOURCE_UIDS.loki });

/** Spans that are the service answering (a request, a message it consumes): its RED. */
export const ENTRY_SPANS = 'span_kind=~"SPAN_KIND_SERVER|SPAN_KIND_CONSUMER"';
const SERVICE = 'service="$service"';
const OF_SERVICE = `${CLUSTER}, ${SERVICE}, ${ENTRY_SPANS}`;

/** The service's traces, in TraceQL (the service name is a resource attribute of its spans). */
export const SERVICE_TRACES = '{ resource.service.name = "$service" }';
export const SERVICE_ERROR_TRACES = '{ resource.service.name = "$service" && status = error }';
/**
 * The service's logs, in LogQL: the stack's collector labels every stream with `app`, from the
 * pod's `app.kubernetes.io/name`, which the OpenTelemetry SDKs' Kubernetes detectors also use
 * as the service name.
 */
export const SERVICE_LOGS = '{app="$service"}';

const calls = (...matchers: string[]) =>
  `rate(traces_spanmetrics_calls_total{${[OF_SERVICE, ...matchers].join(', ')}}[$__rate_interval])`;
const latency = (by: string) =>
  `sum by (${by}) (rate(traces_spanmetrics_latency_bucket{${OF_SERVICE}}[$__rate_interval]))`;
const quantile = (q: number, by = 'le') => `histogram_quantile(${q}, ${latency(by)})`;
/** The share of errors; 0, not a gap, where nothing failed. */
const errorRatio = (by?: string) => {
  const sum = by ? `sum by (${by})` : 'sum';
  return `(${sum} (${calls('status_code="STATUS_CODE_ERROR"')}) or ${sum} (${calls()}) * 0) / ${sum} (${calls()})`;
};

const edges = (series: string, matcher: string) =>
  `rate(${series}{${CLUSTER}, ${matcher}}[$__rate_interval])`;

/**
 * The node graph's filters, or-ed: the edges into the service and out of it, in the chosen
 * cluster. Grafana's Tempo datasource fills in the variables and puts each filter's matchers
 * into its queries of the service-graph series.
 */
export const SERVICE_MAP_QUERY = [`{${CLUSTER}, server="$service"}`, `{${CLUSTER}, client="$service"}`];

/** Calls between this service and its neighbours, each way, from the service-graph series. */
function graphTable(title: string, description: string, matcher: string): PanelSpec {
  const by = 'client, server';
  return {
    kind: 'table',
    title,
    description,
    unit: 'reqps',
    width: 12,
    keys: ['client', 'server'],
    columns: [
      {
        title: 'Requests',
        unit: 'reqps',
        expr: `sum by (${by}) (${edges('traces_service_graph_request_total', matcher)})`,
      },
      {
        title: 'Failed',
        unit: 'percentunit',
        expr: `(sum by (${by}) (${edges('traces_service_graph_request_failed_total', matcher)}) or sum by (${by}) (${edges('traces_service_graph_request_total', matcher)}) * 0) / sum by (${by}) (${edges('traces_service_graph_request_total', matcher)})`,
      },
      {
        title: 'p95 (server)',
        unit: 's',
        expr: `histogram_quantile(0.95, sum by (le, ${by}) (${edges('traces_service_graph_request_server_seconds_bucket', matcher)}))`,
      },
    ],
  };
}

/** An Explore link: one query on one datasource, over the dashboard's time range. */
export function exploreUrl(
  datasource: { type: string; uid: string },
  query: Record<string, unknown>,
): string {
  const panes = {
    a: {
      datasource: datasource.uid,
      queries: [{ refId: 'A', datasource, ...query }],
      range: { from: grafanaVar('__from'), to: grafanaVar('__to') },
    },
  };
  // Grafana fills in the variables (`${name}`, `${name:format}`) before it follows the link:
  // they stay as they are in the encoded URL.
  const encoded = encodeURIComponent(JSON.stringify(panes)).replace(
    /%24%7B(\w+(?:%3A\w+)?)%7D/g,
    (_, name: string) => grafanaVar(decodeURIComponent(name)),
  );
  return `/explore?schemaVersion=1&orgId=1&panes=${encoded}`;
}

/** TraceQL on the Tempo datasource: what core parses at build. */
function traceqlTarget(query: string, limit: number) {
  return {
    refId: 'A',
    datasource: { ...TEMPO_DATASOURCE },
    queryType: 'traceql',
    query,
    limit,
    tableType: 'traces',
  };
}

type Json = Record<string, unknown>;

/** The hand-built panels below the kit's, from grid row `y` and panel id `id` on. */
function tempoPanels(y: number, id: number): Json[] {
  const traces = (title: string, description: string, query: string, x: number, panelId: number): Json => ({
    id: panelId,
    type: 'table',
    title,
    description,
    datasource: { ...TEMPO_DATASOURCE },
    gridPos: { x, y: y + 12, w: 12, h: 10 },
    fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
    options: { showHeader: true, cellHeight: 'sm' },
    targets: [traceqlTarget(query, 20)],
  });
  return [
    {
      id,
      type: 'row',
      title: 'Service graph and traces',
      collapsed: false,
      gridPos: { x: 0, y, w: 24, h: 1 },
      panels: [],
    },
    {
      id: id + 1,
      type: 'nodeGraph',
      title: 'Service graph',
      description:
        'The services this one calls and is called by, from the service-graph metrics Tempo writes to Prometheus (the Tempo datasource reads them through its service map setting). Click a node for its traces.',
      datasource: { ...TEMPO_DATASOURCE },
      gridPos: { x: 0, y: y + 1, w: 24, h: 11 },
      fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
      options: {},
      targets: [
        {
          refId: 'A',
          datasource: { ...TEMPO_DATASOURCE },
          queryType: 'serviceMap',
          serviceMapQuery: [...SERVICE_MAP_QUERY],
        },
      ],
    },
    traces(
      'Recent traces',
      'The last 20 traces with a span of this service (TraceQL); click one to open it.',
      SERVICE_TRACES,
      0,
      id + 2,
    ),
    traces(
      'Recent traces with errors',
      'The last 20 traces where a span of this service ended with an error status (TraceQL).',
      SERVICE_ERROR_TRACES,
      12,
      id + 3,
    ),
  ];
}

/** The Service overview dashboard. Each call builds a new one. */
export function serviceDashboard(): Dashboard {
  const shell = buildDashboard({
    title: 'Service overview',
    description:
      "Rate, errors and duration of one service from Tempo's span metrics, with exemplars to its traces; its neighbours in the service graph, its recent traces, and links to its traces and logs.",
    tag: TAG,
    linkTitle: LINK_TITLE,
    variables: [
      datasourceVariable(),
      clusterVariable('traces_spanmetrics_calls_total'),
      queryVariable('service', 'Service', `traces_spanmetrics_calls_total{${CLUSTER}}`, 'service'),
    ],
    rows: [
      {
        panels: [
          {
            kind: 'stat',
            title: 'Requests',
            description: 'Requests per second the service answers: its server and consumer spans.',
            unit: 'reqps',
            width: 8,
            query: { expr: `sum(${calls()})` },
          },
          {
            kind: 'stat',
            title: 'Errors',
            description: 'Share of its server and consumer spans that ended with an error status.',
            unit: 'percentunit',
            width: 8,
            query: { expr: errorRatio() },
            thresholds: [
              [0.01, 'orange'],
              [0.05, 'red'],
            ],
          },
          {
            kind: 'stat',
            title: 'Latency (p95)',
            description: '95th percentile of the duration of its server and consumer spans.',
            unit: 's',
            width: 8,
            query: { expr: quantile(0.95) },
          },
        ],
      },
      {
        title: 'Rate, errors, duration',
        panels: [
          {
            kind: 'timeseries',
            title: 'Requests by operation',
            description:
              'Requests per second by span name (the operation: route, RPC method, consumed topic).',
            unit: 'reqps',
            width: 8,
            stack: true,
            queries: [{ expr: `sum by (span_name) (${calls()})`, legend: '{{span_name}}' }],
          },
          {
            kind: 'timeseries',
            title: 'Error ratio by operation',
            description: 'Share of the spans of each operation that ended with an error status.',
            unit: 'percentunit',
            width: 8,
            min: 0,
            queries: [{ expr: errorRatio('span_name'), legend: '{{span_name}}' }],
          },
          {
            kind: 'timeseries',
            title: 'Latency',
            description:
              '50th, 95th and 99th percentile of the duration of its server and consumer spans; the dots are exemplars, each a trace: click one to open it in Tempo.',
            unit: 's',
            width: 8,
            queries: [
              { expr: quantile(0.5), legend: 'p50', exemplar: true },
              { expr: quantile(0.95), legend: 'p95', exemplar: true },
              { expr: quantile(0.99), legend: 'p99', exemplar: true },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Latency (p95) by operation',
            description: '95th percentile of the duration of each operation, with exemplars to their traces.',
            unit: 's',
            width: 24,
            queries: [{ expr: quantile(0.95, 'le, span_name'), legend: '{{span_name}}', exemplar: true }],
          },
        ],
      },
      {
        title: 'Calls between services',
        panels: [
          graphTable(
            'Called by',
            'The services that call this one: requests per second, share failed, and the 95th percentile of the time this service takes to answer.',
            'server="$service"',
          ),
          graphTable(
            'Calls',
            'The services (and databases, queues) this one calls: requests per second, share failed, and the 95th percentile of their answer time.',
            'client="$service"',
          ),
        ],
      },
    ],
  });
  const panels = shell.panels as Json[];
  const bottom = Math.max(
    ...panels.map((p) => (p.gridPos as { y: number; h: number }).y + (p.gridPos as { h: number }).h),
  );
  const nextId = Math.max(...panels.map((p) => p.id as number)) + 1;
  return {
    ...shell,
    links: [
      ...((shell.links as Json[] | undefined) ?? []),
      {
        type: 'link',
        title: 'Traces of $service (Tempo)',
        tooltip: 'Every trace of the service in the time range, in Explore.',
        icon: 'external link',
        url: exploreUrl(TEMPO_DATASOURCE, {
          queryType: 'traceql',
          query: SERVICE_TRACES.replace('$service', SERVICE_IN_URL),
        }),
        targetBlank: false,
        asDropdown: false,
        includeVars: false,
        keepTime: false,
        tags: [],
      },
      {
        type: 'link',
        title: 'Logs of $service (Loki)',
        tooltip: 'The logs of the pods of the service in the time range, in Explore.',
        icon: 'external link',
        url: exploreUrl(LOKI_DATASOURCE, {
          expr: SERVICE_LOGS.replace('$service', SERVICE_IN_URL),
          queryType: 'range',
        }),
        targetBlank: false,
        asDropdown: false,
        includeVars: false,
        keepTime: false,
        tags: [],
      },
    ],
    panels: [...panels, ...tempoPanels(bottom, nextId)],
  };
}
