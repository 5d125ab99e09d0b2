import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  type PanelSpec,
  queryVariable,
  type RowSpec,
  type StatSpec,
  type TimeseriesSpec,
  type VariableSpec,
} from '@mixstack/kit';
import {
  COLLECTOR_JOB,
  COMPRESSED_BYTES_RECORDS,
  JOB,
  READ_ROUTES,
  ROUTE_RECORDS,
  SAMPLES_RECORDS,
  SERVER_ERROR,
  WRITE_ROUTES,
} from './rules.js';

/**
 * The Prometheus dashboards of Pyroscope: Writes and Reads, the titles and uids of upstream's
 * pyroscope-mixin, for one Pyroscope 2 single binary (one job, every role in one pod, v2
 * storage). Metric names and where they come from: see `rules.ts`; the few read only here are
 * named at their panel. A `cluster` variable comes right after the datasource and every query
 * selects it, with or without the stack's `common.multiCluster` (see CLUSTER).
 */

/** The mixin's tag: its dashboards link to each other through it. */
export const TAG = 'pyroscope';
export const LINK_TITLE = 'Pyroscope dashboards';

/** The uids of upstream's dashboards, so links to them keep working. */
export const WRITES_UID = 'pyroscope-writes';
export const READS_UID = 'pyroscope-reads';

/**
 * The chosen cluster, in every selector and in the namespace variable's query. Series carry the
 * `cluster` label only where it is added (remote write, Thanos, a fleet's observer): in the
 * stack's own Prometheus they have none. The variable's "All" entry, its default, matches `.*`,
 * which also matches a series without the label, so the dashboards have data in one cluster as
 * in a fleet, where the user picks one.
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** What every query on Pyroscope's own series selects: the Pyroscope chosen in the variables. */
export const SCOPE = `${CLUSTER}, namespace="$namespace", ${JOB}`;

/** What the collector's panels select: the collector and its eBPF profiler of the chosen cluster, whatever their namespace (the profiler has one of its own). */
export const COLLECTOR_SCOPE = `${CLUSTER}, ${COLLECTOR_JOB}`;

// pyroscope_build_info{version, revision, branch, goversion}: every Pyroscope binary (dskit's
// build info). Datasource, then cluster ("All" first and the default), then the chosen cluster's
// namespaces.
const VARIABLES: readonly VariableSpec[] = [
  datasourceVariable(),
  queryVariable('cluster', 'Cluster', `pyroscope_build_info{${JOB}}`, 'cluster', { allValue: '.*' }),
  queryVariable('namespace', 'Namespace', `pyroscope_build_info{${CLUSTER}, ${JOB}}`, 'namespace'),
];

const stat = (spec: Omit<StatSpec, 'kind' | 'width'>): StatSpec => ({ kind: 'stat', width: 6, ...spec });
const graph = (spec: Omit<TimeseriesSpec, 'kind' | 'width'>, width = 12): TimeseriesSpec => ({
  kind: 'timeseries',
  width,
  ...spec,
});

/** Series and rates of one scope (Pyroscope's or the collector's). */
function selectors(scope: string) {
  const raw = (series: string, ...matchers: string[]) => `${series}{${[scope, ...matchers].join(', ')}}`;
  const rate = (series: string, ...matchers: string[]) =>
    `rate(${raw(series, ...matchers)}[$__rate_interval])`;
  return { raw, rate };
}

const routes = (pattern: string) => `route=~"${pattern}"`;

/** Requests by status code, errors, and latency from the records, for one set of routes. */
function requestPanels(
  scope: string,
  what: string,
  pattern: string,
  errorsAlert: string,
  latencyAlert?: string,
): PanelSpec[] {
  const { raw, rate } = selectors(scope);
  const requests = (...m: string[]) =>
    rate('pyroscope_request_duration_seconds_count', routes(pattern), ...m);
  const recorded = (series: string) => raw(series, routes(pattern));
  return [
    graph({
      title: `${what} by status code`,
      description: `${what} per second Pyroscope answers, by status code.`,
      unit: 'reqps',
      queries: [{ expr: `sum by (status_code) (${requests()})`, legend: '{{status_code}}' }],
      stack: true,
    }),
    graph({
      title: `${what}: server errors by route`,
      description: `Share of the ${what.toLowerCase()} answered with a 5xx status (a gRPC error), by route (what ${errorsAlert} watches, over 5 minutes).`,
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
      description: `99th and 50th percentile and average of the time Pyroscope takes to answer, by route, over 1 minute (the recording rules of the mixin${latencyAlert ? `; ${latencyAlert}` : ''}).`,
      unit: 's',
      queries: [
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.p99)})`, legend: 'p99 {{route}}' },
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.p50)})`, legend: 'p50 {{route}}' },
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.avg)})`, legend: 'avg {{route}}' },
      ],
    }),
    graph({
      title: `${what}: latency (p99, all routes)`,
      description: `99th percentile of the time Pyroscope takes to answer, all these routes together, from the histogram.`,
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (le) (${rate('pyroscope_request_duration_seconds_bucket', routes(pattern))}))`,
          legend: 'p99',
        },
      ],
    }),
  ];
}

/** p99, p50 and average of a recorded histogram by profile type. */
function byTypePanel(
  scope: string,
  records: typeof COMPRESSED_BYTES_RECORDS,
  title: string,
  description: string,
  unit: string,
): TimeseriesSpec {
  const { raw } = selectors(scope);
  return graph(
    {
      title,
      description,
      unit,
      queries: [
        { expr: `max by (type) (${raw(records.p99)})`, legend: 'p99 {{type}}' },
        { expr: `max by (type) (${raw(records.p50)})`, legend: 'p50 {{type}}' },
        { expr: `max by (type) (${raw(records.avg)})`, legend: 'avg {{type}}' },
      ],
    },
    8,
  );
}

function dashboard(uid: string, title: string, description: string, rows: RowSpec[]): Dashboard {
  return {
    ...buildDashboard({
      title,
      description,
      tag: TAG,
      linkTitle: LINK_TITLE,
      variables: [...VARIABLES],
      rows,
    }),
    uid,
  };
}

/** Pyroscope / Writes: profiles in, refused or discarded, written to storage, and the collector's pushes. */
export function writesDashboard(): Dashboard {
  const scope = SCOPE;
  const { raw, rate } = selectors(scope);
  const collector = selectors(COLLECTOR_SCOPE);
  const pushes = rate('pyroscope_request_duration_seconds_count', routes(WRITE_ROUTES));
  const pushErrors = rate('pyroscope_request_duration_seconds_count', routes(WRITE_ROUTES), SERVER_ERROR);
  const written = (kind: 'sent' | 'dropped', what: 'profiles' | 'bytes') =>
    `sum by (endpoint) (${collector.rate(`pyroscope_write_${kind}_${what}_total`)})`;
  return dashboard(
    WRITES_UID,
    'Pyroscope / Writes',
    "The write path of Pyroscope: profiles received, refused and discarded, segments written to the object store, the metastore and compaction, and the collector's pushes.",
    [
      {
        panels: [
          stat({
            title: 'Targets up',
            description: 'Pyroscope pods that answered their last scrape.',
            unit: 'none',
            query: { expr: `sum(up{${scope}})` },
          }),
          stat({
            title: 'Profiles received',
            description:
              'Profiles per second the distributor takes in, all types and tenants (the recording rules).',
            unit: 'short',
            query: { expr: `sum(${raw(COMPRESSED_BYTES_RECORDS.countRate)})` },
          }),
          stat({
            title: 'Push errors',
            description:
              'Share of the pushes (Connect push, /ingest, OTLP) answered with a 5xx status or a gRPC error.',
            unit: 'percentunit',
            query: { expr: `(sum(${pushErrors}) or vector(0)) / sum(${pushes})` },
            thresholds: [
              [0.01, 'orange'],
              [0.1, 'red'],
            ],
          }),
          stat({
            title: 'Profiles discarded',
            description:
              'Profiles per second Pyroscope discards after receiving them, all reasons and tenants.',
            unit: 'short',
            query: { expr: `sum(${rate('pyroscope_discarded_samples_total')}) or vector(0)` },
            thresholds: [[0.001, 'orange']],
          }),
        ],
      },
      {
        title: 'Profiles received',
        panels: [
          graph(
            {
              title: 'Profiles received by type',
              description:
                'Profiles per second the distributor takes in, by profile type (process_cpu, memory, goroutine, ...), from the recording rules.',
              unit: 'short',
              queries: [
                { expr: `sum by (type) (${raw(COMPRESSED_BYTES_RECORDS.countRate)})`, legend: '{{type}}' },
              ],
              stack: true,
            },
            8,
          ),
          byTypePanel(
            scope,
            COMPRESSED_BYTES_RECORDS,
            'Compressed size per profile',
            'Compressed size of one profile as received, by type: 99th and 50th percentile and average over 1 minute (the recording rules).',
            'bytes',
          ),
          byTypePanel(
            scope,
            SAMPLES_RECORDS,
            'Samples per profile',
            'Samples (stack traces with their values) in one profile, by type: 99th and 50th percentile and average over 1 minute (the recording rules).',
            'short',
          ),
          graph({
            title: 'Discarded profiles by reason',
            description:
              'Profiles per second Pyroscope drops after receiving them, by reason and tenant: rate limits, the ingestion window, size and sample limits, malformed profiles (PyroscopeDiscardingSamples).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (reason, tenant) (${rate('pyroscope_discarded_samples_total')})`,
                legend: '{{reason}} ({{tenant}})',
              },
            ],
          }),
          graph({
            // pyroscope_discarded_bytes_total{reason, tenant}: pkg/validation, next to the profiles' counter.
            title: 'Discarded bytes by reason',
            description:
              'Uncompressed bytes per second of the profiles Pyroscope drops, by reason and tenant.',
            unit: 'Bps',
            queries: [
              {
                expr: `sum by (reason, tenant) (${rate('pyroscope_discarded_bytes_total')})`,
                legend: '{{reason}} ({{tenant}})',
              },
            ],
          }),
        ],
      },
      {
        title: 'Push requests',
        panels: requestPanels(
          scope,
          'Pushes',
          WRITE_ROUTES,
          'PyroscopeRequestErrors',
          'PyroscopeRequestLatency',
        ),
      },
      {
        title: 'Storage',
        panels: [
          graph({
            title: 'Segment uploads by status',
            description:
              'Segments per second the segment writer uploads to the object store, succeeded and failed (PyroscopeSegmentUploadsFailing).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (status) (${rate('pyroscope_segment_writer_upload_duration_seconds_count')})`,
                legend: '{{status}}',
              },
            ],
          }),
          graph({
            title: 'Segment upload duration (p99)',
            description: '99th percentile of the time one upload of a segment to the object store takes.',
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (le) (${rate('pyroscope_segment_writer_upload_duration_seconds_bucket')}))`,
                legend: 'p99',
              },
            ],
          }),
          graph(
            {
              title: 'Metastore Raft state',
              description:
                "Each metastore node's Raft state (1 for the state it is in): one Leader is healthy; none is PyroscopeMetastoreNoLeader.",
              unit: 'none',
              min: 0,
              queries: [
                {
                  expr: `max by (pod, state) (${raw('pyroscope_metastore_raft_state')})`,
                  legend: '{{pod}} {{state}}',
                },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'Compaction jobs by status',
              description:
                'Compaction jobs per hour the compaction worker finishes, by status (PyroscopeCompactionFailing).',
              unit: 'short',
              queries: [
                {
                  expr: `sum by (status) (${rate('pyroscope_compaction_worker_jobs_completed_total')}) * 3600`,
                  legend: '{{status}}',
                },
              ],
            },
            8,
          ),
          graph(
            {
              title: 'Compaction jobs running by level',
              description:
                'Compaction jobs in progress, by compaction level: a level that stays busy is behind.',
              unit: 'short',
              queries: [
                {
                  expr: `sum by (level) (${raw('pyroscope_compaction_worker_jobs_in_progress')})`,
                  legend: 'level {{level}}',
                },
              ],
            },
            8,
          ),
        ],
      },
      {
        title: "Collector's pushes (pyroscope.write)",
        panels: [
          graph({
            title: 'Profiles pushed and dropped by endpoint',
            description:
              "Profiles per second the collector's pyroscope.write pushes, and those it drops after its retries run out, by endpoint (PyroscopeProfileWritesFailing).",
            unit: 'short',
            queries: [
              { expr: written('sent', 'profiles'), legend: 'sent {{endpoint}}' },
              { expr: written('dropped', 'profiles'), legend: 'dropped {{endpoint}}' },
            ],
          }),
          graph({
            title: 'Bytes pushed and dropped by endpoint',
            description:
              "Compressed bytes per second of the collector's pushes, sent and dropped, by endpoint.",
            unit: 'Bps',
            queries: [
              { expr: written('sent', 'bytes'), legend: 'sent {{endpoint}}' },
              { expr: written('dropped', 'bytes'), legend: 'dropped {{endpoint}}' },
            ],
          }),
          graph({
            title: 'Retries by endpoint',
            description:
              'Pushes per second the collector retries (a timeout, 429 or 5xx answer): Pyroscope refuses or is slow before anything is dropped.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (endpoint) (${collector.rate('pyroscope_write_retries_total')})`,
                legend: '{{endpoint}}',
              },
            ],
          }),
          graph({
            title: 'Push latency (p99) by endpoint',
            description:
              "99th percentile of the time one push of the collector to an endpoint takes, retries included (pyroscope.write's `push_endpoint` latency).",
            unit: 's',
            queries: [
              {
                expr: `histogram_quantile(0.99, sum by (le, endpoint) (${collector.rate('pyroscope_write_latency_bucket', 'type="push_endpoint"')}))`,
                legend: '{{endpoint}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Resources',
        panels: [
          graph(
            {
              title: 'Memory (resident)',
              description:
                "Resident memory of each Pyroscope process; compare with the container's memory limit.",
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
              description: 'CPU cores each Pyroscope process uses.',
              unit: 'short',
              queries: [{ expr: `sum by (pod) (${rate('process_cpu_seconds_total')})`, legend: '{{pod}}' }],
            },
            8,
          ),
          graph(
            {
              title: 'Goroutines',
              description: 'Goroutines of each Pyroscope process; a steady climb points to hanging requests.',
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

/** Pyroscope / Reads: flame graph, series and label queries, their errors and latency. */
export function readsDashboard(): Dashboard {
  const scope = SCOPE;
  const { raw } = selectors(scope);
  return dashboard(
    READS_UID,
    'Pyroscope / Reads',
    'The read path of Pyroscope: flame graph, series and label queries from Grafana, their errors and latency.',
    [
      {
        title: 'Queries',
        panels: requestPanels(scope, 'Queries', READ_ROUTES, 'PyroscopeQueryErrors'),
      },
      {
        title: 'All routes',
        panels: [
          graph({
            title: 'Requests by route',
            description: 'Requests per second by route, all of Pyroscope, from the recording rules.',
            unit: 'reqps',
            queries: [{ expr: `sum by (route) (${raw(ROUTE_RECORDS.countRate)})`, legend: '{{route}}' }],
          }),
          graph({
            title: 'Latency (p99) by route',
            description:
              '99th percentile of the time Pyroscope takes to answer, by route, from the recording rules.',
            unit: 's',
            queries: [{ expr: `max by (route) (${raw(ROUTE_RECORDS.p99)})`, legend: '{{route}}' }],
          }),
        ],
      },
    ],
  );
}
