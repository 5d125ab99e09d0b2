import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines } from '@mixstack/kit';
import { by, m, on } from '../promql.js';
import type { MixinSelectors } from '../selectors.js';

export interface PrometheusAlertsOptions {
  /** The stack has an Alertmanager: without one, "not connected to Alertmanager" is the normal state. */
  alertmanager: boolean;
}

/** Alerts on the stack's Prometheus servers, from their own metrics; they name the pod. */
export function prometheusAlerts(
  s: MixinSelectors,
  options: PrometheusAlertsOptions,
): RuleGroup<AlertingRule>[] {
  const p = (metric: string, ...matchers: string[]) => m(metric, s.prometheus, ...matchers);
  const pod = by('namespace', 'pod');
  const who = 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }}';
  /** A counter that should never increase: how many times it did in `window`, per pod (and `extra` labels). */
  const increased = (metric: string, window: string, ...extra: string[]) =>
    `sum ${by('namespace', 'pod', ...extra)} (increase(${p(metric)}[${window}])) > 0`;

  return [
    alertGroup('prometheus', [
      alert({
        alert: 'PrometheusBadConfig',
        severity: 'critical',
        expr: `max ${pod} (max_over_time(${p('prometheus_config_last_reload_successful')}[5m])) == 0`,
        for: '10m',
        summary: 'Prometheus failed to reload its configuration.',
        description: `${who} rejected its latest configuration and keeps running on the previous one; a restart would fail.`,
      }),
      alert({
        alert: 'PrometheusSDRefreshFailure',
        severity: 'warning',
        expr: increased('prometheus_sd_refresh_failures_total', '10m', 'mechanism'),
        for: '20m',
        summary: 'Prometheus fails to refresh service discovery.',
        description: `${who} failed to refresh its {{ $labels.mechanism }} service discovery {{ printf "%.0f" $value }} time(s) in 10 minutes; its targets may be stale.`,
      }),
      alert({
        alert: 'PrometheusKubernetesListWatchFailures',
        severity: 'warning',
        expr: increased('prometheus_sd_kubernetes_failures_total', '5m'),
        for: '15m',
        summary: 'Kubernetes service discovery of Prometheus fails to list or watch objects.',
        description: `${who} had {{ printf "%.0f" $value }} failed list or watch request(s) to the Kubernetes API in 5 minutes; targets may be missing or stale.`,
      }),
      alert({
        alert: 'PrometheusNotificationQueueRunningFull',
        severity: 'warning',
        expr: lines(
          `max ${pod} (predict_linear(${p('prometheus_notifications_queue_length')}[5m], 60 * 30))`,
          `> min ${pod} (min_over_time(${p('prometheus_notifications_queue_capacity')}[5m]))`,
        ),
        for: '15m',
        summary: 'The alert notification queue of Prometheus is filling up.',
        description: `At its current pace the alert notification queue of ${who} is full within 30 minutes; then alerts are dropped.`,
      }),
      alert({
        alert: 'PrometheusErrorSendingAlertsToSomeAlertmanagers',
        severity: 'warning',
        expr: lines(
          `100 * sum ${by('namespace', 'pod', 'alertmanager')} (rate(${p('prometheus_notifications_errors_total')}[5m]))`,
          `/ sum ${by('namespace', 'pod', 'alertmanager')} (rate(${p('prometheus_notifications_sent_total')}[5m]))`,
          '> 1',
        ),
        for: '15m',
        summary: 'Prometheus fails to send alerts to an Alertmanager.',
        description: `${who} fails to send {{ printf "%.1f" $value }}% of its alerts to Alertmanager {{ $labels.alertmanager }}.`,
      }),
      alert({
        alert: 'PrometheusErrorSendingAlertsToAnyAlertmanager',
        severity: 'critical',
        expr: lines(
          `min ${pod} (`,
          `  100 * rate(${p('prometheus_notifications_errors_total')}[5m])`,
          `  / rate(${p('prometheus_notifications_sent_total')}[5m])`,
          ') > 3',
        ),
        for: '15m',
        summary: 'Prometheus fails to send alerts to every Alertmanager.',
        description: `${who} fails to send at least {{ printf "%.1f" $value }}% of its alerts to each of its Alertmanagers: notifications are being lost.`,
      }),
      ...(options.alertmanager
        ? [
            alert({
              alert: 'PrometheusNotConnectedToAlertmanagers',
              severity: 'warning',
              expr: `max ${pod} (max_over_time(${p('prometheus_notifications_alertmanagers_discovered')}[5m])) < 1`,
              for: '10m',
              summary: 'Prometheus is not connected to any Alertmanager.',
              description: `${who} has discovered no Alertmanager to send its alerts to.`,
            }),
          ]
        : []),
      alert({
        alert: 'PrometheusTSDBReloadsFailing',
        severity: 'warning',
        expr: increased('prometheus_tsdb_reloads_failures_total', '3h'),
        for: '4h',
        summary: 'Prometheus fails to reload blocks from disk.',
        description: `${who} failed {{ printf "%.0f" $value }} block reload(s) from disk in the last 3 hours.`,
      }),
      alert({
        alert: 'PrometheusTSDBCompactionsFailing',
        severity: 'warning',
        expr: increased('prometheus_tsdb_compactions_failed_total', '3h'),
        for: '4h',
        summary: 'Prometheus fails to compact blocks.',
        description: `${who} failed {{ printf "%.0f" $value }} block compaction(s) in the last 3 hours; the head block and disk use grow.`,
      }),
      alert({
        alert: 'PrometheusNotIngestingSamples',
        severity: 'warning',
        expr: lines(
          `sum ${pod} (rate(${p('prometheus_tsdb_head_samples_appended_total')}[5m])) <= 0`,
          `and ${on('namespace', 'pod')} (`,
          `  sum ${pod} (${p('prometheus_target_metadata_cache_entries')}) > 0`,
          `  or sum ${pod} (${p('prometheus_rule_group_rules')}) > 0`,
          ')',
        ),
        for: '10m',
        summary: 'Prometheus stores no samples.',
        description: `${who} has targets or rules but stored no sample for 10 minutes.`,
      }),
      alert({
        alert: 'PrometheusDuplicateTimestamps',
        severity: 'warning',
        expr: `sum ${pod} (rate(${p('prometheus_target_scrapes_sample_duplicate_timestamp_total')}[5m])) > 0`,
        for: '10m',
        summary: 'Prometheus drops samples with duplicate timestamps.',
        description: `${who} drops {{ printf "%.4g" $value }} samples/s that repeat the timestamp of another sample of their series with a different value.`,
      }),
      alert({
        alert: 'PrometheusOutOfOrderTimestamps',
        severity: 'warning',
        expr: `sum ${pod} (rate(${p('prometheus_target_scrapes_sample_out_of_order_total')}[5m])) > 0`,
        for: '10m',
        summary: 'Prometheus drops samples that arrive out of order.',
        description: `${who} drops {{ printf "%.4g" $value }} samples/s that are older than the latest sample of their series.`,
      }),
      alert({
        alert: 'PrometheusRemoteStorageFailures',
        severity: 'critical',
        expr: lines(
          `100 * sum ${by('namespace', 'pod', 'remote_name', 'url')} (rate(${p('prometheus_remote_storage_samples_failed_total')}[5m]))`,
          '/ (',
          `  sum ${by('namespace', 'pod', 'remote_name', 'url')} (rate(${p('prometheus_remote_storage_samples_failed_total')}[5m]))`,
          `  + sum ${by('namespace', 'pod', 'remote_name', 'url')} (rate(${p('prometheus_remote_storage_samples_total')}[5m]))`,
          ')',
          '> 1',
        ),
        for: '15m',
        summary: 'Prometheus fails to send samples to remote storage.',
        description: `${who} fails to send {{ printf "%.1f" $value }}% of its samples to remote storage {{ $labels.remote_name }} ({{ $labels.url }}).`,
      }),
      alert({
        alert: 'PrometheusRemoteWriteBehind',
        severity: 'critical',
        expr: lines(
          `max ${pod} (max_over_time(${p('prometheus_remote_storage_highest_timestamp_in_seconds')}[5m]))`,
          `- ${on('namespace', 'pod')} group_right ()`,
          `max ${by('namespace', 'pod', 'remote_name', 'url')} (max_over_time(${p('prometheus_remote_storage_queue_highest_sent_timestamp_seconds')}[5m]))`,
          '> 120',
        ),
        for: '15m',
        summary: 'Prometheus remote write falls behind.',
        description: `Remote write {{ $labels.remote_name }} ({{ $labels.url }}) of ${who} is {{ printf "%.0f" $value }} seconds behind the newest samples.`,
      }),
      alert({
        alert: 'PrometheusRemoteWriteDesiredShards',
        severity: 'warning',
        expr: lines(
          `max ${by('namespace', 'pod', 'remote_name', 'url')} (max_over_time(${p('prometheus_remote_storage_shards_desired')}[5m]))`,
          `> max ${by('namespace', 'pod', 'remote_name', 'url')} (max_over_time(${p('prometheus_remote_storage_shards_max')}[5m]))`,
        ),
        for: '15m',
        summary: 'Prometheus remote write wants more shards than it may use.',
        description: `Remote write {{ $labels.remote_name }} ({{ $labels.url }}) of ${who} wants {{ $value }} shards, more than its max_shards.`,
      }),
      alert({
        alert: 'PrometheusRuleFailures',
        severity: 'critical',
        expr: increased('prometheus_rule_evaluation_failures_total', '5m', 'rule_group'),
        for: '15m',
        summary: 'Prometheus fails to evaluate rules.',
        description: `${who} failed {{ printf "%.0f" $value }} rule evaluation(s) of group {{ $labels.rule_group }} in 5 minutes; its alerts may not fire.`,
      }),
      alert({
        alert: 'PrometheusMissingRuleEvaluations',
        severity: 'warning',
        expr: increased('prometheus_rule_group_iterations_missed_total', '5m', 'rule_group'),
        for: '15m',
        summary: 'Prometheus skips rule group evaluations.',
        description: `${who} skipped {{ printf "%.0f" $value }} evaluation(s) of rule group {{ $labels.rule_group }} in 5 minutes: the group takes longer than its interval.`,
      }),
      alert({
        alert: 'PrometheusTargetLimitHit',
        severity: 'warning',
        expr: increased('prometheus_target_scrape_pool_exceeded_target_limit_total', '5m'),
        for: '15m',
        summary: 'Prometheus drops targets over a target limit.',
        description: `${who} dropped the targets of a scrape pool {{ printf "%.0f" $value }} time(s) in 5 minutes because the pool exceeded its target limit.`,
      }),
      alert({
        alert: 'PrometheusLabelLimitHit',
        severity: 'warning',
        expr: increased('prometheus_target_scrape_pool_exceeded_label_limits_total', '5m'),
        for: '15m',
        summary: 'Prometheus drops targets over a label limit.',
        description: `${who} dropped targets {{ printf "%.0f" $value }} time(s) in 5 minutes because they exceeded a label limit of their scrape pool.`,
      }),
      alert({
        alert: 'PrometheusScrapeBodySizeLimitHit',
        severity: 'warning',
        expr: increased('prometheus_target_scrapes_exceeded_body_size_limit_total', '5m'),
        for: '15m',
        summary: 'Prometheus fails scrapes over the body size limit.',
        description: `${who} failed {{ printf "%.0f" $value }} scrape(s) in 5 minutes because the response was larger than the body size limit.`,
      }),
      alert({
        alert: 'PrometheusScrapeSampleLimitHit',
        severity: 'warning',
        expr: increased('prometheus_target_scrapes_exceeded_sample_limit_total', '5m'),
        for: '15m',
        summary: 'Prometheus fails scrapes over the sample limit.',
        description: `${who} failed {{ printf "%.0f" $value }} scrape(s) in 5 minutes because the target exposed more samples than its sample limit.`,
      }),
      alert({
        alert: 'PrometheusTargetSyncFailure',
        severity: 'critical',
        expr: increased('prometheus_target_sync_failed_total', '30m', 'scrape_job'),
        for: '5m',
        summary: 'Prometheus cannot sync the targets of a scrape job.',
        description: `${who} could not sync the targets of scrape job {{ $labels.scrape_job }} {{ printf "%.0f" $value }} time(s) in 30 minutes: its configuration is invalid and its targets are not scraped.`,
      }),
      alert({
        alert: 'PrometheusHighQueryLoad',
        severity: 'warning',
        expr: lines(
          `max ${pod} (avg_over_time(${p('prometheus_engine_queries')}[5m]))`,
          `/ max ${pod} (max_over_time(${p('prometheus_engine_queries_concurrent_max')}[5m]))`,
          '> 0.8',
        ),
        for: '15m',
        summary: 'Prometheus runs close to its maximum of concurrent queries.',
        description: `${who} runs {{ $value | humanizePercentage }} of the queries it may run at once; further queries wait.`,
      }),
    ]),
  ];
}
