// A production stack on GKE: the metrics stack, logs in Loki and traces in Tempo on GCS,
// Grafana behind a GKE Ingress, alerts to Slack, and the day-one overrides. Build it from the repository root:
//   node packages/mixstack/dist/cli.js build examples/gke/stack.ts -o manifests-gke/
import { slack } from '@mixstack/addon-slack';
import { alloy } from '@mixstack/component-alloy';
import { grafana } from '@mixstack/component-grafana';
import { loki } from '@mixstack/component-loki';
import { prometheus } from '@mixstack/component-prometheus';
import { tempo } from '@mixstack/component-tempo';
import { createStack } from '@mixstack/core';
import { dropAlerts, imageRegistry, patchAlert, setResources } from '@mixstack/lib-rules';
import { slo } from '@mixstack/lib-slo';
import { gke } from '@mixstack/platform-gke';

export default createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
  prometheus({
    retention: '30d',
    storage: { size: '100Gi' },
    externalUrl: 'https://prometheus.acme.com',
    alertmanager: { externalUrl: 'https://alertmanager.acme.com' },
  }),
  grafana({ replicas: 2 }),

  // Logs and traces: Loki keeps 30 days and Tempo 14 days in GCS buckets (Workload Identity
  // gives their pods access, below); one Alloy pod per node sends every pod's logs, the
  // cluster's events and the applications' spans (OTLP to alloy-otlp.monitoring.svc:4318).
  loki({ retention: '30d', objectStorage: { bucket: 'acme-prod-loki' } }),
  tempo({ retention: '14d', objectStorage: { bucket: 'acme-prod-tempo' } }),
  alloy(),

  // Platform: managed control plane, premium SSDs kept when their claim goes, Grafana at
  // https://grafana.acme.com/ behind IAP, Workload Identity ready for Loki and Tempo's buckets.
  gke({
    project: 'acme-prod',
    storageClass: 'premium-rwo',
    retainVolumes: true,
    workloadIdentity: { bucketLocation: 'EU' },
    grafana: { host: 'grafana.acme.com', staticIpName: 'grafana-ip', iap: { oauthSecret: 'grafana-iap' } },
  }),

  // Alerts to Slack: critical ones to their own channel, the payments team's to theirs.
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
    routes: [
      {
        matchers: { team: 'payments' },
        channel: '#payments-alerts',
        webhookSecret: { name: 'slack-payments', key: 'url' },
      },
    ],
  }),

  // An SLO as code: 99.9% of checkout's answers are not 5xx over 30 days. Its burn-rate alerts
  // carry team: payments, so the Slack route above takes them to the payments channel.
  slo({
    name: 'checkout-availability',
    service: 'checkout',
    objective: 99.9,
    sli: {
      errors: 'http_requests_total{job="checkout", code=~"5.."}',
      total: 'http_requests_total{job="checkout"}',
    },
    team: 'payments',
  }),

  // Day-one overrides: the cluster autoscaler makes overcommit alerts noise; crash loops page
  // only after half an hour; Prometheus gets more memory; images come from our mirror.
  dropAlerts(['KubeCPUOvercommit', 'KubeMemoryOvercommit']),
  patchAlert('KubePodCrashLooping', { for: '30m', labels: { team: 'platform' } }),
  // The SLO's alerts are alerts like any other: lib-rules patches them by name.
  patchAlert('SLOErrorBudgetBurn', {
    annotations: { dashboard: 'https://grafana.acme.com/dashboards/f/slo/' },
  }),
  setResources('prometheus', 'prometheus', {
    requests: { cpu: '1', memory: '4Gi' },
    limits: { memory: '8Gi' },
  }),
  imageRegistry('europe-docker.pkg.dev/acme-prod/mirror'),
]);
