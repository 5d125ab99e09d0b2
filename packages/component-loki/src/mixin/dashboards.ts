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
import { JOB, LIMIT_REASONS, LONG_LIVED_ROUTES, ROUTE_RECORDS } from './rules.js';

/**
 * The Prometheus dashboards of Loki: Writes, Reads, Operational and Retention, the titles of
 * upstream's loki-mixin, for a monolithic Loki (one job, every role in one pod). Metric names
 * and where they come from: see `rules.ts`; the few read only here are named at their panel.
 */

/** The mixin's tag: its dashboards link to each other through it. */
export const TAG = 'loki';
const LINK_TITLE = 'Loki dashboards';

/**
 * The chosen cluster, in every selector and in the namespace variable's query. Series carry the
 * `cluster` label only where it is added (remote write, Thanos, a fleet's observer): in the
 * stack's own Prometheus they have none. The variable's "All" entry, its default, matches `.*`,
 * which also matches a series without the label, so the dashboards have data in one cluster as
 * in a fleet, where the user picks one.
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** Every query is scoped to the Loki chosen in the variables: cluster, namespace and job. */
export const SCOPE = `${CLUSTER}, namespace="$namespace", ${JOB}`;

/** Routes of the write path: Loki's push API, the Prometheus-style legacy one, and OTLP logs. */
export const WRITE_ROUTES = 'loki_api_v1_push|api_prom_push|otlp_v1_logs';
/** Routes of the read path: queries, and the label and series lookups of Grafana's editor. */
export const READ_ROUTES =
  'loki_api_v1_query|loki_api_v1_query_range|loki_api_v1_series|loki_api_v1_labels|loki_api_v1_label_name_values|loki_api_v1_index_stats|loki_api_v1_index_volume|loki_api_v1_index_volume_range|api_prom_query|api_prom_label|api_prom_label_name_values|api_prom_series';

/** Datasource, then cluster (the clusters with a Loki) and namespace (the chosen cluster's). */
const variables = () => [
  datasourceVariable(),
  queryVariable('cluster', 'Cluster', `loki_build_info{${JOB}}`, 'cluster', { allValue: '.*' }),
  queryVariable('namespace', 'Namespace', `loki_build_info{${CLUSTER}, ${JOB}}`, 'namespace'),
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
function requestPanels(what: string, pattern: string): PanelSpec[] {
  const requests = (...m: string[]) => rate('loki_request_duration_seconds_count', routes(pattern), ...m);
  const recorded = (series: string) => raw(series, routes(pattern));
  return [
    graph({
      title: `${what} requests by status code`,
      description: `${what} requests per second Loki answers, by status code.`,
      unit: 'reqps',
      queries: [{ expr: `sum by (status_code) (${requests()})`, legend: '{{status_code}}' }],
      stack: true,
    }),
    graph({
      title: `${what} server errors by route`,
      description: `Share of the ${what.toLowerCase()} requests answered with a 5xx status, by route (what LokiRequestErrors watches, over 2 minutes).`,
      unit: 'percentunit',
      min: 0,
      queries: [
        {
          // Routes without errors show 0, not a gap: the errors, or else the requests times 0.
          expr: `(sum by (route) (${requests('status_code=~"5.."')}) or sum by (route) (${requests()}) * 0) / sum by (route) (${requests()})`,
          legend: '{{route}}',
        },
      ],
    }),
    graph({
      title: `${what} latency by route`,
      description: `99th and 50th percentile and average of the time Loki takes to answer ${what.toLowerCase()} requests, by route, over 1 minute (the recording rules of the mixin).`,
      unit: 's',
      queries: [
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.p99)})`, legend: 'p99 {{route}}' },
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.p50)})`, legend: 'p50 {{route}}' },
        { expr: `max by (route) (${recorded(ROUTE_RECORDS.avg)})`, legend: 'avg {{route}}' },
      ],
    }),
    graph({
      title: `${what} latency (p99, all routes)`,
      description: `99th percentile of the time Loki takes to answer ${what.toLowerCase()} requests, all routes together, from the histogram (exemplars link to traces when Loki traces to Tempo).`,
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (le) (${rate('loki_request_duration_seconds_bucket', routes(pattern))}))`,
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

/** Loki / Writes: what arrives, what is refused, and how fast the push API answers. */
export function writesDashboard(): Dashboard {
  return dashboard(
    'Loki / Writes',
    'The write path of Loki: pushes, lines and bytes received, discards, streams.',
    [
      { title: 'Push API', panels: requestPanels('Push', WRITE_ROUTES) },
      {
        title: 'Ingestion',
        panels: [
          graph({
            title: 'Lines received by tenant',
            description: 'Log lines per second the distributor accepts, by tenant.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (tenant) (${rate('loki_distributor_lines_received_total')})`,
                legend: '{{tenant}}',
              },
            ],
          }),
          graph({
            // loki_distributor_bytes_received_total{tenant, ...}: pkg/distributor, Loki's observability docs.
            title: 'Bytes received by tenant',
            description: 'Uncompressed bytes of log lines per second the distributor accepts, by tenant.',
            unit: 'Bps',
            queries: [
              {
                expr: `sum by (tenant) (${rate('loki_distributor_bytes_received_total')})`,
                legend: '{{tenant}}',
              },
            ],
          }),
          graph({
            title: 'Discarded lines by reason',
            description: `Log lines per second Loki refuses, by reason and tenant. ${LIMIT_REASONS.split('|').join(', ')} are its limits (LokiIngestionRateLimited); the others are lines too old, too new, too long or with invalid labels (LokiDiscardingLines).`,
            unit: 'short',
            queries: [
              {
                expr: `sum by (reason, tenant) (${rate('loki_discarded_samples_total')})`,
                legend: '{{reason}} ({{tenant}})',
              },
            ],
          }),
          graph({
            // loki_ingester_memory_streams{tenant}: pkg/ingester/metrics.go; upstream's Writes dashboard.
            title: 'Streams in memory',
            description:
              'Streams the ingester holds in memory, by tenant. A climb means new label values (a label with a value per request or per pod restart) and costs memory.',
            unit: 'short',
            queries: [
              { expr: `sum by (tenant) (${raw('loki_ingester_memory_streams')})`, legend: '{{tenant}}' },
            ],
          }),
        ],
      },
    ],
  );
}

/** Loki / Reads: queries and lookups, their errors and latency. */
export function readsDashboard(): Dashboard {
  return dashboard('Loki / Reads', 'The read path of Loki: queries and label lookups, errors and latency.', [
    { title: 'Query API', panels: requestPanels('Query', READ_ROUTES) },
  ]);
}

/** Loki / Operational: is it up, does it fail or panic, its resources, and its ruler. */
export function operationalDashboard(): Dashboard {
  const all = rate('loki_request_duration_seconds_count');
  const errors = rate('loki_request_duration_seconds_count', 'status_code=~"5.."');
  return dashboard('Loki / Operational', 'Health of Loki: up, errors, panics, resources and its ruler.', [
    {
      panels: [
        stat({
          title: 'Targets up',
          description: 'Loki pods that answered their last scrape.',
          unit: 'none',
          query: { expr: `sum(up{${SCOPE}})` },
        }),
        stat({
          title: 'Requests',
          description: 'Requests per second Loki answers, all routes.',
          unit: 'reqps',
          query: { expr: `sum(${all})` },
        }),
        stat({
          title: 'Server errors',
          description: 'Share of the requests answered with a 5xx status, long-lived routes (tail) included.',
          unit: 'percentunit',
          query: { expr: `(sum(${errors}) or vector(0)) / sum(${all})` },
          thresholds: [
            [0.01, 'orange'],
            [0.1, 'red'],
          ],
        }),
        stat({
          title: 'Panics (time range)',
          description: 'Panics Loki recovered from in the dashboard time range (LokiRequestPanics).',
          unit: 'none',
          query: { expr: `sum(increase(${raw('loki_panic_total')}[$__range]))` },
          thresholds: [[1, 'red']],
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
          description: `99th percentile of the time Loki takes to answer, by route, long-lived routes (${LONG_LIVED_ROUTES}) left out (LokiRequestLatency).`,
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
      title: 'Resources',
      panels: [
        graph(
          {
            title: 'Memory (resident)',
            description: "Resident memory of each Loki process; compare with the container's memory limit.",
            unit: 'bytes',
            queries: [{ expr: `sum by (pod) (${raw('process_resident_memory_bytes')})`, legend: '{{pod}}' }],
          },
          8,
        ),
        graph(
          {
            title: 'CPU',
            description: 'CPU cores each Loki process uses.',
            unit: 'short',
            queries: [{ expr: `sum by (pod) (${rate('process_cpu_seconds_total')})`, legend: '{{pod}}' }],
          },
          8,
        ),
        graph(
          {
            title: 'Goroutines',
            description: 'Goroutines of each Loki process; a steady climb points to hanging requests.',
            unit: 'short',
            queries: [{ expr: `sum by (pod) (${raw('go_goroutines')})`, legend: '{{pod}}' }],
          },
          8,
        ),
      ],
    },
    {
      title: 'Ruler',
      panels: [
        graph(
          {
            // loki_prometheus_rule_group_rules{user, rule_group}: pkg/ruler/base/manager_metrics.go.
            title: 'Rules loaded',
            description: 'Rules the ruler evaluates, by tenant and rule group.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (user, rule_group) (${raw('loki_prometheus_rule_group_rules')})`,
                legend: '{{rule_group}} ({{user}})',
              },
            ],
          },
          8,
        ),
        graph(
          {
            // loki_prometheus_rule_evaluations_total{user, rule_group}: pkg/ruler/base/manager_metrics.go.
            title: 'Rule evaluations and failures',
            description: 'Rule evaluations per second, and the failed ones (LokiRulerEvaluationFailures).',
            unit: 'short',
            queries: [
              { expr: `sum(${rate('loki_prometheus_rule_evaluations_total')})`, legend: 'evaluations' },
              { expr: `sum(${rate('loki_prometheus_rule_evaluation_failures_total')})`, legend: 'failures' },
            ],
          },
          8,
        ),
        graph(
          {
            title: 'Alerts sent to Alertmanager',
            description:
              'Alerts per second the ruler sends to each Alertmanager, and the sends that failed (LokiRulerFailingToSendAlerts).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (alertmanager) (${rate('loki_prometheus_notifications_sent_total')})`,
                legend: 'sent {{alertmanager}}',
              },
              {
                expr: `sum by (alertmanager) (${rate('loki_prometheus_notifications_errors_total')})`,
                legend: 'errors {{alertmanager}}',
              },
            ],
          },
          8,
        ),
      ],
    },
  ]);
}

/** Loki / Retention: the compactor, its compactions and the retention it applies. */
export function retentionDashboard(): Dashboard {
  const since = (series: string) => `time() - max(${raw(series)} > 0)`;
  return dashboard(
    'Loki / Retention',
    "Loki's compactor: is it running, when did it last compact the index and apply retention.",
    [
      {
        panels: [
          stat({
            title: 'Compactors running',
            description:
              'Loki processes running the compactor: exactly one should (LokiCompactorNotRunning, LokiTooManyCompactorsRunning).',
            unit: 'none',
            query: { expr: `sum(${raw('loki_boltdb_shipper_compactor_running')})` },
            thresholds: [[2, 'red']],
          }),
          stat({
            title: 'Last successful compaction',
            description:
              'Time since the compactor last compacted the index successfully (LokiCompactionNotSucceeding after 3 hours).',
            unit: 's',
            query: {
              expr: since(
                'loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds',
              ),
            },
            thresholds: [[10800, 'red']],
          }),
          stat({
            title: 'Last successful retention',
            description:
              'Time since the compactor last applied retention successfully (LokiRetentionNotApplied after 3 hours); empty while retention is off.',
            unit: 's',
            query: { expr: since('loki_compactor_apply_retention_last_successful_run_timestamp_seconds') },
            thresholds: [[10800, 'red']],
          }),
          stat({
            // loki_compactor_apply_retention_operation_duration_seconds: pkg/compactor/metrics.go.
            title: 'Last retention run took',
            description: 'How long the last application of retention took.',
            unit: 's',
            query: { expr: `max(${raw('loki_compactor_apply_retention_operation_duration_seconds')})` },
          }),
        ],
      },
      {
        title: 'Runs',
        panels: [
          graph({
            title: 'Compactions by status',
            description: 'Index compactions per hour, by status (success or failure).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (status) (${rate('loki_boltdb_shipper_compact_tables_operation_total')}) * 3600`,
                legend: '{{status}}',
              },
            ],
          }),
          graph({
            title: 'Retention runs by status',
            description: 'Applications of retention per hour, by status (success or failure).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (status) (${rate('loki_compactor_apply_retention_operation_total')}) * 3600`,
                legend: '{{status}}',
              },
            ],
          }),
          graph({
            // loki_boltdb_shipper_compact_tables_operation_duration_seconds: pkg/compactor/metrics.go.
            title: 'Compaction duration',
            description: 'How long the last compaction of the index took.',
            unit: 's',
            queries: [
              {
                expr: `max(${raw('loki_boltdb_shipper_compact_tables_operation_duration_seconds')})`,
                legend: 'compaction',
              },
            ],
          }),
        ],
      },
    ],
  );
}
