// A production stack on EKS: the metrics stack, logs in Loki and traces in Tempo on S3 (IRSA),
// Grafana behind an ALB of the AWS Load Balancer Controller, alerts to Slack, and the day-one
// overrides. Build it from the repository root:
//   node packages/mixstack/dist/cli.js build examples/eks/stack.ts -o manifests-eks/
import { slack } from '@mixstack/addon-slack';
import { alloy } from '@mixstack/component-alloy';
import { grafana } from '@mixstack/component-grafana';
import { loki } from '@mixstack/component-loki';
import { prometheus } from '@mixstack/component-prometheus';
import { tempo } from '@mixstack/component-tempo';
import { createStack } from '@mixstack/core';
import { dropAlerts, patchAlert, setResources } from '@mixstack/lib-rules';
import { eks } from '@mixstack/platform-eks';

export default createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
  prometheus({
    retention: '30d',
    storage: { size: '100Gi' },
    externalUrl: 'https://prometheus.acme.com',
    alertmanager: { externalUrl: 'https://alertmanager.acme.com' },
  }),
  grafana({ replicas: 2 }),

  // Logs and traces: Loki keeps 30 days and Tempo 14 days in S3 buckets (IRSA gives their pods
  // access, below); one Alloy pod per node sends every pod's logs, the cluster's events and the
  // applications' spans.
  loki({ retention: '30d', objectStorage: { bucket: 'acme-prod-loki', region: 'eu-west-1' } }),
  tempo({ retention: '14d', objectStorage: { bucket: 'acme-prod-tempo', region: 'eu-west-1' } }),
  alloy(),

  // Platform: managed control plane (kube-scheduler and kube-controller-manager scraped through
  // EKS's metrics API, EKS 1.28 and later), encrypted gp3 volumes kept when their claim goes, S3 through
  // IRSA for Loki's and Tempo's buckets (awsCommands or the build summary: what to run once), the
  // VPC CNI's warm-IP alert, Grafana at https://grafana.acme.com/ behind an internal ALB.
  eks({
    controlPlaneMetrics: true,
    retainVolumes: true,
    s3: {
      accountId: '123456789012',
      region: 'eu-west-1',
      oidcProvider: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    },
    grafana: {
      host: 'grafana.acme.com',
      certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      vpcCidr: '10.0.0.0/16',
    },
  }),

  // Alerts to Slack: critical ones to their own channel.
  slack({
    webhookSecret: { name: 'alertmanager-slack', key: 'url' },
    channel: '#alerts',
    severityChannels: {
      critical: {
        channel: '#alerts-critical',
        webhookSecret: { name: 'alertmanager-slack', key: 'critical-url' },
      },
      info: false,
    },
  }),

  // Day-one overrides: the cluster autoscaler makes overcommit alerts noise; crash loops page
  // only after half an hour; Prometheus gets more memory.
  dropAlerts(['KubeCPUOvercommit', 'KubeMemoryOvercommit']),
  patchAlert('KubePodCrashLooping', { for: '30m', labels: { team: 'platform' } }),
  setResources('prometheus', 'prometheus', {
    requests: { cpu: '1', memory: '4Gi' },
    limits: { memory: '8Gi' },
  }),
]);
