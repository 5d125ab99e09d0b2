import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  type PanelSpec,
  queryVariable,
  type RowSpec,
  type StatSpec,
  type TimeseriesSpec,
} from '@mixstack/kit';
import { JOB, LONG_LIVED_ROUTES, ROUTE_RECORDS, SERVER_ERROR, TRACEQL_ROUTES } from './rules.js';

/**
 * The Prometheus dashboards of Tempo: Writes, Reads and Operational, the titles of upstream's
 * tempo-mixin, over the single binary (job `tempo`) or every workload of the distributed mode
 * (`tempo-<target>`), summed over them: each panel reads the metric of the part of Tempo that
 * exposes it. Metric names and where they come from: see `rules.ts`; the few read only here are
 * named at their panel.
 */

/** The mixin's tag: its dashboards link to each other through it. */
export const TAG = 'tempo';
export const LINK_TITLE = 'Tempo dashboards';

/**
 * The chosen cluster, in every selector and in the namespace variable's query. Series carry the
 * `cluster` label only where it is added (remote write, Thanos, a fleet's observer): in the
 * stack's own Prometheus Tempo's scraped series have none. The variable's "All" entry, its
 * default, matches `.*`, which also matches a series without the label, so the dashboards have
 * data in one cluster as in a fleet, where the user picks one.
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** Every query is scoped to the Tempo chosen in the variables: cluster, namespace, its jobs. */
export const SCOPE = `${CLUSTER}, namespace="$namespace", ${JOB}`;

/** Trace lookups by id (not TraceQL): the frontend's and the querier's route. */
export const TRACE_BY_ID_ROUTES = '(querier_)?api_(v2_)?traces_.*';

/**
 * The `cluster` variable: the clusters where `series` has a value, "All" (`.*`, see CLUSTER)
 * first and the default.
 */
export const clusterVariable = (series: string) =>
  queryVariable('cluster', 'Cluster', series, 'cluster', { allValue: '.*' });

// tempo_build_info{version, revision, ...}: every Tempo binary (dskit's build info, Tempo's
// namespace), in either mode. Datasource, then cluster, then namespace of the chosen cluster.
const variables = () => [
  datasourceVariable(),
  clusterVariable(`tempo_build_info{${JOB}}`),
  queryVariable('namespace', 'Namespace', `tempo_build_info{${CLUSTER}, ${JOB}}`, 'namespace'),
];

const stat = (spec: Omit<StatSpec, 'kind' | 'width'>): StatSpec => ({ kind: 'stat', width: 6, ...spec });
const graph = (spec: Omit<TimeseriesSpec, 'kind' | 'width'>, width = 12): TimeseriesSpec => ({
  kind: 'timeseries',
  width,
  ...spec,
});

const raw = (series: string, ...matchers: string[]) => `${series}{${[SCOPE, ...matchers].join(', ')}}`;
const rate = (series: string, ...matchers: string[]) => `rate(${raw(series, ...matchers)}[$__rate_interval])`;
const routes = (pattern: string) => `route=~"${pattern}"`;

/** Requests by status code, errors, and latency from the records, for one set of routes. */
function requestPanels(what: string, pattern: string, alertName: string): PanelSpec[] {
  const requests = (...m: string[]) => rate('tempo_request_duration_seconds_count', routes(pattern), ...m);
  const recorded = (series: string) => raw(series, routes(pattern));
  return [
    graph({
      title: `${what} by status code`,
      description: `${what} per second Tempo answers, by status code.`,
      unit: 'reqps',
      queries: [{ expr: `sum by (status_code) (${requests()})`, legend: '{{status_code}}' }],
      stack: true,
    }),
    graph({
      title: `${what}: server errors by route`,
      description: `Share of the ${what.toLowerCase()} answered with a 5xx status (a gRPC error), by route (what ${alertName} watches, over 5 minutes).`,
      unit: 'percentunit',
      min: 0,
      queries: [
        {
          // Routes without errors show 0, not a gap: the errors, or else the requests times 0.
          expr: `(sum by (route) (${requests(SERVER_ERROR)}) or sum by (route) (${requests()}) * 0) / sum by (route) (${requests()})`,
          legend: '{{route}}',
        },
      ],
    }),
    graph({
      title: `${what}: latency by route`,
      description: `99th and 50th percentile and average of the time Tempo takes to answer, by route, over 1 minute (the recording rules of the mixin; TempoRequestLatency).`,
      unit: 's',
      queries: [
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.p99)})`, legend: 'p99 {{route}}' },
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.p50)})`, legend: 'p50 {{route}}' },
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.avg)})`, legend: 'avg {{route}}' },
      ],
    }),
    graph({
      title: `${what}: latency (p99, all routes)`,
      description: `99th percentile of the time Tempo takes to answer, all these routes together, from the histogram; exemplars lead to Tempo's own traces when it traces itself.`,
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (le) (${rate('tempo_request_duration_seconds_bucket', routes(pattern))}))`,
          legend: 'p99',
          exemplar: true,
        },
      ],
    }),
  ];
}

function dashboard(title: string, description: string, rows: RowSpec[]): Dashboard {
  return buildDashboard({
    title,
    description,
    tag: TAG,
    linkTitle: LINK_TITLE,
    variables: variables(),
    rows,
  });
}

/** Tempo / Writes: spans in, spans refused or discarded, blocks written, and the metrics-generator. */
export function writesDashboard(): Dashboard {
  return dashboard(
    'Tempo / Writes',
    'The write path of Tempo: spans received, refused and discarded, blocks flushed, and the span metrics the generator writes to Prometheus.',
    [
      {
        title: 'Receivers and distributor',
        panels: [
          graph({
            title: 'Spans accepted and refused by receiver',
            description:
              'Spans per second the OpenTelemetry receivers accept and refuse, by receiver and transport (TempoReceiverRefusingSpans).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (receiver, transport) (${rate('tempo_receiver_accepted_spans')})`,
                legend: 'accepted {{receiver}}/{{transport}}',
              },
              {
                expr: `sum by (receiver, transport) (${rate('tempo_receiver_refused_spans')})`,
                legend: 'refused {{receiver}}/{{transport}}',
              },
            ],
          }),
          graph({
            title: 'Spans received by tenant',
            description: 'Spans per second the distributor takes in, by tenant.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (tenant) (${rate('tempo_distributor_spans_received_total')})`,
                legend: '{{tenant}}',
              },
            ],
          }),
          graph({
            title: 'Bytes received by tenant',
            description: 'Bytes of spans per second the distributor takes in, by tenant.',
            unit: 'Bps',
            queries: [
              {
                expr: `sum by (tenant) (${rate('tempo_distributor_bytes_received_total')})`,
                legend: '{{tenant}}',
              },
            ],
          }),
          graph({
            title: 'Discarded spans by reason',
            description:
              'Spans per second Tempo drops after receiving them, by reason and tenant: limits (rate_limited, live_traces_exceeded), traces too large (TempoDiscardingSpans).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (reason, tenant) (${rate('tempo_discarded_spans_total')})`,
                legend: '{{reason}} ({{tenant}})',
              },
            ],
          }),
        ],
      },
      {
        title: 'Blocks',
        panels: [
          graph({
            title: 'Blocks flushed to the backend',
            description:
              'Complete blocks per hour written to the backend, and the failed attempts of completing a WAL block or flushing it (TempoBlockFlushesFailing).',
            unit: 'short',
            queries: [
              {
                expr: `sum(${rate('tempo_live_store_local_blocks_flushed_total')}) * 3600`,
                legend: 'flushed',
              },
              {
                expr: `sum(${rate('tempo_live_store_local_failed_flushes_total')}) * 3600`,
                legend: 'failed flushes',
              },
              {
                expr: `sum(${rate('tempo_live_store_failed_completions_total')}) * 3600`,
                legend: 'failed completions',
              },
            ],
          }),
          graph({
            // tempo_live_store_local_flush_duration_seconds: modules/livestore/complete_block_lifecycle.go.
            title: 'Flush duration (p99)',
            description: '99th percentile of the time a flush of a complete block to the backend takes.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (le) (${rate('tempo_live_store_local_flush_duration_seconds_bucket')}))`,
                legend: 'p99',
              },
            ],
          }),
        ],
      },
      {
        title: 'Metrics-generator',
        panels: [
          graph(
            {
              title: 'Spans into span metrics',
              description:
                'Spans per second the metrics-generator counts, and those it leaves out, by reason (TempoMetricsGeneratorDiscardingSpans), or drops from the service graph (TempoServiceGraphsDroppingSpans).',
              unit: 'short',
              queries: [
                {
                  expr: `sum(${rate('tempo_metrics_generator_spans_received_total')})`,
                  legend: 'received',
                },
                {
                  expr: `sum by (reason) (${rate('tempo_metrics_generator_spans_discarded_total')})`,
                  legend: 'discarded {{reason}}',
                },
                {
                  expr: `sum(${rate('tempo_metrics_generator_processor_service_graphs_dropped_spans')})`,
                  legend: 'dropped from the service graph',
                },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'Active series',
              description:
                'Series the metrics-generator keeps and writes, by tenant: the cost of span metrics in Prometheus.',
              unit: 'short',
              queries: [
                {
                  expr: `sum by (tenant) (${raw('tempo_metrics_generator_registry_active_series')})`,
                  legend: '{{tenant}}',
                },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'Samples written to Prometheus',
              description:
                'Samples per second the generator remote-writes, and those that failed, by URL (TempoMetricsGeneratorRemoteWriteFailing).',
              unit: 'short',
              queries: [
                {
                  expr: `sum by (url) (${rate('prometheus_remote_storage_samples_total')})`,
                  legend: 'sent {{url}}',
                },
                {
                  expr: `sum by (url) (${rate('prometheus_remote_storage_samples_failed_total')})`,
                  legend: 'failed {{url}}',
                },
              ],
            },
            8,
          ),
        ],
      },
    ],
  );
}

/** Tempo / Reads: TraceQL queries and trace lookups, their errors and latency. */
export function readsDashboard(): Dashboard {
  return dashboard(
    'Tempo / Reads',
    'The read path of Tempo: TraceQL searches and metrics, trace lookups by id, errors and latency.',
    [
      {
        title: 'TraceQL (search and metrics)',
        panels: requestPanels('TraceQL queries', TRACEQL_ROUTES, 'TempoTraceQLQueryErrors'),
      },
      {
        title: 'Trace lookups by id',
        panels: requestPanels('Trace lookups', TRACE_BY_ID_ROUTES, 'TempoRequestErrors'),
      },
      {
        title: 'Query frontend',
        panels: [
          graph(
            {
              title: 'Queries by operation and result',
              description:
                'Queries per second the frontend finishes, by operation (traces, search, metadata, metrics) and result (completed or canceled by the client).',
              unit: 'reqps',
              queries: [
                {
                  expr: `sum by (op, result) (${rate('tempo_query_frontend_queries_total')})`,
                  legend: '{{op}} {{result}}',
                },
              ],
            },
            24,
          ),
        ],
      },
    ],
  );
}

/** Tempo / Operational: is it up, does it fail, its backend work and retention, its resources. */
export function operationalDashboard(): Dashboard {
  const all = rate('tempo_request_duration_seconds_count');
  const errors = rate('tempo_request_duration_seconds_count', SERVER_ERROR);
  const jobs = (kind: string) =>
    `sum by (job_type) (${rate(`tempo_backend_scheduler_jobs_${kind}_total`)}) * 3600`;
  return dashboard(
    'Tempo / Operational',
    'Health of Tempo: up, errors, backend jobs, retention and resources.',
    [
      {
        panels: [
          stat({
            title: 'Targets up',
            description: 'Tempo pods that answered their last scrape.',
            unit: 'none',
            query: { expr: `sum(up{${SCOPE}})` },
          }),
          stat({
            title: 'Spans received',
            description: 'Spans per second the distributor takes in, all tenants.',
            unit: 'short',
            query: { expr: `sum(${rate('tempo_distributor_spans_received_total')})` },
          }),
          stat({
            title: 'Server errors',
            description:
              'Share of the HTTP and gRPC requests answered with a 5xx status or a gRPC error, all routes.',
            unit: 'percentunit',
            query: { expr: `(sum(${errors}) or vector(0)) / sum(${all})` },
            thresholds: [
              [0.01, 'orange'],
              [0.1, 'red'],
            ],
          }),
          stat({
            title: 'Blocks in the backend',
            description:
              'Blocks Tempo lists in its backend, all tenants: grows with ingest, shrinks with compaction and retention.',
            unit: 'none',
            query: { expr: `sum(${raw('tempodb_blocklist_length')})` },
          }),
        ],
      },
      {
        title: 'Requests',
        panels: [
          graph({
            title: 'Requests by route',
            description: 'Requests per second by route, from the recording rules.',
            unit: 'reqps',
            queries: [{ expr: `sum by (route) (${raw(ROUTE_RECORDS.countRate)})`, legend: '{{route}}' }],
          }),
          graph({
            title: 'Latency (p99) by route',
            description: `99th percentile of the time Tempo takes to answer, by route, long-lived routes (${LONG_LIVED_ROUTES}) left out (TempoRequestLatency).`,
            unit: 's',
            queries: [
              {
                expr: `max by (route) (${raw(ROUTE_RECORDS.p99, `route!~"${LONG_LIVED_ROUTES}"`)})`,
                legend: '{{route}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Backend work and retention',
        panels: [
          graph(
            {
              title: 'Backend jobs by type',
              description:
                "Compaction and retention jobs per hour of Tempo's backend scheduler, created, completed and failed (TempoBackendJobsFailing).",
              unit: 'short',
              queries: [
                { expr: jobs('created'), legend: 'created {{job_type}}' },
                { expr: jobs('completed'), legend: 'completed {{job_type}}' },
                { expr: jobs('failed'), legend: 'failed {{job_type}}' },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'Retention',
              description:
                'Blocks per hour marked for deletion as past their retention, blocks deleted, and retention errors (TempoRetentionFailing, TempoBlocksNotDeleted).',
              unit: 'short',
              queries: [
                {
                  expr: `sum(${rate('tempodb_retention_marked_for_deletion_total')}) * 3600`,
                  legend: 'marked',
                },
                { expr: `sum(${rate('tempodb_retention_deleted_total')}) * 3600`, legend: 'deleted' },
                { expr: `sum(${rate('tempodb_retention_errors_total')}) * 3600`, legend: 'errors' },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'Blocks by tenant',
              description:
                'Blocks in the backend by tenant; a steady climb means compaction or retention is behind.',
              unit: 'none',
              queries: [
                { expr: `sum by (tenant) (${raw('tempodb_blocklist_length')})`, legend: '{{tenant}}' },
              ],
            },
            8,
          ),
        ],
      },
      {
        title: 'Resources',
        panels: [
          graph(
            {
              title: 'Memory (resident)',
              description:
                "Resident memory of each Tempo process; compare with the container's memory limit.",
              unit: 'bytes',
              queries: [
                { expr: `sum by (pod) (${raw('process_resident_memory_bytes')})`, legend: '{{pod}}' },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'CPU',
              description: 'CPU cores each Tempo process uses.',
              unit: 'short',
              queries: [{ expr: `sum by (pod) (${rate('process_cpu_seconds_total')})`, legend: '{{pod}}' }],
            },
            8,
          ),
          graph(
            {
              title: 'Goroutines',
              description: 'Goroutines of each Tempo process; a steady climb points to hanging requests.',
              unit: 'short',
              queries: [{ expr: `sum by (pod) (${raw('go_goroutines')})`, legend: '{{pod}}' }],
            },
            8,
          ),
        ],
      },
    ],
  );
}
