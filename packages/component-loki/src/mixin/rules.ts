import type { AlertingRule, RecordingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines, noTargetUp, record, recordGroup } from '@mixstack/kit';

/**
 * Loki's alerts and recording rules, over the metrics of one monolithic Loki (`-target=all`)
 * that Prometheus scrapes as `job="loki"`.
 *
 * Where the metric names come from (Loki 3.x; checked in grafana/loki):
 * - `loki_request_duration_seconds_{bucket,sum,count}{route, status_code, method, ws}`: the
 *   HTTP and gRPC server of every Loki target (dskit's instrumentation with Loki's namespace);
 *   read by upstream's `loki_rules` and `LokiRequestErrors` (production/loki-mixin).
 * - `loki_panic_total`: pkg/util/server/recovery.go (`Namespace: "loki", Name: "panic_total"`).
 * - `loki_boltdb_shipper_compactor_running`,
 *   `loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds`,
 *   `loki_boltdb_shipper_compact_tables_operation_total{status}`,
 *   `loki_compactor_apply_retention_last_successful_run_timestamp_seconds` and
 *   `loki_compactor_apply_retention_operation_total{status}`: pkg/compactor/metrics.go (the
 *   compactor keeps the `loki_boltdb_shipper_` namespace for its compaction metrics with tsdb
 *   too; the retention metrics are `loki_compactor_`).
 * - `loki_discarded_samples_total{reason, tenant}`: pkg/validation/validate.go, with the
 *   reasons `rate_limited`, `per_stream_rate_limit`, `stream_limit`, `line_too_long`,
 *   `greater_than_max_sample_age`, `too_far_behind`, ... of the same file.
 * - `loki_distributor_lines_received_total{tenant}`: pkg/distributor (documented in Loki's
 *   docs/sources/operations/observability).
 * - `loki_prometheus_rule_evaluation_failures_total{user, rule_group}`,
 *   `loki_prometheus_notifications_{sent,errors}_total{user, alertmanager}`: the ruler's
 *   per-tenant Prometheus rule manager and notifier (pkg/ruler/base/manager_metrics.go, named
 *   `cortex_` before Loki 3.0 and `loki_` since).
 */

/** The series of the stack's Loki: its Service (and scrape job) is `loki`. */
export const JOB = 'job="loki"';

/** The levels of the request-duration records, as upstream's `loki_rules` names them. */
const LEVELS = {
  cluster_job: ['cluster', 'job'],
  cluster_job_route: ['cluster', 'job', 'route'],
  cluster_namespace_job_route: ['cluster', 'namespace', 'job', 'route'],
} as const;

type Level = keyof typeof LEVELS;

/** The recorded series of one level: `cluster_namespace_job_route:loki_request_duration_seconds:99quantile`, ... */
export function requestRecords(level: Level) {
  return {
    p99: `${level}:loki_request_duration_seconds:99quantile`,
    p50: `${level}:loki_request_duration_seconds:50quantile`,
    avg: `${level}:loki_request_duration_seconds:avg`,
    bucketRate: `${level}:loki_request_duration_seconds_bucket:sum_rate`,
    sumRate: `${level}:loki_request_duration_seconds_sum:sum_rate`,
    countRate: `${level}:loki_request_duration_seconds_count:sum_rate`,
  };
}

/** What the dashboards and the latency alert read: by namespace, job and route. */
export const ROUTE_RECORDS = requestRecords('cluster_namespace_job_route');

/** Name of the recording group (upstream's). */
export const RECORDING_GROUP = 'loki_rules';

/** Name of the alert group (upstream's). */
export const ALERT_GROUP = 'loki_alerts';

/**
 * The request-duration records of upstream's loki-mixin (`loki_rules`): for each level the 99th
 * and 50th percentile, the average, and the summed rates of the histogram's buckets, sums and
 * counts, over 1 minute (upstream's window, so its dashboards read our records unchanged).
 */
export function lokiRecordingRules(): RuleGroup<RecordingRule>[] {
  const rules = (Object.keys(LEVELS) as Level[]).flatMap((level) => {
    const by = LEVELS[level].join(', ');
    const names = requestRecords(level);
    const rate = (series: string) => `rate(loki_request_duration_seconds_${series}[1m])`;
    return [
      record(names.p99, `histogram_quantile(0.99, sum by (le, ${by}) (${rate('bucket')}))`),
      record(names.p50, `histogram_quantile(0.50, sum by (le, ${by}) (${rate('bucket')}))`),
      record(names.avg, `sum by (${by}) (${rate('sum')})\n/\nsum by (${by}) (${rate('count')})`),
      record(names.bucketRate, `sum by (le, ${by}) (${rate('bucket')})`),
      record(names.sumRate, `sum by (${by}) (${rate('sum')})`),
      record(names.countRate, `sum by (${by}) (${rate('count')})`),
    ];
  });
  return [recordGroup(RECORDING_GROUP, rules)];
}

/**
 * Routes whose requests last as long as the client wants: tailing logs over a websocket, and
 * the querier's long poll of the scheduler. Their latency says nothing about Loki's health.
 */
export const LONG_LIVED_ROUTES = '(?i).*tail.*|/schedulerpb.SchedulerForQuerier/QuerierLoop';

/** Discard reasons that mean "over a limit": the tenant sends more than Loki is allowed to take. */
export const LIMIT_REASONS = 'rate_limited|per_stream_rate_limit|stream_limit';

/** A compactor (and its retention) that has not succeeded for this long is stuck. */
const STUCK_SECONDS = 3 * 60 * 60;

/** The labels every alert keeps: which Loki. */
const BY = 'cluster, namespace, job';

/** Loki's alerts; `multiCluster` (the stack's `common.multiCluster`) makes LokiDown fire per cluster. */
export function lokiAlerts(multiCluster = false): RuleGroup<AlertingRule>[] {
  const compacted = `loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds{${JOB}}`;
  const retained = `loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${JOB}}`;
  return [
    alertGroup(ALERT_GROUP, [
      alert({
        alert: 'LokiDown',
        severity: 'critical',
        // Also when the targets are gone (a failed rollout deleted the pod); per cluster with multiCluster.
        expr: noTargetUp(`up{${JOB}}`, multiCluster),
        for: '5m',
        summary: 'Loki is down.',
        description: 'No Loki target has answered a scrape for 5 minutes.',
      }),
      alert({
        alert: 'LokiRequestErrors',
        severity: 'critical',
        expr: lines(
          `100 * sum by (${BY}, route) (rate(loki_request_duration_seconds_count{${JOB}, status_code=~"5.."}[2m]))`,
          `/ sum by (${BY}, route) (rate(loki_request_duration_seconds_count{${JOB}}[2m]))`,
          '> 10',
        ),
        for: '15m',
        summary: 'Loki answers many requests of one route with a server error.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers {{ $value | humanize }}% of the requests to {{ $labels.route }} with a server error (5xx).',
      }),
      alert({
        alert: 'LokiRequestPanics',
        severity: 'critical',
        // The window is in the expression: one panic keeps it firing for 10 minutes.
        expr: `sum by (${BY}) (increase(loki_panic_total{${JOB}}[10m])) > 0`,
        for: '0s',
        summary: 'Loki panicked while serving requests.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} recovered from a panic in the last 10 minutes; a panic aborts the request it was serving.',
      }),
      alert({
        alert: 'LokiRequestLatency',
        severity: 'warning',
        expr: `${ROUTE_RECORDS.p99}{${JOB}, route!~"${LONG_LIVED_ROUTES}"} > 1`,
        for: '15m',
        summary: 'Loki is slow to answer the requests of one route.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} answers 99% of the requests to {{ $labels.route }} within {{ $value | humanizeDuration }}, more than 1s.',
      }),
      alert({
        alert: 'LokiCompactorNotRunning',
        severity: 'warning',
        expr: `sum by (${BY}) (loki_boltdb_shipper_compactor_running{${JOB}}) == 0`,
        for: '30m',
        summary: 'No Loki compactor is running.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} has run no compactor for 30 minutes: its index is not compacted and retention is not applied.',
      }),
      alert({
        alert: 'LokiTooManyCompactorsRunning',
        severity: 'warning',
        expr: `sum by (${BY}) (loki_boltdb_shipper_compactor_running{${JOB}}) > 1`,
        for: '5m',
        summary: 'More than one Loki compactor is running.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} has had {{ $value }} compactors running for 5 minutes; only one may run at a time.',
      }),
      alert({
        alert: 'LokiCompactionNotSucceeding',
        severity: 'warning',
        // Either its last success is old, or it has not succeeded once in 3 hours since it started (0).
        expr: lines(
          `min by (${BY}) (time() - (${compacted} > 0)) > ${STUCK_SECONDS}`,
          'or',
          `max by (${BY}) (max_over_time(${compacted}[3h])) == 0`,
        ),
        for: '1h',
        summary: 'Loki has not compacted its index for hours.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} has not compacted its index successfully for more than 3 hours.',
      }),
      alert({
        alert: 'LokiRetentionNotApplied',
        severity: 'warning',
        // Only where retention is on: the attempts counter exists once the compactor tried to apply it.
        expr: lines(
          `min by (${BY}) (time() - (${retained} > 0)) > ${STUCK_SECONDS}`,
          'or',
          `(max by (${BY}) (max_over_time(${retained}[3h])) == 0)`,
          `  and on (${BY}) (sum by (${BY}) (loki_compactor_apply_retention_operation_total{${JOB}}) > 0)`,
        ),
        for: '1h',
        summary: 'Loki has not applied its retention for hours.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} has not applied retention successfully for more than 3 hours: logs past their retention period are not deleted and its storage keeps growing.',
      }),
      alert({
        alert: 'LokiIngestionRateLimited',
        severity: 'warning',
        expr: lines(
          `sum by (${BY}, tenant, reason) (rate(loki_discarded_samples_total{${JOB}, reason=~"${LIMIT_REASONS}"}[5m]))`,
          '> 0',
        ),
        for: '15m',
        summary: 'Loki refuses log lines over its ingestion limits.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} discards {{ $value | humanize }} lines per second of tenant {{ $labels.tenant }} for {{ $labels.reason }}; those lines are lost.',
      }),
      alert({
        alert: 'LokiDiscardingLines',
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}, tenant, reason) (rate(loki_discarded_samples_total{${JOB}, reason!~"${LIMIT_REASONS}"}[5m]))`,
          `/ on (${BY}, tenant) group_left`,
          `sum by (${BY}, tenant) (rate(loki_distributor_lines_received_total{${JOB}}[5m]))`,
          '> 1',
        ),
        for: '15m',
        summary: 'Loki discards more than 1% of the log lines it receives.',
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} discards {{ $value | humanize }}% of the lines of tenant {{ $labels.tenant }} as {{ $labels.reason }}.',
      }),
      alert({
        alert: 'LokiRulerEvaluationFailures',
        severity: 'warning',
        expr: lines(
          `sum by (${BY}, user, rule_group) (increase(loki_prometheus_rule_evaluation_failures_total{${JOB}}[5m]))`,
          '> 0',
        ),
        for: '15m',
        summary: "Loki's ruler fails to evaluate log rules.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} failed {{ $value | humanize }} evaluations of rule group {{ $labels.rule_group }} (tenant {{ $labels.user }}) in the last 5 minutes.',
      }),
      alert({
        alert: 'LokiRulerFailingToSendAlerts',
        // Like Prometheus' own alert for some of its Alertmanagers: the other alerts still flow.
        severity: 'warning',
        expr: lines(
          `100 * sum by (${BY}, user, alertmanager) (rate(loki_prometheus_notifications_errors_total{${JOB}}[5m]))`,
          `/ sum by (${BY}, user, alertmanager) (rate(loki_prometheus_notifications_sent_total{${JOB}}[5m]))`,
          '> 1',
        ),
        for: '15m',
        summary: "Loki's ruler cannot send alerts to Alertmanager.",
        description:
          '{{ $labels.namespace }}/{{ $labels.job }} fails to send {{ $value | humanize }}% of the alerts of tenant {{ $labels.user }} to {{ $labels.alertmanager }}.',
      }),
    ]),
  ];
}
