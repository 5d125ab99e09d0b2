import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines, noTargetUp } from '@mixstack/kit';
import { JOBS, type ThanosPart } from '../jobs.js';
import { BY, BY_POD, GRPC_SERVER_FAILURE, JOB } from './selectors.js';

/**
 * Thanos's alerts, over the metrics of the parts this package deploys (Query, Query Frontend,
 * Store Gateway, Compactor, and the sidecar in the Prometheus pods), each selected by its exact
 * job (`selectors.ts`). Receive, Rule and bucket replication are not deployed, so their alerts
 * are not here. Names, severities and waits are those of upstream's thanos-mixin unless a
 * comment says why not; the expressions are ours and keep `cluster`.
 *
 * Where the metric names come from (thanos-io/thanos and thanos-io/objstore):
 * - `http_requests_total`, `http_request_duration_seconds_bucket{handler, code, method}`: the
 *   HTTP server of every component (pkg/extprom/http); Query's PromQL API has the handlers
 *   `query` and `query_range`.
 * - `grpc_server_handled_total`, `grpc_server_started_total`, `grpc_client_handled_total`,
 *   `grpc_client_started_total{grpc_code, grpc_method, grpc_service, grpc_type}`: go-grpc-middleware's
 *   Prometheus interceptors on the Store API servers and on Query's clients of them.
 * - `thanos_query_endpoints_dns_lookups_total`, `thanos_query_endpoints_dns_failures_total`: the
 *   DNS provider of Query's endpoint set, registered with the prefix `thanos_<component>_endpoints_`
 *   (cmd/thanos/endpointset.go, since `--endpoint.sd-config`). Upstream's mixin still reads the
 *   older `thanos_query_store_apis_dns_*`, which the Query of this package no longer exposes.
 * - `thanos_query_concurrent_gate_queries_in_flight`, `thanos_query_concurrent_gate_queries_max`:
 *   the gate of `--query.max-concurrent` (pkg/gate, prefix `thanos_query_concurrent_`).
 * - `thanos_bucket_store_series_gate_duration_seconds_bucket`: the Store Gateway's wait at its
 *   `--store.grpc.series-max-concurrency` gate (pkg/store/bucket.go).
 * - `thanos_objstore_bucket_operations_total`, `thanos_objstore_bucket_operation_failures_total`,
 *   `thanos_objstore_bucket_operation_duration_seconds_bucket{bucket, operation}`,
 *   `thanos_objstore_bucket_last_successful_upload_time{bucket}`: objstore's metrics wrapper
 *   around every bucket client, under the `thanos_` prefix.
 * - `thanos_compact_halted`, `thanos_compact_group_compactions_total` (compactions that produced
 *   a block), `thanos_compact_group_compactions_failures_total`: cmd/thanos/compact.go and
 *   pkg/compact/compact.go.
 * - `thanos_sidecar_prometheus_up`: the sidecar's view of its Prometheus (cmd/thanos/sidecar.go);
 *   `thanos_shipper_uploads_total`: blocks the sidecar's shipper uploaded (pkg/shipper).
 * - `prometheus_tsdb_data_replay_duration_seconds` (non-zero once the WAL is replayed) and
 *   `prometheus_tsdb_compactions_total` (one per block written; with the sidecar's equal min and
 *   max block durations Prometheus writes only 2-hour blocks): the Prometheus in the same pod,
 *   joined on the pod, whatever its job.
 */

/** The alert groups, named as upstream's. */
export const ALERT_GROUPS = {
  compact: 'thanos-compact',
  sidecar: 'thanos-sidecar',
  query: 'thanos-query',
  store: 'thanos-store',
  absent: 'thanos-component-absent',
} as const;

/** `100 * failed / all` per `by`, over 5 minutes. */
const failureShare = (failed: string, all: string, by: string, window = '5m') =>
  lines(`100 * sum by (${by}) (rate(${failed}[${window}]))`, `/ sum by (${by}) (rate(${all}[${window}]))`);

/** The 99th percentile of a histogram per `by`, over 5 minutes. */
const p99 = (bucket: string, by: string) =>
  `histogram_quantile(0.99, sum by (${by}, le) (rate(${bucket}[5m])))`;

const where = '{{ $labels.namespace }}/{{ $labels.job }}';

function compactAlerts(): AlertingRule[] {
  const c = JOB.compact;
  return [
    alert({
      alert: 'ThanosCompactMultipleRunning',
      severity: 'warning',
      // Compaction is not safe to run concurrently on one bucket: each Compactor must own its bucket.
      expr: `sum by (${BY}) (up{${c}}) > 1`,
      for: '5m',
      summary: 'More than one Thanos Compactor runs on the same bucket.',
      description: `${where} runs {{ $value }} Compactors; two Compactors on one bucket overlap blocks and can halt each other.`,
    }),
    alert({
      alert: 'ThanosCompactHalted',
      severity: 'warning',
      expr: `max by (${BY_POD}) (thanos_compact_halted{${c}}) == 1`,
      for: '5m',
      summary: 'The Thanos Compactor has halted.',
      description: `${where} ({{ $labels.pod }}) halted on an error it cannot retry: no compaction, downsampling or retention runs until it is fixed and restarted.`,
    }),
    alert({
      alert: 'ThanosCompactHighCompactionFailures',
      severity: 'warning',
      // Compactions are rare (a few an hour): over an hour, so that one failure among two is no alarm.
      expr: lines(
        `100 * sum by (${BY}) (increase(thanos_compact_group_compactions_failures_total{${c}}[1h]))`,
        `/ (sum by (${BY}) (increase(thanos_compact_group_compactions_total{${c}}[1h]))`,
        `  + sum by (${BY}) (increase(thanos_compact_group_compactions_failures_total{${c}}[1h])))`,
        '> 5',
      ),
      for: '15m',
      summary: 'The Thanos Compactor fails many compactions.',
      description: `${where} failed {{ $value | humanize }}% of its compactions in the last hour.`,
    }),
    alert({
      alert: 'ThanosCompactBucketHighOperationFailures',
      severity: 'warning',
      expr: lines(
        failureShare(
          `thanos_objstore_bucket_operation_failures_total{${c}}`,
          `thanos_objstore_bucket_operations_total{${c}}`,
          BY,
        ),
        '> 5',
      ),
      for: '15m',
      summary: "The Thanos Compactor's operations on the bucket fail.",
      description: `${where} fails {{ $value | humanize }}% of its operations on the bucket.`,
    }),
    alert({
      alert: 'ThanosCompactHasNotRun',
      severity: 'warning',
      // The Compactor uploads a block whenever it compacts or downsamples the 2-hour blocks the
      // sidecars ship, several times a day. The gauge is 0 after a restart until the next
      // upload: the day's maximum survives restarts, and a Compactor that has not existed for a
      // day yet (its gauge has no series a day ago) is not late. The expression spans a day: no wait.
      expr: lines(
        `time() - max by (${BY}, bucket) (max_over_time(thanos_objstore_bucket_last_successful_upload_time{${c}}[1d]))`,
        '> 24 * 3600',
        `and on (${BY}, bucket)`,
        `max by (${BY}, bucket) (thanos_objstore_bucket_last_successful_upload_time{${c}} offset 1d)`,
      ),
      for: '0s',
      summary: 'The Thanos Compactor has not uploaded a block for a day.',
      description: `${where} has uploaded no block to bucket {{ $labels.bucket }} for more than 24 hours: it does not compact, downsample or apply retention.`,
    }),
  ];
}

function sidecarAlerts(): AlertingRule[] {
  const s = JOB.sidecar;
  const pod = 'cluster, namespace, pod';
  return [
    alert({
      alert: 'ThanosSidecarBucketOperationsFailed',
      severity: 'critical',
      expr: `sum by (${BY_POD}) (increase(thanos_objstore_bucket_operation_failures_total{${s}}[5m])) > 0`,
      for: '5m',
      summary: "The Thanos sidecar's operations on the bucket fail.",
      description: `The sidecar of {{ $labels.namespace }}/{{ $labels.pod }} failed {{ $value | humanize }} bucket operations in the last 5 minutes: blocks are not shipped and stay on Prometheus' volume only.`,
    }),
    alert({
      alert: 'ThanosSidecarNoConnectionToStartedPrometheus',
      severity: 'critical',
      // Only once its Prometheus has replayed its WAL (a Prometheus still starting is not
      // reachable yet, and TargetDown covers one that does not start).
      expr: lines(
        `max by (${BY_POD}) (thanos_sidecar_prometheus_up{${s}}) == 0`,
        `and on (${pod})`,
        `max by (${pod}) (prometheus_tsdb_data_replay_duration_seconds) > 0`,
      ),
      for: '5m',
      summary: 'The Thanos sidecar cannot reach its running Prometheus.',
      description:
        'The sidecar of {{ $labels.namespace }}/{{ $labels.pod }} cannot reach the Prometheus in its pod, which has started: Query gets no recent data from this replica.',
    }),
    alert({
      alert: 'ThanosSidecarNoUploads',
      severity: 'critical',
      // Prometheus writes a 2-hour block every 2 hours and the shipper uploads it within a sync
      // (30s): 3 hours always hold a written block and its upload. Comparing with the blocks
      // Prometheus wrote (not with time) keeps a fresh Prometheus, whose first block comes after
      // 3 hours, silent.
      expr: lines(
        `sum by (${BY_POD}) (increase(thanos_shipper_uploads_total{${s}}[3h])) == 0`,
        `and on (${pod})`,
        `sum by (${pod}) (increase(prometheus_tsdb_compactions_total[3h])) > 0`,
      ),
      for: '30m',
      summary: 'The Thanos sidecar uploads none of the blocks Prometheus writes.',
      description:
        "The sidecar of {{ $labels.namespace }}/{{ $labels.pod }} uploaded no block in 3 hours while its Prometheus wrote some: they are lost once Prometheus' local retention passes.",
    }),
  ];
}

function queryAlerts(): AlertingRule[] {
  const q = JOB.query;
  const httpErrors = (handler: string) =>
    lines(
      failureShare(
        `http_requests_total{${q}, handler="${handler}", code=~"5.."}`,
        `http_requests_total{${q}, handler="${handler}"}`,
        BY,
      ),
      '> 5',
    );
  return [
    alert({
      alert: 'ThanosQueryHttpRequestQueryErrorRateHigh',
      severity: 'critical',
      expr: httpErrors('query'),
      for: '5m',
      summary: 'Thanos Query fails many instant queries.',
      description: `${where} answers {{ $value | humanize }}% of the instant queries (/api/v1/query) with a server error.`,
    }),
    alert({
      alert: 'ThanosQueryHttpRequestQueryRangeErrorRateHigh',
      severity: 'critical',
      expr: httpErrors('query_range'),
      for: '5m',
      summary: 'Thanos Query fails many range queries.',
      description: `${where} answers {{ $value | humanize }}% of the range queries (/api/v1/query_range, Grafana's panels) with a server error.`,
    }),
    alert({
      alert: 'ThanosQueryGrpcServerErrorRate',
      severity: 'warning',
      expr: lines(
        failureShare(
          `grpc_server_handled_total{${q}, ${GRPC_SERVER_FAILURE}}`,
          `grpc_server_started_total{${q}}`,
          BY,
        ),
        '> 5',
      ),
      for: '5m',
      summary: "Thanos Query's gRPC server fails many requests.",
      description: `${where} fails {{ $value | humanize }}% of the gRPC requests it serves.`,
    }),
    alert({
      alert: 'ThanosQueryGrpcClientErrorRate',
      severity: 'warning',
      expr: lines(
        failureShare(
          `grpc_client_handled_total{${q}, grpc_code!="OK"}`,
          `grpc_client_started_total{${q}}`,
          BY,
        ),
        '> 5',
      ),
      for: '5m',
      summary: 'Thanos Query gets many errors from its stores.',
      description: `${where} gets an error for {{ $value | humanize }}% of its gRPC requests to the sidecars and Store Gateways: answers may be partial.`,
    }),
    alert({
      alert: 'ThanosQueryHighDNSFailures',
      severity: 'warning',
      expr: lines(
        failureShare(
          `thanos_query_endpoints_dns_failures_total{${q}}`,
          `thanos_query_endpoints_dns_lookups_total{${q}}`,
          BY,
        ),
        '> 1',
      ),
      for: '15m',
      summary: 'Thanos Query fails to resolve its endpoints.',
      description: `${where} fails {{ $value | humanize }}% of the DNS lookups of its endpoints: stores that come and go are missed.`,
    }),
    alert({
      alert: 'ThanosQueryInstantLatencyHigh',
      severity: 'critical',
      // No requests: the quantile is NaN, which is never above the threshold.
      expr: `${p99(`http_request_duration_seconds_bucket{${q}, handler="query"}`, BY)} > 40`,
      for: '10m',
      summary: 'Thanos Query is slow to answer instant queries.',
      description: `${where} answers 99% of the instant queries within {{ $value | humanizeDuration }}, more than 40s.`,
    }),
    alert({
      alert: 'ThanosQueryRangeLatencyHigh',
      severity: 'critical',
      expr: `${p99(`http_request_duration_seconds_bucket{${q}, handler="query_range"}`, BY)} > 90`,
      for: '10m',
      summary: 'Thanos Query is slow to answer range queries.',
      description: `${where} answers 99% of the range queries within {{ $value | humanizeDuration }}, more than 90s.`,
    }),
    alert({
      alert: 'ThanosQueryOverload',
      severity: 'warning',
      expr: lines(
        `100 * max by (${BY_POD}) (avg_over_time(thanos_query_concurrent_gate_queries_in_flight{${q}}[5m]))`,
        `/ max by (${BY_POD}) (thanos_query_concurrent_gate_queries_max{${q}})`,
        '> 90',
      ),
      for: '15m',
      summary: 'Thanos Query runs as many queries as it may at once.',
      description: `${where} ({{ $labels.pod }}) used {{ $value | humanize }}% of its concurrent query slots over 5 minutes: further queries wait.`,
    }),
  ];
}

function storeAlerts(): AlertingRule[] {
  const s = JOB.store;
  return [
    alert({
      alert: 'ThanosStoreGrpcErrorRate',
      severity: 'warning',
      expr: lines(
        failureShare(
          `grpc_server_handled_total{${s}, ${GRPC_SERVER_FAILURE}}`,
          `grpc_server_started_total{${s}}`,
          BY,
        ),
        '> 5',
      ),
      for: '5m',
      summary: 'The Thanos Store Gateway fails many gRPC requests.',
      description: `${where} fails {{ $value | humanize }}% of the gRPC requests of Query: long-term data is missing from answers.`,
    }),
    alert({
      alert: 'ThanosStoreSeriesGateLatencyHigh',
      severity: 'warning',
      expr: `${p99(`thanos_bucket_store_series_gate_duration_seconds_bucket{${s}}`, BY)} > 2`,
      for: '10m',
      summary: 'Series requests wait long at the Thanos Store Gateway.',
      description: `${where} makes 99% of its Series requests wait up to {{ $value | humanizeDuration }} for a slot, more than 2s.`,
    }),
    alert({
      alert: 'ThanosStoreBucketHighOperationFailures',
      severity: 'warning',
      expr: lines(
        failureShare(
          `thanos_objstore_bucket_operation_failures_total{${s}}`,
          `thanos_objstore_bucket_operations_total{${s}}`,
          BY,
        ),
        '> 5',
      ),
      for: '15m',
      summary: "The Thanos Store Gateway's operations on the bucket fail.",
      description: `${where} fails {{ $value | humanize }}% of its operations on the bucket: queries of long-term data fail.`,
    }),
    alert({
      alert: 'ThanosStoreObjstoreOperationLatencyHigh',
      severity: 'warning',
      expr: `${p99(`thanos_objstore_bucket_operation_duration_seconds_bucket{${s}}`, `${BY}, operation`)} > 10`,
      for: '10m',
      summary: 'The bucket is slow to answer the Thanos Store Gateway.',
      description: `${where} sees 99% of its {{ $labels.operation }} operations on the bucket take up to {{ $value | humanizeDuration }}, more than 10s.`,
    }),
  ];
}

/** The "is down" alert of each part, its title in texts. */
const PARTS: readonly [ThanosPart, string, string][] = [
  ['query', 'ThanosQueryIsDown', 'Thanos Query'],
  ['queryFrontend', 'ThanosQueryFrontendIsDown', 'Thanos Query Frontend'],
  ['store', 'ThanosStoreIsDown', 'The Thanos Store Gateway'],
  ['compact', 'ThanosCompactIsDown', 'The Thanos Compactor'],
  ['sidecar', 'ThanosSidecarIsDown', 'The Thanos sidecar'],
];

function absentAlerts(multiCluster: boolean): AlertingRule[] {
  return PARTS.map(([part, name, title]) =>
    alert({
      alert: name,
      severity: 'critical',
      // Also when the targets are gone (a failed rollout deleted the pods); per cluster with multiCluster.
      expr: noTargetUp(`up{${JOB[part]}}`, multiCluster),
      for: '5m',
      summary: `${title} is down.`,
      description: `No target of ${title.replace(/^The /, 'the ')} (job ${JOBS[part]}) has answered a scrape for 5 minutes.`,
    }),
  );
}

/**
 * The mixin's alerts; each has its promtool cases (`alerts.cases.ts`) and its runbook
 * (`docs/runbooks/<alert>.md`, the `runbook_url` that `alert()` sets). `multiCluster` (the
 * stack's `common.multiCluster`) makes the "is down" alerts fire per cluster.
 */
export function thanosAlerts(multiCluster = false): RuleGroup<AlertingRule>[] {
  return [
    alertGroup(ALERT_GROUPS.compact, compactAlerts()),
    alertGroup(ALERT_GROUPS.sidecar, sidecarAlerts()),
    alertGroup(ALERT_GROUPS.query, queryAlerts()),
    alertGroup(ALERT_GROUPS.store, storeAlerts()),
    alertGroup(ALERT_GROUPS.absent, absentAlerts(multiCluster)),
  ];
}
