import type { AlertingRule, RecordingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines, noTargetUp, record, recordGroup } from '@mixstack/kit';

/**
 * Pyroscope's alerts and recording rules, over the metrics of one Pyroscope 2 single binary
 * (`-target=all`, v2 storage: distributor, segment writer, metastore, compaction worker and
 * query backend in the StatefulSet `pyroscope`) that Prometheus scrapes as `job="pyroscope"`,
 * and over the metrics of the collector's `pyroscope.write` components (Grafana Alloy, scraped
 * as `job="alloy"`, and its eBPF profiler as `job="alloy-profiler"`).
 *
 * Where the metric names come from (grafana/pyroscope, grafana/alloy; the file that registers each):
 * - `pyroscope_request_duration_seconds_{bucket,sum,count}{method, route, status_code, ws}`: the
 *   HTTP and gRPC server (dskit's instrumentation under Pyroscope's namespace); read by
 *   upstream's `pyroscope_rules` and its Writes and Reads dashboards. HTTP routes are dskit's
 *   label of the mux path (`/push.v1.PusherService/Push` is `push_v1_pusherservice_push`,
 *   `/ingest` is `ingest`); gRPC keeps the full method name.
 * - `pyroscope_distributor_received_compressed_bytes` and `pyroscope_distributor_received_samples`
 *   (histograms, `{type, tenant}`: one observation per profile received, `type` the profile's
 *   name such as `process_cpu`): pkg/distributor/metrics.go; upstream records them per type.
 * - `pyroscope_discarded_samples_total{reason, tenant}` and `pyroscope_discarded_bytes_total`:
 *   pkg/validation (`DiscardedProfiles`: despite the name, it counts profiles; reasons
 *   `rate_limited`, `not_in_ingestion_window`, `profile_size_limit`, `samples_limit`,
 *   `series_limit`, `malformed_profile`, `invalid_labels`, ...).
 * - `pyroscope_segment_writer_upload_duration_seconds{status}` (`success` or `error`): the v2
 *   segment writer's uploads of segments to the object store (pkg/segmentwriter/segment_metrics.go).
 * - `pyroscope_metastore_raft_state{state}`: 1 for the node's Raft state (`Leader`, `Follower`,
 *   `Candidate`), one series per node (pkg/metastore/raftnode, the raft state observer).
 * - `pyroscope_compaction_worker_jobs_completed_total{tenant, level, status}` (`success`,
 *   `failure`, `canceled`, `metadata_not_found`, `block_not_found`) and
 *   `pyroscope_compaction_worker_jobs_in_progress{tenant, level}`: pkg/compactionworker/metrics.go,
 *   registered under the prefix `pyroscope_compaction_worker_`.
 * - `pyroscope_write_sent_profiles_total`, `pyroscope_write_dropped_profiles_total`,
 *   `pyroscope_write_sent_bytes_total`, `pyroscope_write_dropped_bytes_total`,
 *   `pyroscope_write_retries_total` (`{endpoint}`, the endpoint's URL) and the histogram
 *   `pyroscope_write_latency{endpoint, type}`: Alloy's pyroscope.write
 *   (internal/component/pyroscope/write/metrics.go); a profile is dropped once its retries
 *   (`max_backoff_retries`, 10 by default) run out or the error is not retryable. Each series
 *   appears on its first increment: an endpoint never reached has no `sent` series. Alloy adds
 *   `component_id` and `component_path` to every component's metrics.
 *
 * With v1 storage the v2 series (segment writer, metastore, compaction worker) do not exist
 * and the alerts reading them stay silent.
 */

/** The series of the stack's Pyroscope: its Service (and scrape job) is `pyroscope`. */
export const JOB = 'job="pyroscope"';

/**
 * The series of the stack's collector: Alloy's DaemonSet, which pulls the annotated pods'
 * profiles (job `alloy`), and its eBPF profiler, a DaemonSet of its own in a namespace of its
 * own (job `alloy-profiler`); each pushes with a `pyroscope.write` component.
 */
export const COLLECTOR_JOB = 'job=~"alloy|alloy-profiler"';

/** The routes of the write path: Connect push (`push_v1_pusherservice_push`), the `/ingest` API, OTLP, and the segment writer's push. */
export const WRITE_ROUTES = '.*push.*|.*ingest.*|.*v1development.*';

/** The routes of the read path: the querier's Connect API (merge, series, profile types, labels) and `/pyroscope/render`. */
export const READ_ROUTES = '.*querierservice.*|.*render.*';

/**
 * A request that failed on Pyroscope's side: a 5xx status over HTTP, and over gRPC dskit's
 * `error` (a gRPC failure without an HTTP status; `cancel` is the client giving up).
 */
export const SERVER_ERROR = 'status_code=~"5..|error"';

/** Name of the recording group (upstream's). */
export const RECORDING_GROUP = 'pyroscope_rules';

/** Name of the alert group. */
export const ALERT_GROUP = 'pyroscope_alerts';

/** The six records of one histogram at one level, as upstream's `histogramRules` names them. */
function histogramRecordNames(level: string, metric: string) {
  return {
    p99: `${level}:${metric}:99quantile`,
    p50: `${level}:${metric}:50quantile`,
    avg: `${level}:${metric}:avg`,
    bucketRate: `${level}:${metric}_bucket:sum_rate`,
    sumRate: `${level}:${metric}_sum:sum_rate`,
    countRate: `${level}:${metric}_count:sum_rate`,
  } as const;
}

/** Request durations by cluster, namespace, job and route. */
export const ROUTE_RECORDS = histogramRecordNames(
  'cluster_namespace_job_route',
  'pyroscope_request_duration_seconds',
);

/** Compressed size of the profiles received, by cluster, namespace, job and profile type. */
export const COMPRESSED_BYTES_RECORDS = histogramRecordNames(
  'cluster_namespace_job_type',
  'pyroscope_distributor_received_compressed_bytes',
);

/** Samples per profile received, by cluster, namespace, job and profile type. */
export const SAMPLES_RECORDS = histogramRecordNames(
  'cluster_namespace_job_type',
  'pyroscope_distributor_received_samples',
);

/** The six records of a histogram over 1 minute (upstream's window), aggregated `by`. */
function histogramRecords(
  metric: string,
  names: ReturnType<typeof histogramRecordNames>,
  by: string,
): RecordingRule[] {
  const rate = (series: string) => `rate(${metric}_${series}[1m])`;
  return [
    record(names.p99, `histogram_quantile(0.99, sum by (le, ${by}) (${rate('bucket')}))`),
    record(names.p50, `histogram_quantile(0.50, sum by (le, ${by}) (${rate('bucket')}))`),
    record(names.avg, `sum by (${by}) (${rate('sum')})\n/\nsum by (${by}) (${rate('count')})`),
    record(names.bucketRate, `sum by (le, ${by}) (${rate('bucket')})`),
    record(names.sumRate, `sum by (${by}) (${rate('sum')})`),
    record(names.countRate, `sum by (${by}) (${rate('count')})`),
  ];
}

/**
 * The records of upstream's pyroscope-mixin (`pyroscope_rules`): 99th and 50th percentile,
 * average and the summed rates of buckets, sums and counts, of the request durations by route
 * and of the profiles received (compressed size, samples) by profile type. Always by cluster
 * and namespace too, so one set of records serves one cluster and many.
 */
export function pyroscopeRecordingRules(): RuleGroup<RecordingRule>[] {
  return [
    recordGroup(RECORDING_GROUP, [
      ...histogramRecords(
        'pyroscope_request_duration_seconds',
        ROUTE_RECORDS,
        'cluster, namespace, job, route',
      ),
      ...histogramRecords(
        'pyroscope_distributor_received_compressed_bytes',
        COMPRESSED_BYTES_RECORDS,
        'cluster, namespace, job, type',
      ),
      ...histogramRecords(
        'pyroscope_distributor_received_samples',
        SAMPLES_RECORDS,
        'cluster, namespace, job, type',
      ),
    ]),
  ];
}

/** Pushes slower than this at the 99th percentile are slow: half of pyroscope.write's `remote_timeout` (10s). */
export const SLOW_WRITE_SECONDS = 5;

/** The labels every alert on Pyroscope keeps: which Pyroscope. */
const BY = 'cluster, namespace, job';

/** The labels of the collector's alert: which collector, pushing where. */
const BY_ENDPOINT = 'cluster, namespace, job, endpoint';

/** Pyroscope's alerts; `multiCluster` (the stack's `common.multiCluster`) makes PyroscopeDown fire per cluster. */
export function pyroscopeAlerts(multiCluster = false): RuleGroup<AlertingRule>[] {
  const requests = (...matchers: string[]) =>
    `rate(pyroscope_request_duration_seconds_count{${[JOB, ...matchers].join(', ')}}[5m])`;
  const writes = `route=~"${WRITE_ROUTES}"`;
  const reads = `route=~"${READ_ROUTES}"`;
  const discarded = `sum by (${BY}, tenant) (rate(pyroscope_discarded_samples_total{${JOB}}[5m]))`;
  const received = `sum by (${BY}, tenant) (rate(pyroscope_distributor_received_compressed_bytes_count{${JOB}}[5m]))`;
  const uploads = (...matchers: string[]) =>
    `sum by (${BY}) (rate(pyroscope_segment_writer_upload_duration_seconds_count{${[JOB, ...matchers].join(', ')}}[5m]))`;
  const compactions = (...matchers: string[]) =>
    `sum by (${BY}) (increase(pyroscope_compaction_worker_jobs_completed_total{${[JOB, ...matchers].join(', ')}}[1h]))`;
  const profiles = (kind: 'sent' | 'dropped') =>
    `sum by (${BY_ENDPOINT}) (rate(pyroscope_write_${kind}_profiles_total{${COLLECTOR_JOB}}[5m]))`;
  return [
    alertGroup(ALERT_GROUP, [
      alert({
        alert: 'PyroscopeDown',
        severity: 'critical',
        // Also when the targets are gone (a failed rollout deleted the pod); per cluster with multiCluster.
        expr: noTargetUp(`up{${JOB}}`, multiCluster),
        for: '5m',
        summary: 'Pyroscope is down.',
        description: 'No Pyroscope target has answered a scrape for 5 minutes.',
      }),
      alert({
        alert: 'PyroscopeRequestErrors',
        severity: 'critical',
        expr: lines(
          `100 * sum by (${BY}, route) (${requests(SERVER_ERROR, writes)})`,
          `/ sum by (${BY}, route) (${requests(writes)})`,
          '> 10',
        ),
        for: '15m',
        summary: 'Pyroscope fails many of the profiles pushed to it.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the requests to {{ $labels.route }} with a server error (5xx or gRPC error); the collectors retry, then drop the profiles.',
      }),
      alert({
        alert: 'PyroscopeRequestLatency',
        severity: 'warning',
        expr: `${ROUTE_RECORDS.p99}{${JOB}, ${writes}} > ${SLOW_WRITE_SECONDS}`,
        for: '15m',
        summary: 'Pyroscope is slow to accept profiles.',
        description: `{{ $labels.namespace }}/{{ $labels.job }} answers 99% of the requests to {{ $labels.route }} within {{ $value | humanizeDuration }}, more than ${SLOW_WRITE_SECONDS}s; pushes near the collectors' 10s timeout fail and are retried.`,
      }),
      alert({
        alert: 'PyroscopeQueryErrors',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}) (${requests(SERVER_ERROR, reads)})`,
          `/ sum by (${BY}) (${requests(reads)})`,
          '> 5',
        ),
        for: '15m',
        summary: 'Pyroscope fails many profile queries.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the flame graph, series and label queries with a server error (5xx or gRPC error).',
      }),
      alert({
        alert: 'PyroscopeDiscardingSamples',
        severity: 'warning',
        // Rate-limited profiles are refused before they are counted as received: the share is of
        // both. A tenant whose every profile is refused has no received series: `or` counts it 0.
        expr: lines(
          `100 * sum by (${BY}, tenant, reason) (rate(pyroscope_discarded_samples_total{${JOB}}[5m]))`,
          `/ on (${BY}, tenant) group_left ()`,
          '(',
          `  ${discarded}`,
          `  + (${received} or ${discarded} * 0)`,
          ')',
          '> 1',
        ),
        for: '15m',
        summary: 'Pyroscope discards more than 1% of the profiles it receives.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} discards {{ $value | humanize }}% of the profiles of tenant {{ $labels.tenant }} as {{ $labels.reason }}; those profiles are lost.',
      }),
      alert({
        alert: 'PyroscopeSegmentUploadsFailing',
        severity: 'critical',
        expr: lines(`100 * ${uploads('status="error"')}`, `/ ${uploads()}`, '> 5'),
        for: '15m',
        summary: 'Pyroscope fails to write its segments to the object store.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} fails {{ $value | humanize }}% of its uploads of segments to the object store; the pushes waiting on them fail and the collectors retry, then drop the profiles.',
      }),
      alert({
        alert: 'PyroscopeMetastoreNoLeader',
        severity: 'critical',
        // Each metastore node reports its own state; none reporting Leader is a Raft group without one.
        expr: lines(
          `max by (${BY}) (pyroscope_metastore_raft_state{${JOB}})`,
          `unless on (${BY}) max by (${BY}) (pyroscope_metastore_raft_state{${JOB}, state="Leader"} == 1)`,
        ),
        for: '5m',
        summary: "Pyroscope's metastore has no Raft leader.",
        description:
          'No metastore node of {{ $labels.namespace }}/{{ $labels.job }} has been the Raft leader for 5 minutes: new segments cannot be registered, so writes fail, and queries cannot find blocks.',
      }),
      alert({
        alert: 'PyroscopeCompactionFailing',
        severity: 'warning',
        expr: lines(`100 * ${compactions('status="failure"')}`, `/ ${compactions()}`, '> 10'),
        for: '1h',
        summary: "Pyroscope's compaction jobs fail.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} failed {{ $value | humanize }}% of its compaction jobs in the last hour: small segments pile up in the object store and queries slow down.',
      }),
      alert({
        alert: 'PyroscopeProfileWritesFailing',
        severity: 'warning',
        // An endpoint that was never reached has no `sent` series: `or` counts it 0.
        expr: lines(
          `100 * ${profiles('dropped')}`,
          '/ (',
          `  ${profiles('dropped')}`,
          `  + (${profiles('sent')} or ${profiles('dropped')} * 0)`,
          ')',
          '> 1',
        ),
        for: '15m',
        summary: 'The collector drops profiles it cannot push to Pyroscope.',
        description:
          'The collector {{ $labels.namespace }}/{{ $labels.job }} drops {{ $value | humanize }}% of the profiles it pushes to {{ $labels.endpoint }} after its retries run out; those profiles are lost.',
      }),
    ]),
  ];
}
