// The three golden scenarios (src/__golden__/<scenario>/), shared by the golden, CRD-schema and
// kustomize tests.
import { createStack, type Stack } from '@mixstack/core';
import { prometheus } from './index.js';
import { testContributions } from './test-helpers.js';

const small = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { memory } });

export const SCENARIOS: Record<string, () => Stack> = {
  /** What `prometheus()` renders with nothing set. */
  default: () => createStack({}, [prometheus()]),

  /** Another namespace and cluster, one replica each and small resources (a test cluster). */
  'custom-namespace-small': () =>
    createStack({ namespace: 'observability', cluster: 'staging-eu' }, [
      prometheus({
        replicas: 1,
        retention: '7d',
        storage: { size: '10Gi' },
        resources: small('50m', '512Mi'),
        operator: { resources: small('20m', '64Mi'), rbacProxy: { resources: small('5m', '16Mi') } },
        alertmanager: { replicas: 1, resources: small('5m', '64Mi') },
        nodeExporter: { resources: small('20m', '64Mi'), rbacProxy: { resources: small('5m', '16Mi') } },
        kubeStateMetrics: { resources: small('10m', '128Mi'), rbacProxy: { resources: small('5m', '16Mi') } },
      }),
    ]),

  /** Every option of every part, the common values, and contributions from other packages. */
  'all-options': () =>
    createStack(
      {
        namespace: 'metrics',
        cluster: 'prod-eu-1',
        labels: { team: 'platform' },
        imageRegistry: 'registry.example.com/mirror',
        storageClass: 'standard-rwo',
        managedControlPlane: true,
      },
      [
        prometheus({
          name: 'main',
          replicas: 3,
          image: 'quay.io/prometheus/prometheus:v3.13.1',
          retention: '30d',
          retentionSize: '90GB',
          storage: { size: '100Gi', storageClass: 'premium-rwo' },
          resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '8Gi' } },
          scrapeInterval: '15s',
          evaluationInterval: '15s',
          externalLabels: { region: 'europe-west1' },
          externalUrl: 'https://prometheus.example.com',
          targetNamespaces: ['apps', 'payments'],
          ruleLabels: { role: 'alert-rules', stack: 'main' },
          exemplars: { maxSize: 500000 },
          remoteWriteReceiver: false,
          enableFeatures: ['promql-experimental-functions'],
          networkPolicy: {
            clients: {
              grafana: false,
              tempo: {
                podLabels: { 'app.kubernetes.io/name': 'tempo' },
                namespaceLabels: { team: 'tracing' },
              },
            },
          },
          nodeSelector: { 'kubernetes.io/os': 'linux', pool: 'monitoring' },
          crds: false,
          operator: {
            image: 'quay.io/prometheus-operator/prometheus-operator:v0.93.0',
            configReloaderImage: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0',
            resources: {
              requests: { cpu: '50m', memory: '128Mi' },
              limits: { cpu: '500m', memory: '256Mi' },
            },
            rbacProxy: { image: 'quay.io/brancz/kube-rbac-proxy:v0.22.0', resources: small('5m', '32Mi') },
            nodeSelector: { pool: 'monitoring' },
          },
          alertmanager: {
            name: 'ops',
            replicas: 2,
            image: 'quay.io/prometheus/alertmanager:v0.33.0',
            retention: '240h',
            storage: { size: '2Gi', storageClass: 'premium-rwo' },
            resources: small('20m', '128Mi'),
            resolveTimeout: '10m',
            route: {
              receiver: 'test-slack',
              groupBy: ['namespace', 'alertname'],
              groupWait: '1m',
              groupInterval: '10m',
              repeatInterval: '24h',
            },
            watchdogReceiver: 'test-slack',
            externalUrl: 'https://alertmanager.example.com',
            networkPolicy: { clients: { grafana: false } },
            nodeSelector: { pool: 'monitoring' },
          },
          nodeExporter: {
            image: 'quay.io/prometheus/node-exporter:v1.12.0',
            namespace: 'node-metrics',
            createNamespace: true,
            port: 9200,
            internalPort: 9201,
            resources: small('50m', '128Mi'),
            rbacProxy: { image: 'quay.io/brancz/kube-rbac-proxy:v0.22.0', resources: small('5m', '32Mi') },
            priorityClassName: false,
            extraArgs: ['--collector.systemd'],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
          },
          kubeStateMetrics: {
            image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.0',
            resources: small('20m', '256Mi'),
            rbacProxy: { image: 'quay.io/brancz/kube-rbac-proxy:v0.22.0', resources: small('5m', '32Mi') },
            exportedResources: ['deployments', 'nodes', 'pods', 'statefulsets'],
            nodeSelector: { pool: 'monitoring' },
          },
          controlPlane: {
            kubelet: true,
            apiserver: true,
            coreDNS: false,
            kubeControllerManager: true,
            kubeScheduler: true,
            interval: '1m',
          },
        }),
        testContributions(),
      ],
    ),
};
