import { type AlertCases, expectation, seriesWith } from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const ksm = (pod: string) =>
  seriesWith(`cluster="${CLUSTER}", job="kube-state-metrics", namespace="monitoring", pod="${pod}"`);
const self = ksm('kube-state-metrics-0');

export const kubeStateMetricsAlertCases: AlertCases = {
  KubeStateMetricsListErrors: [
    {
      name: 'a fifth of the lists of pods fail',
      input: [
        self('kube_state_metrics_list_total{resource="*v1.Pod", result="error"}', '0+2x30'),
        self('kube_state_metrics_list_total{resource="*v1.Pod", result="success"}', '0+8x30'),
        self('kube_state_metrics_list_total{resource="*v1.Node", result="success"}', '0+8x30'),
      ],
      at: '25m',
      fires: [
        expectation('kube-state-metrics fails to list objects.', { cluster: CLUSTER })(
          'critical',
          { resource: '*v1.Pod' },
          'kube-state-metrics fails 20% of its list requests for *v1.Pod: metrics of those objects are missing or stale, and alerts on them stay silent.',
        ),
      ],
    },
    {
      name: 'lists succeed',
      input: [
        self('kube_state_metrics_list_total{resource="*v1.Pod", result="error"}', '3x30'),
        self('kube_state_metrics_list_total{resource="*v1.Pod", result="success"}', '0+8x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  KubeStateMetricsWatchErrors: [
    {
      name: 'half of the watches of deployments fail',
      input: [
        self('kube_state_metrics_watch_total{resource="*v1.Deployment", result="error"}', '0+1x30'),
        self('kube_state_metrics_watch_total{resource="*v1.Deployment", result="success"}', '0+1x30'),
      ],
      at: '25m',
      fires: [
        expectation('kube-state-metrics fails to watch objects.', { cluster: CLUSTER })(
          'critical',
          { resource: '*v1.Deployment' },
          'kube-state-metrics fails 50% of its watch requests for *v1.Deployment: metrics of those objects are missing or stale, and alerts on them stay silent.',
        ),
      ],
    },
    {
      name: 'watches succeed',
      input: [
        self('kube_state_metrics_watch_total{resource="*v1.Deployment", result="error"}', '0x30'),
        self('kube_state_metrics_watch_total{resource="*v1.Deployment", result="success"}', '0+1x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  KubeStateMetricsShardingMismatch: [
    {
      name: 'one instance thinks there are 2 shards, the other 3',
      input: [
        ksm('kube-state-metrics-0')('kube_state_metrics_total_shards', '2x30'),
        ksm('kube-state-metrics-1')('kube_state_metrics_total_shards', '3x30'),
      ],
      at: '20m',
      fires: [
        expectation('kube-state-metrics instances disagree on the number of shards.', { cluster: CLUSTER })(
          'critical',
          {},
          'The kube-state-metrics instances were started with different shard counts: some objects are exported twice, others not at all.',
        ),
      ],
    },
    {
      name: 'both instances know of 2 shards',
      input: [
        ksm('kube-state-metrics-0')('kube_state_metrics_total_shards', '2x30'),
        ksm('kube-state-metrics-1')('kube_state_metrics_total_shards', '2x30'),
      ],
      at: '20m',
      fires: [],
    },
  ],
  KubeStateMetricsShardsMissing: [
    {
      name: 'three shards, only ordinal 0 and 2 report',
      input: [
        ksm('kube-state-metrics-0')('kube_state_metrics_total_shards', '3x30'),
        ksm('kube-state-metrics-0')('kube_state_metrics_shard_ordinal{shard_ordinal="0"}', '0x30'),
        ksm('kube-state-metrics-2')('kube_state_metrics_total_shards', '3x30'),
        ksm('kube-state-metrics-2')('kube_state_metrics_shard_ordinal{shard_ordinal="2"}', '2x30'),
      ],
      at: '20m',
      fires: [
        expectation('kube-state-metrics shards are missing.', { cluster: CLUSTER })(
          'critical',
          {},
          '1 kube-state-metrics shard(s) report no metrics: the objects assigned to them have none, and alerts on them stay silent.',
        ),
      ],
    },
    {
      name: 'one instance, not sharded',
      input: [
        self('kube_state_metrics_total_shards', '1x30'),
        self('kube_state_metrics_shard_ordinal{shard_ordinal="0"}', '0x30'),
      ],
      at: '20m',
      fires: [],
    },
  ],
};
