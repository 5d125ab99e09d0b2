import type { RecordCases } from '@mixstack/kit';
import { CLUSTER, plain } from '../cases.js';

export const kubePrometheusRecordCases: RecordCases = {
  'kube-prometheus-general.rules': [
    {
      name: 'targets up and down per job and namespace',
      input: [
        plain('up{job="api", namespace="apps", instance="a"}', '1x10'),
        plain('up{job="api", namespace="apps", instance="b"}', '1x10'),
        plain('up{job="api", namespace="apps", instance="c"}', '0x10'),
        plain('up{job="node-exporter", namespace="monitoring-node-exporter", instance="n"}', '1x10'),
      ],
      at: '5m',
      expr: '{__name__=~"count:up[01]"}',
      samples: [
        { labels: `count:up1{cluster="${CLUSTER}", job="api", namespace="apps"}`, value: 2 },
        { labels: `count:up0{cluster="${CLUSTER}", job="api", namespace="apps"}`, value: 1 },
        {
          labels: `count:up1{cluster="${CLUSTER}", job="node-exporter", namespace="monitoring-node-exporter"}`,
          value: 1,
        },
      ],
    },
  ],
};
