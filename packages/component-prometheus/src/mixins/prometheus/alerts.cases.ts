import { type AlertCase, type AlertCases, expectation, seriesWith } from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const prom = seriesWith(
  `cluster="${CLUSTER}", job="prometheus-k8s", namespace="monitoring", pod="prometheus-k8s-0", instance="10.0.1.7:9090"`,
);
const POD = { cluster: CLUSTER, namespace: 'monitoring', pod: 'prometheus-k8s-0' };
const WHO = 'Prometheus monitoring/prometheus-k8s-0';

/** A counter that must not increase: fires when it grows for long enough, silent when it stays flat. */
function neverIncreases(
  metric: string,
  options: {
    summary: string;
    severity: 'critical' | 'warning';
    labels?: Record<string, string>;
    /** Input spacing and evaluation time so that the condition outlasts `for`. */
    at: AlertCase['at'];
    interval?: AlertCase['interval'];
    samples: number;
    description: string;
  },
): AlertCase[] {
  const own = Object.entries(options.labels ?? {})
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
  const series = own ? `${metric}{${own}}` : metric;
  const interval = options.interval ?? '1m';
  return [
    {
      name: 'the counter keeps increasing',
      interval,
      input: [prom(series, `0+1x${options.samples}`)],
      at: options.at,
      fires: [expectation(options.summary, POD)(options.severity, options.labels ?? {}, options.description)],
    },
    {
      name: 'the counter stays flat (a past failure, then none)',
      interval,
      input: [prom(series, `7x${options.samples}`)],
      at: options.at,
      fires: [],
    },
  ];
}

const notifications = (alertmanager: string, errorsPerMinute: number, sentPerMinute: number) => [
  prom(`prometheus_notifications_errors_total{alertmanager="${alertmanager}"}`, `0+${errorsPerMinute}x40`),
  prom(`prometheus_notifications_sent_total{alertmanager="${alertmanager}"}`, `0+${sentPerMinute}x40`),
];
const AM1 = 'http://10.0.2.1:9093/api/v2/alerts';
const AM2 = 'http://10.0.2.2:9093/api/v2/alerts';

const remote = { remote_name: 'thanos', url: 'https://thanos.example.com/api/v1/receive' };
const remoteLabels = 'remote_name="thanos", url="https://thanos.example.com/api/v1/receive"';

export const prometheusAlertCases: AlertCases = {
  PrometheusBadConfig: [
    {
      name: 'the last reload failed',
      input: [prom('prometheus_config_last_reload_successful', '1x5 0x30')],
      at: '25m',
      fires: [
        expectation('Prometheus failed to reload its configuration.', POD)(
          'critical',
          {},
          `${WHO} rejected its latest configuration and keeps running on the previous one; a restart would fail.`,
        ),
      ],
    },
    {
      name: 'one failed reload, fixed a minute later',
      input: [prom('prometheus_config_last_reload_successful', '1x5 0 1x30')],
      at: '25m',
      fires: [],
    },
  ],
  PrometheusSDRefreshFailure: neverIncreases('prometheus_sd_refresh_failures_total', {
    summary: 'Prometheus fails to refresh service discovery.',
    severity: 'warning',
    labels: { mechanism: 'kubernetes' },
    at: '40m',
    samples: 45,
    description: `${WHO} failed to refresh its kubernetes service discovery 10 time(s) in 10 minutes; its targets may be stale.`,
  }),
  PrometheusKubernetesListWatchFailures: neverIncreases('prometheus_sd_kubernetes_failures_total', {
    summary: 'Kubernetes service discovery of Prometheus fails to list or watch objects.',
    severity: 'warning',
    at: '25m',
    samples: 30,
    description: `${WHO} had 5 failed list or watch request(s) to the Kubernetes API in 5 minutes; targets may be missing or stale.`,
  }),
  PrometheusNotificationQueueRunningFull: [
    {
      name: 'the queue grows by 300 alerts a minute towards a capacity of 10000',
      input: [
        prom('prometheus_notifications_queue_length', '0+300x40'),
        prom('prometheus_notifications_queue_capacity', '10000x40'),
      ],
      at: '30m',
      fires: [
        expectation('The alert notification queue of Prometheus is filling up.', POD)(
          'warning',
          {},
          `At its current pace the alert notification queue of ${WHO} is full within 30 minutes; then alerts are dropped.`,
        ),
      ],
    },
    {
      name: 'a steady queue of a few alerts',
      input: [
        prom('prometheus_notifications_queue_length', '5x40'),
        prom('prometheus_notifications_queue_capacity', '10000x40'),
      ],
      at: '30m',
      fires: [],
    },
  ],
  PrometheusErrorSendingAlertsToSomeAlertmanagers: [
    {
      name: 'one Alertmanager of two rejects 5% of the alerts',
      input: [...notifications(AM1, 3, 60), ...notifications(AM2, 0, 60)],
      at: '30m',
      fires: [
        expectation('Prometheus fails to send alerts to an Alertmanager.', POD)(
          'warning',
          { alertmanager: AM1 },
          `${WHO} fails to send 5.0% of its alerts to Alertmanager ${AM1}.`,
        ),
      ],
    },
    {
      name: 'an error now and then, under 1%',
      input: [
        ...notifications(AM1, 0, 60),
        prom(`prometheus_notifications_errors_total{alertmanager="${AM2}"}`, '0x20 1x20'),
      ],
      at: '30m',
      fires: [],
    },
  ],
  PrometheusErrorSendingAlertsToAnyAlertmanager: [
    {
      name: 'both Alertmanagers fail, the better one 10% of the time',
      input: [...notifications(AM1, 6, 60), ...notifications(AM2, 30, 60)],
      at: '30m',
      fires: [
        expectation('Prometheus fails to send alerts to every Alertmanager.', POD)(
          'critical',
          {},
          `${WHO} fails to send at least 10.0% of its alerts to each of its Alertmanagers: notifications are being lost.`,
        ),
      ],
    },
    {
      name: 'one Alertmanager fails completely, the other one works',
      input: [...notifications(AM1, 60, 60), ...notifications(AM2, 0, 60)],
      at: '30m',
      fires: [],
    },
  ],
  PrometheusNotConnectedToAlertmanagers: [
    {
      name: 'no Alertmanager discovered',
      input: [prom('prometheus_notifications_alertmanagers_discovered', '0x30')],
      at: '20m',
      fires: [
        expectation('Prometheus is not connected to any Alertmanager.', POD)(
          'warning',
          {},
          `${WHO} has discovered no Alertmanager to send its alerts to.`,
        ),
      ],
    },
    {
      name: 'three Alertmanagers discovered',
      input: [prom('prometheus_notifications_alertmanagers_discovered', '3x30')],
      at: '20m',
      fires: [],
    },
  ],
  PrometheusTSDBReloadsFailing: neverIncreases('prometheus_tsdb_reloads_failures_total', {
    summary: 'Prometheus fails to reload blocks from disk.',
    severity: 'warning',
    interval: '10m',
    at: '8h',
    samples: 60,
    description: `${WHO} failed 18 block reload(s) from disk in the last 3 hours.`,
  }),
  PrometheusTSDBCompactionsFailing: neverIncreases('prometheus_tsdb_compactions_failed_total', {
    summary: 'Prometheus fails to compact blocks.',
    severity: 'warning',
    interval: '10m',
    at: '8h',
    samples: 60,
    description: `${WHO} failed 18 block compaction(s) in the last 3 hours; the head block and disk use grow.`,
  }),
  PrometheusNotIngestingSamples: [
    {
      name: 'targets are known but no sample is appended',
      input: [
        prom('prometheus_tsdb_head_samples_appended_total{type="float"}', '1000x30'),
        prom('prometheus_target_metadata_cache_entries{scrape_job="api"}', '40x30'),
      ],
      at: '20m',
      fires: [
        expectation('Prometheus stores no samples.', POD)(
          'warning',
          {},
          `${WHO} has targets or rules but stored no sample for 10 minutes.`,
        ),
      ],
    },
    {
      name: 'samples are appended',
      input: [
        prom('prometheus_tsdb_head_samples_appended_total{type="float"}', '0+600x30'),
        prom('prometheus_target_metadata_cache_entries{scrape_job="api"}', '40x30'),
        prom('prometheus_rule_group_rules{rule_group="/etc/rules/a.yaml;a"}', '3x30'),
      ],
      at: '20m',
      fires: [],
    },
    {
      name: 'nothing to scrape and no rules: nothing to store',
      input: [
        prom('prometheus_tsdb_head_samples_appended_total{type="float"}', '0x30'),
        prom('prometheus_target_metadata_cache_entries{scrape_job="api"}', '0x30'),
        prom('prometheus_rule_group_rules{rule_group="/etc/rules/a.yaml;a"}', '0x30'),
      ],
      at: '20m',
      fires: [],
    },
  ],
  PrometheusDuplicateTimestamps: [
    {
      name: 'two samples a second with a duplicate timestamp',
      input: [prom('prometheus_target_scrapes_sample_duplicate_timestamp_total', '0+120x30')],
      at: '20m',
      fires: [
        expectation('Prometheus drops samples with duplicate timestamps.', POD)(
          'warning',
          {},
          `${WHO} drops 2 samples/s that repeat the timestamp of another sample of their series with a different value.`,
        ),
      ],
    },
    {
      name: 'no duplicates',
      input: [prom('prometheus_target_scrapes_sample_duplicate_timestamp_total', '4x30')],
      at: '20m',
      fires: [],
    },
  ],
  PrometheusOutOfOrderTimestamps: [
    {
      name: 'a sample a second out of order',
      input: [prom('prometheus_target_scrapes_sample_out_of_order_total', '0+60x30')],
      at: '20m',
      fires: [
        expectation('Prometheus drops samples that arrive out of order.', POD)(
          'warning',
          {},
          `${WHO} drops 1 samples/s that are older than the latest sample of their series.`,
        ),
      ],
    },
    {
      name: 'none out of order',
      input: [prom('prometheus_target_scrapes_sample_out_of_order_total', '0x30')],
      at: '20m',
      fires: [],
    },
  ],
  PrometheusRemoteStorageFailures: [
    {
      name: 'a tenth of the samples fail',
      input: [
        prom(`prometheus_remote_storage_samples_failed_total{${remoteLabels}}`, '0+600x30'),
        prom(`prometheus_remote_storage_samples_total{${remoteLabels}}`, '0+5400x30'),
      ],
      at: '25m',
      fires: [
        expectation('Prometheus fails to send samples to remote storage.', POD)(
          'critical',
          remote,
          `${WHO} fails to send 10.0% of its samples to remote storage thanos (https://thanos.example.com/api/v1/receive).`,
        ),
      ],
    },
    {
      name: 'every sample is sent',
      input: [
        prom(`prometheus_remote_storage_samples_failed_total{${remoteLabels}}`, '0x30'),
        prom(`prometheus_remote_storage_samples_total{${remoteLabels}}`, '0+5400x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  PrometheusRemoteWriteBehind: [
    {
      name: 'the queue stopped sending 5 minutes ago',
      input: [
        prom('prometheus_remote_storage_highest_timestamp_in_seconds', '0+60x40'),
        prom(
          `prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${remoteLabels}}`,
          '0+60x5 300x35',
        ),
      ],
      at: '25m',
      fires: [
        expectation('Prometheus remote write falls behind.', POD)(
          'critical',
          remote,
          `Remote write thanos (https://thanos.example.com/api/v1/receive) of ${WHO} is 1200 seconds behind the newest samples.`,
        ),
      ],
    },
    {
      name: 'the queue keeps up within a minute',
      input: [
        prom('prometheus_remote_storage_highest_timestamp_in_seconds', '60+60x40'),
        prom(`prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${remoteLabels}}`, '0+60x40'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  PrometheusRemoteWriteDesiredShards: [
    {
      name: 'wants 60 shards, may use 50',
      input: [
        prom(`prometheus_remote_storage_shards_desired{${remoteLabels}}`, '60x30'),
        prom(`prometheus_remote_storage_shards_max{${remoteLabels}}`, '50x30'),
      ],
      at: '25m',
      fires: [
        expectation('Prometheus remote write wants more shards than it may use.', POD)(
          'warning',
          remote,
          `Remote write thanos (https://thanos.example.com/api/v1/receive) of ${WHO} wants 60 shards, more than its max_shards.`,
        ),
      ],
    },
    {
      name: 'wants 4 shards of 50',
      input: [
        prom(`prometheus_remote_storage_shards_desired{${remoteLabels}}`, '4x30'),
        prom(`prometheus_remote_storage_shards_max{${remoteLabels}}`, '50x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  PrometheusRuleFailures: neverIncreases('prometheus_rule_evaluation_failures_total', {
    summary: 'Prometheus fails to evaluate rules.',
    severity: 'critical',
    labels: { rule_group: '/etc/prometheus/rules/kubernetes.yaml;kubernetes-apps' },
    at: '25m',
    samples: 30,
    description: `${WHO} failed 5 rule evaluation(s) of group /etc/prometheus/rules/kubernetes.yaml;kubernetes-apps in 5 minutes; its alerts may not fire.`,
  }),
  PrometheusMissingRuleEvaluations: neverIncreases('prometheus_rule_group_iterations_missed_total', {
    summary: 'Prometheus skips rule group evaluations.',
    severity: 'warning',
    labels: { rule_group: '/etc/prometheus/rules/kubernetes.yaml;kube-apiserver-burnrate.rules' },
    at: '25m',
    samples: 30,
    description: `${WHO} skipped 5 evaluation(s) of rule group /etc/prometheus/rules/kubernetes.yaml;kube-apiserver-burnrate.rules in 5 minutes: the group takes longer than its interval.`,
  }),
  PrometheusTargetLimitHit: neverIncreases('prometheus_target_scrape_pool_exceeded_target_limit_total', {
    summary: 'Prometheus drops targets over a target limit.',
    severity: 'warning',
    at: '25m',
    samples: 30,
    description: `${WHO} dropped the targets of a scrape pool 5 time(s) in 5 minutes because the pool exceeded its target limit.`,
  }),
  PrometheusLabelLimitHit: neverIncreases('prometheus_target_scrape_pool_exceeded_label_limits_total', {
    summary: 'Prometheus drops targets over a label limit.',
    severity: 'warning',
    at: '25m',
    samples: 30,
    description: `${WHO} dropped targets 5 time(s) in 5 minutes because they exceeded a label limit of their scrape pool.`,
  }),
  PrometheusScrapeBodySizeLimitHit: neverIncreases(
    'prometheus_target_scrapes_exceeded_body_size_limit_total',
    {
      summary: 'Prometheus fails scrapes over the body size limit.',
      severity: 'warning',
      at: '25m',
      samples: 30,
      description: `${WHO} failed 5 scrape(s) in 5 minutes because the response was larger than the body size limit.`,
    },
  ),
  PrometheusScrapeSampleLimitHit: neverIncreases('prometheus_target_scrapes_exceeded_sample_limit_total', {
    summary: 'Prometheus fails scrapes over the sample limit.',
    severity: 'warning',
    at: '25m',
    samples: 30,
    description: `${WHO} failed 5 scrape(s) in 5 minutes because the target exposed more samples than its sample limit.`,
  }),
  PrometheusTargetSyncFailure: neverIncreases('prometheus_target_sync_failed_total', {
    summary: 'Prometheus cannot sync the targets of a scrape job.',
    severity: 'critical',
    labels: { scrape_job: 'serviceMonitor/apps/api/0' },
    at: '40m',
    samples: 45,
    description: `${WHO} could not sync the targets of scrape job serviceMonitor/apps/api/0 30 time(s) in 30 minutes: its configuration is invalid and its targets are not scraped.`,
  }),
  PrometheusHighQueryLoad: [
    {
      name: '18 of 20 concurrent queries in use',
      input: [
        prom('prometheus_engine_queries', '18x30'),
        prom('prometheus_engine_queries_concurrent_max', '20x30'),
      ],
      at: '25m',
      fires: [
        expectation('Prometheus runs close to its maximum of concurrent queries.', POD)(
          'warning',
          {},
          `${WHO} runs 90% of the queries it may run at once; further queries wait.`,
        ),
      ],
    },
    {
      name: 'half the concurrent queries in use',
      input: [
        prom('prometheus_engine_queries', '10x30'),
        prom('prometheus_engine_queries_concurrent_max', '20x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
};
