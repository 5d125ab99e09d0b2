import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines } from '@mixstack/kit';
import { by, m } from '../promql.js';
import type { MixinSelectors } from '../selectors.js';

/** Alerts on kube-state-metrics itself: if it cannot read the API, every workload alert goes blind. */
export function kubeStateMetricsAlerts(s: MixinSelectors): RuleGroup<AlertingRule>[] {
  const ksm = (metric: string, ...matchers: string[]) => m(metric, s.kubeStateMetrics, ...matchers);
  const errorRatio = (metric: string) =>
    lines(
      `sum ${by('resource')} (rate(${ksm(metric, 'result="error"')}[5m]))`,
      `/ sum ${by('resource')} (rate(${ksm(metric)}[5m]))`,
      '> 0.01',
    );
  return [
    alertGroup('kube-state-metrics', [
      alert({
        alert: 'KubeStateMetricsListErrors',
        severity: 'critical',
        expr: errorRatio('kube_state_metrics_list_total'),
        for: '15m',
        summary: 'kube-state-metrics fails to list objects.',
        description:
          'kube-state-metrics fails {{ $value | humanizePercentage }} of its list requests for {{ $labels.resource }}: metrics of those objects are missing or stale, and alerts on them stay silent.',
      }),
      alert({
        alert: 'KubeStateMetricsWatchErrors',
        severity: 'critical',
        expr: errorRatio('kube_state_metrics_watch_total'),
        for: '15m',
        summary: 'kube-state-metrics fails to watch objects.',
        description:
          'kube-state-metrics fails {{ $value | humanizePercentage }} of its watch requests for {{ $labels.resource }}: metrics of those objects are missing or stale, and alerts on them stay silent.',
      }),
      alert({
        alert: 'KubeStateMetricsShardingMismatch',
        severity: 'critical',
        expr: `stdvar ${by()} (${ksm('kube_state_metrics_total_shards')}) != 0`,
        for: '15m',
        summary: 'kube-state-metrics instances disagree on the number of shards.',
        description:
          'The kube-state-metrics instances were started with different shard counts: some objects are exported twice, others not at all.',
      }),
      alert({
        alert: 'KubeStateMetricsShardsMissing',
        severity: 'critical',
        expr: lines(
          `max ${by()} (${ksm('kube_state_metrics_total_shards')})`,
          `- count ${by()} (group ${by('shard_ordinal')} (${ksm('kube_state_metrics_shard_ordinal')}))`,
          '> 0',
        ),
        for: '15m',
        summary: 'kube-state-metrics shards are missing.',
        description:
          '{{ $value }} kube-state-metrics shard(s) report no metrics: the objects assigned to them have none, and alerts on them stay silent.',
      }),
    ]),
  ];
}
