import type { AlertingRule, RecordingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines, noTargetUp, record, recordGroup } from '@mixstack/kit';
import type { TempoTarget } from '../distributed/components.js';

/**
 * Tempo's alerts and recording rules, over the metrics of the stack's Tempo 3: the monolithic
 * single binary (`-target=all`, the StatefulSet `tempo`) that Prometheus scrapes as `job="tempo"`,
 * or the workloads of the distributed mode, each scraped as the job of its Service
 * (`tempo-distributor`, `tempo-live-store`, ...). Each metric below is exposed by the workload
 * that runs that part of Tempo, so the same expressions hold in either mode; the alerts keep
 * `job`, and so name the workload.
 *
 * Where the metric names come from (grafana/tempo; the file that registers each):
 * - `tempo_request_duration_seconds_{bucket,sum,count}{route, status_code, method, ws}`: the
 *   HTTP and gRPC server of every Tempo target (dskit's instrumentation with Tempo's namespace);
 *   read by upstream's `tempo_rules` and `TempoRequestErrors` (operations/tempo-mixin).
 *   Routes are dskit's label of the path: `/api/search` is `api_search`, gRPC keeps its method.
 * - `tempo_receiver_accepted_spans`, `tempo_receiver_refused_spans{receiver, transport}`: the
 *   OpenTelemetry receivers the distributor runs, under Tempo's prefix (read by Tempo's e2e
 *   tests and upstream's Writes dashboard). OTLP never passes Tempo's own HTTP server, so these
 *   are the write path's errors.
 * - `tempo_distributor_spans_received_total{tenant}`, `tempo_distributor_bytes_received_total{tenant}`:
 *   modules/distributor/distributor.go.
 * - `tempo_discarded_spans_total{reason, tenant}`: modules/overrides (RecordDiscardedSpans;
 *   reasons `rate_limited`, `trace_too_large`, `live_traces_exceeded`, `unknown_error`, ...).
 * - `tempo_live_store_local_failed_flushes_total`, `tempo_live_store_local_blocks_flushed_total`:
 *   modules/livestore/complete_block_lifecycle.go, the monolithic mode's flush of completed
 *   blocks to the backend. `tempo_live_store_failed_completions_total`: modules/livestore (a
 *   WAL block that could not be turned into a complete block).
 * - `tempo_backend_scheduler_jobs_{created,completed,failed}_total{tenant, job_type}`:
 *   modules/backendscheduler/metrics.go (compaction, retention and redaction jobs of Tempo 3's
 *   backend scheduler; `job_type` is the protobuf enum's name, `JOB_TYPE_COMPACTION`,
 *   `JOB_TYPE_RETENTION`, `JOB_TYPE_REDACTION`: modules/backendworker dispatches on them).
 * - `tempodb_retention_errors_total`, `tempodb_retention_marked_for_deletion_total`,
 *   `tempodb_retention_deleted_total`, `tempodb_blocklist_length{tenant}`: tempodb/tempodb.go.
 * - `tempo_metrics_generator_spans_received_total{tenant}`,
 *   `tempo_metrics_generator_spans_discarded_total{tenant, reason}`,
 *   `tempo_metrics_generator_processor_service_graphs_dropped_spans{tenant}`,
 *   `tempo_metrics_generator_registry_active_series{tenant}`: the metrics-generator
 *   (modules/generator; named in docs/sources/tempo/operations/troubleshooting/metrics-generator.md).
 * - `prometheus_remote_storage_samples_total`, `prometheus_remote_storage_samples_failed_total`
 *   `{tenant, remote_name, url}`: Prometheus' remote-write queue that the generator runs per
 *   tenant (modules/generator/storage/instance.go registers it with the `tenant` label; the
 *   troubleshooting page above names the failure counters).
 * - `tempo_query_frontend_queries_total{tenant, op, result}`: modules/frontend/slos.go (`op` is
 *   traces, search, metadata or metrics; `result` completed or canceled: errors are not in it,
 *   they are the 5xx of `tempo_request_duration_seconds`).
 */

/**
 * The series of the stack's Tempo: the single binary's job `tempo`, or the distributed mode's
 * `tempo-<target>` (the scrape job is the Service's name).
 */
export const JOB = 'job=~"tempo(-.+)?"';

/**
 * The series of the distributed mode's workloads only (`tempo-distributor`, ...): the single
 * binary's `tempo` has its own alert, TempoDown.
 */
export const WORKLOAD_JOB = 'job=~"tempo-.+"';

/**
 * What stops when no pod of one workload of the distributed mode answers, by its `-target` (its
 * job is `tempo-<target>`): TempoComponentDown's description says it, the runbook details it.
 */
export const WORKLOAD_DOWN_IMPACT: Readonly<Record<TempoTarget, string>> = {
  distributor: 'spans are refused, the senders retry and then drop them',
  'query-frontend': 'Grafana cannot search or open traces',
  querier: 'the query-frontend has no querier to run its jobs: Grafana cannot search or open traces',
  'live-store': 'the recent traces, not yet in a block of the bucket, are missing from queries',
  'block-builder':
    'no new block is written to the bucket; the live-stores keep serving the recent traces, and the spans wait in Kafka',
  'metrics-generator': 'no span metrics or service graph reach Prometheus',
  'backend-scheduler': 'no compaction or retention runs: blocks pile up in the bucket',
  'backend-worker': "the scheduler's compaction and retention jobs do not run: blocks pile up in the bucket",
};

/**
 * A Go template of the alert's description: the impact of the workload that `$labels.job` names
 * (Prometheus expands it when the alert fires), from WORKLOAD_DOWN_IMPACT.
 */
function impactOfJob(): string {
  const branches = Object.entries(WORKLOAD_DOWN_IMPACT).map(
    ([target, impact], i) => `{{ ${i === 0 ? 'if' : 'else if'} eq $labels.job "tempo-${target}" }}${impact}`,
  );
  return `${branches.join('')}{{ else }}part of Tempo stops working{{ end }}`;
}

/** The level of the request-duration records, as upstream's `tempo_rules` names it. */
const LEVEL = 'cluster_namespace_job_route';
const BY_ROUTE = 'cluster, namespace, job, route';

/** The recorded series: `cluster_namespace_job_route:tempo_request_duration_seconds:99quantile`, ... */
export const ROUTE_RECORDS = {
  p99: `${LEVEL}:tempo_request_duration_seconds:99quantile`,
  p50: `${LEVEL}:tempo_request_duration_seconds:50quantile`,
  avg: `${LEVEL}:tempo_request_duration_seconds:avg`,
  bucketRate: `${LEVEL}:tempo_request_duration_seconds_bucket:sum_rate`,
  sumRate: `${LEVEL}:tempo_request_duration_seconds_sum:sum_rate`,
  countRate: `${LEVEL}:tempo_request_duration_seconds_count:sum_rate`,
} as const;

/** Name of the recording group (upstream's). */
export const RECORDING_GROUP = 'tempo_rules';

/** Name of the alert group (upstream's). */
export const ALERT_GROUP = 'tempo_alerts';

/**
 * The six request-duration records of upstream's tempo-mixin (`tempo_rules`): the 99th and 50th
 * percentile, the average, and the summed rates of buckets, sums and counts, by cluster,
 * namespace, job and route, over 1 minute (upstream's window).
 */
export function tempoRecordingRules(): RuleGroup<RecordingRule>[] {
  const rate = (series: string) => `rate(tempo_request_duration_seconds_${series}[1m])`;
  return [
    recordGroup(RECORDING_GROUP, [
      record(ROUTE_RECORDS.p99, `histogram_quantile(0.99, sum by (le, ${BY_ROUTE}) (${rate('bucket')}))`),
      record(ROUTE_RECORDS.p50, `histogram_quantile(0.50, sum by (le, ${BY_ROUTE}) (${rate('bucket')}))`),
      record(
        ROUTE_RECORDS.avg,
        `sum by (${BY_ROUTE}) (${rate('sum')})\n/\nsum by (${BY_ROUTE}) (${rate('count')})`,
      ),
      record(ROUTE_RECORDS.bucketRate, `sum by (le, ${BY_ROUTE}) (${rate('bucket')})`),
      record(ROUTE_RECORDS.sumRate, `sum by (${BY_ROUTE}) (${rate('sum')})`),
      record(ROUTE_RECORDS.countRate, `sum by (${BY_ROUTE}) (${rate('count')})`),
    ]),
  ];
}

/**
 * The routes that run TraceQL: search (and its tag lookups), and TraceQL metrics, through the
 * frontend (`api_...`), to the querier (`querier_api_...`), and the streaming gRPC API.
 */
export const TRACEQL_ROUTES =
  '(querier_)?api_(v2_)?search(_.*)?|(querier_)?api_metrics_.*|/tempopb.StreamingQuerier/.*';

/**
 * Routes whose requests last as long as the client wants: the querier's long poll of the
 * frontend, streaming search, Prometheus' scrape and profiles. Their latency says nothing.
 */
export const LONG_LIVED_ROUTES =
  'metrics|debug_pprof|/frontend.Frontend/Process|/tempopb.StreamingQuerier/.*';

/**
 * A request that failed on Tempo's side: a 5xx status over HTTP, and over gRPC dskit's `error`
 * (a gRPC failure without an HTTP status; `cancel` is the client giving up).
 */
export const SERVER_ERROR = 'status_code=~"5..|error"';

/** The labels every alert keeps: which Tempo. */
const BY = 'cluster, namespace, job';

/** A counter that went up more than `count` times in the last hour and is still going up. */
const failingForAnHour = (series: string, count: number) =>
  lines(
    `sum by (${BY}) (increase(${series}{${JOB}}[1h])) > ${count}`,
    `and on (${BY}) sum by (${BY}) (increase(${series}{${JOB}}[5m])) > 0`,
  );

/** Tempo's alerts; `multiCluster` (the stack's `common.multiCluster`) makes TempoDown fire per cluster. */
export function tempoAlerts(multiCluster = false): RuleGroup<AlertingRule>[] {
  const requests = (...matchers: string[]) =>
    `rate(tempo_request_duration_seconds_count{${[JOB, ...matchers].join(', ')}}[5m])`;
  const generatorSamples = (kind: '' | '_failed') =>
    `sum by (${BY}, tenant, url) (rate(prometheus_remote_storage_samples${kind}_total{${JOB}}[5m]))`;
  return [
    alertGroup(ALERT_GROUP, [
      alert({
        alert: 'TempoDown',
        severity: 'critical',
        // Also when the targets are gone (a failed rollout deleted the pod); per cluster with multiCluster.
        expr: noTargetUp(`up{${JOB}}`, multiCluster),
        for: '5m',
        summary: 'Tempo is down.',
        description: 'No Tempo target has answered a scrape for 5 minutes.',
      }),
      alert({
        alert: 'TempoComponentDown',
        severity: 'critical',
        // Per workload of the distributed mode: TempoDown fires only when no target at all
        // answers, so a down distributor (every trace lost) would page no one. When nothing of
        // Tempo answers in the cluster, TempoDown alone pages (the same scope as its
        // noTargetUp, by cluster or over the single cluster's series), rather than one alert per
        // workload burying it. Both sides group by cluster, so it holds in one cluster as in many.
        expr: lines(
          `(sum by (${BY}) (up{${WORKLOAD_JOB}}) == 0)`,
          `unless on (cluster) (max by (cluster) (up{${JOB}}) == 0)`,
        ),
        for: '5m',
        summary: 'A workload of Tempo is down.',
        description: `No target of {{ $labels.namespace }}/{{ $labels.job }} has answered a scrape for 5 minutes: ${impactOfJob()}.`,
      }),
      alert({
        alert: 'TempoRequestErrors',
        severity: 'critical',
        // TraceQL routes have their own alert (a bad query load is not an outage of Tempo).
        expr: lines(
          `100 * sum by (${BY}, route) (${requests(SERVER_ERROR, `route!~"${TRACEQL_ROUTES}"`)})`,
          `/ sum by (${BY}, route) (${requests(`route!~"${TRACEQL_ROUTES}"`)})`,
          '> 10',
        ),
        for: '15m',
        summary: 'Tempo answers many requests of one route with a server error.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the requests to {{ $labels.route }} with a server error (5xx or gRPC error).',
      }),
      alert({
        alert: 'TempoRequestLatency',
        severity: 'warning',
        expr: `${ROUTE_RECORDS.p99}{${JOB}, route!~"${LONG_LIVED_ROUTES}"} > 3`,
        for: '15m',
        summary: 'Tempo is slow to answer the requests of one route.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers 99% of the requests to {{ $labels.route }} within {{ $value | humanizeDuration }}, more than 3s.',
      }),
      alert({
        alert: 'TempoTraceQLQueryErrors',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}) (${requests(SERVER_ERROR, `route=~"${TRACEQL_ROUTES}"`)})`,
          `/ sum by (${BY}) (${requests(`route=~"${TRACEQL_ROUTES}"`)})`,
          '> 5',
        ),
        for: '15m',
        summary: 'Tempo fails many TraceQL queries.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the TraceQL searches and metrics queries with a server error (5xx or gRPC error).',
      }),
      alert({
        alert: 'TempoReceiverRefusingSpans',
        severity: 'critical',
        expr: lines(
          `100 * sum by (${BY}, receiver, transport) (rate(tempo_receiver_refused_spans{${JOB}}[5m]))`,
          `/ (sum by (${BY}, receiver, transport) (rate(tempo_receiver_accepted_spans{${JOB}}[5m]))`,
          `  + sum by (${BY}, receiver, transport) (rate(tempo_receiver_refused_spans{${JOB}}[5m])))`,
          '> 1',
        ),
        for: '15m',
        summary: "Tempo's receivers refuse spans.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} refuses {{ $value | humanize }}% of the spans sent to its {{ $labels.receiver }} receiver over {{ $labels.transport }}; the senders drop them or retry.',
      }),
      alert({
        alert: 'TempoDiscardingSpans',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}, tenant, reason) (rate(tempo_discarded_spans_total{${JOB}}[5m]))`,
          `/ on (${BY}, tenant) group_left`,
          `sum by (${BY}, tenant) (rate(tempo_distributor_spans_received_total{${JOB}}[5m]))`,
          '> 1',
        ),
        for: '15m',
        summary: 'Tempo discards more than 1% of the spans it receives.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} discards {{ $value | humanize }}% of the spans of tenant {{ $labels.tenant }} as {{ $labels.reason }}; those spans are lost.',
      }),
      alert({
        alert: 'TempoBlockFlushesFailing',
        severity: 'critical',
        // A failed flush is retried; several an hour, still going on, is a backend that refuses writes.
        expr: lines(
          `(${failingForAnHour('tempo_live_store_local_failed_flushes_total', 2)})`,
          'or',
          `(${failingForAnHour('tempo_live_store_failed_completions_total', 2)})`,
        ),
        for: '5m',
        summary: 'Tempo fails to write its blocks.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} failed {{ $value | humanize }} times in the last hour to complete a block from its WAL or to flush it to the backend; the traces stay on the local volume until it succeeds.',
      }),
      alert({
        alert: 'TempoBackendJobsFailing',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}, job_type) (increase(tempo_backend_scheduler_jobs_failed_total{${JOB}}[1h]))`,
          `/ (sum by (${BY}, job_type) (increase(tempo_backend_scheduler_jobs_completed_total{${JOB}}[1h]))`,
          `  + sum by (${BY}, job_type) (increase(tempo_backend_scheduler_jobs_failed_total{${JOB}}[1h])))`,
          '> 10',
        ),
        for: '1h',
        summary: "Tempo's backend jobs (compaction, retention) fail.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} failed {{ $value | humanize }}% of its {{ $labels.job_type }} jobs in the last hour: blocks pile up in the backend.',
      }),
      alert({
        alert: 'TempoRetentionFailing',
        severity: 'warning',
        expr: failingForAnHour('tempodb_retention_errors_total', 2),
        for: '15m',
        summary: 'Tempo fails to apply its retention.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} failed {{ $value | humanize }} times in the last hour to apply retention: traces past their retention period are not deleted.',
      }),
      alert({
        alert: 'TempoBlocksNotDeleted',
        severity: 'warning',
        // Retention marks expired blocks, and deletes them once they have been marked long
        // enough (compacted_block_retention, 1h by default): marks without deletions for 6h is a
        // deletion that does not happen.
        expr: lines(
          `sum by (${BY}) (increase(tempodb_retention_marked_for_deletion_total{${JOB}}[6h])) > 0`,
          `unless on (${BY}) sum by (${BY}) (increase(tempodb_retention_deleted_total{${JOB}}[6h])) > 0`,
        ),
        for: '1h',
        summary: 'Tempo marks blocks for deletion but does not delete them.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} marked {{ $value | humanize }} blocks past their retention for deletion in the last 6 hours and deleted none: its storage keeps growing.',
      }),
      alert({
        alert: 'TempoMetricsGeneratorRemoteWriteFailing',
        severity: 'warning',
        expr: lines(`100 * ${generatorSamples('_failed')}`, `/ ${generatorSamples('')}`, '> 1'),
        for: '15m',
        summary: "Tempo's metrics-generator cannot write span metrics to Prometheus.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} fails to remote-write {{ $value | humanize }}% of the span-metrics and service-graph samples of tenant {{ $labels.tenant }} to {{ $labels.url }}; RED panels and the service graph have gaps.',
      }),
      alert({
        alert: 'TempoMetricsGeneratorDiscardingSpans',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}, tenant, reason) (rate(tempo_metrics_generator_spans_discarded_total{${JOB}}[5m]))`,
          `/ on (${BY}, tenant) group_left`,
          `sum by (${BY}, tenant) (rate(tempo_metrics_generator_spans_received_total{${JOB}}[5m]))`,
          '> 1',
        ),
        for: '15m',
        summary: "Tempo's metrics-generator leaves spans out of the span metrics.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} discards {{ $value | humanize }}% of the spans of tenant {{ $labels.tenant }} as {{ $labels.reason }} before counting them: span metrics under-count.',
      }),
      alert({
        alert: 'TempoServiceGraphsDroppingSpans',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}, tenant) (rate(tempo_metrics_generator_processor_service_graphs_dropped_spans{${JOB}}[5m]))`,
          `/ sum by (${BY}, tenant) (rate(tempo_metrics_generator_spans_received_total{${JOB}}[5m]))`,
          '> 1',
        ),
        for: '15m',
        summary: "Tempo's service graph drops spans.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} drops {{ $value | humanize }}% of the spans of tenant {{ $labels.tenant }} from the service graph (more open edges than max_items): edges are missing.',
      }),
    ]),
  ];
}
