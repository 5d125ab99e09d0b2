import {
  createStack,
  isMixstackError,
  type MixstackError,
  type Part,
  problemsOfPart,
  render,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { defaultAlertmanagerOptions } from './config/alertmanager.js';
import { defaultKubeStateMetricsOptions, KUBE_STATE_METRICS_RESOURCES } from './config/kube-state-metrics.js';
import { defaultKubernetesControlPlaneOptions } from './config/kubernetes-control-plane.js';
import { defaultNodeExporterOptions } from './config/node-exporter.js';
import { defaultPrometheusOperatorOptions } from './config/prometheus-operator.js';
import { defaultPrometheusServerOptions } from './config/prometheus-server.js';
import {
  alertmanager,
  kubernetesControlPlane,
  kubeStateMetrics,
  nodeExporter,
  prometheus,
  prometheusOperator,
  prometheusServer,
} from './index.js';

/** The first problem a factory records for its options: factories never throw, parts record problems. */
function errorOf(run: () => unknown): MixstackError {
  let part: unknown;
  try {
    part = run();
  } catch (error) {
    if (isMixstackError(error)) throw new Error(`the factory threw instead of recording: ${error.message}`);
    throw error;
  }
  const [problem] = problemsOfPart(part as Part);
  if (!problem) throw new Error('expected a problem, none was recorded');
  return problem;
}

const factories = {
  prometheus,
  prometheusServer,
  prometheusOperator,
  alertmanager,
  nodeExporter,
  kubeStateMetrics,
  kubernetesControlPlane,
};

describe('bad options are a MixstackError naming the part, the option and what to pass', () => {
  test.each<[keyof typeof factories, unknown, string, RegExp]>([
    ['prometheus', { retension: '30d' }, 'retension', /unknown option "retension"/],
    ['prometheus', { replicas: 0 }, 'replicas', /an integer from 1 to 100/],
    ['prometheus', { replicas: 2.5 }, 'replicas', /an integer/],
    ['prometheus', { retention: '30 days' }, 'retention', /a Prometheus duration/],
    ['prometheus', { retentionSize: '90G' }, 'retentionSize', /a byte size/],
    ['prometheus', { storage: { size: '100GB' } }, 'storage.size', /a Kubernetes quantity/],
    ['prometheus', { storage: { storageClass: 'Fast_SSD' } }, 'storage.storageClass', /a DNS subdomain/],
    ['prometheus', { image: 'quay.io/prometheus/prometheus:latest' }, 'image', /a pinned image reference/],
    ['prometheus', { image: 'quay.io/prometheus/prometheus' }, 'image', /a pinned image reference/],
    ['prometheus', { name: 'K8s' }, 'name', /a DNS label/],
    ['prometheus', { targetNamespaces: [] }, 'targetNamespaces', /"all", or a list of a DNS label/],
    ['prometheus', { targetNamespaces: ['apps', 'apps'] }, 'targetNamespaces', /"all", or a list/],
    ['prometheus', { targetNamespaces: 'everything' }, 'targetNamespaces', /"all", or a list/],
    ['prometheus', { ruleLabels: {} }, 'ruleLabels', /ruleLabels must not be empty/],
    ['prometheus', { externalLabels: { 'not a label': 'x' } }, 'externalLabels.not a label', /a label key/],
    ['prometheus', { externalUrl: 'prometheus.example.com' }, 'externalUrl', /an http\(s\) URL/],
    ['prometheus', { exemplars: { maxSize: 0 } }, 'exemplars', /false, or an options object/],
    ['prometheus', { enableFeatures: ['Exemplar Storage'] }, 'enableFeatures.0', /a feature flag name/],
    [
      'prometheus',
      { resources: { requests: { cpu: 'lots' } } },
      'resources.requests.cpu',
      /a Kubernetes quantity/,
    ],
    [
      'prometheus',
      { networkPolicy: { clients: { tempo: { namespaceLabels: { team: 'x' } } } } },
      'networkPolicy.clients.tempo',
      /a client such as/,
    ],
    ['prometheus', { crds: { directory: 'crds' } }, 'crds.directory', /unknown option "directory"/],
    ['prometheus', { crds: {} }, 'crds.dir', /missing required option "dir"/],
    ['prometheus', { crds: { dir: 'crds' }, operator: false }, 'crds', /operator: false leaves out/],
    ['prometheus', { operator: { crds: { dir: 'crds' } } }, 'operator.crds', /unknown option "crds"/],
    ['prometheus', { alertmanager: 'yes' }, 'alertmanager', /expected an options object/],
    [
      'prometheus',
      { alertmanager: { retention: '5d' } },
      'alertmanager.retention',
      /hours, minutes and seconds/,
    ],
    [
      'prometheus',
      { alertmanager: { route: { groupBy: ['alert name'] } } },
      'alertmanager.route.groupBy.0',
      /a label name/,
    ],
    ['prometheus', { nodeExporter: { port: 80 } }, 'nodeExporter.port', /from 1024 to 65535/],
    ['prometheus', { nodeExporter: { port: 9200, internalPort: 9200 } }, 'nodeExporter', /must differ/],
    [
      'prometheus',
      { nodeExporter: { extraArgs: ['collector.systemd'] } },
      'nodeExporter.extraArgs.0',
      /a flag/,
    ],
    [
      'prometheus',
      { nodeExporter: { priorityClassName: true } },
      'nodeExporter.priorityClassName',
      /false, or a DNS/,
    ],
    [
      'prometheus',
      { kubeStateMetrics: { exportedResources: ['secret'] } },
      'kubeStateMetrics.exportedResources.0',
      /Did you mean "secrets"/,
    ],
    ['prometheus', { nodeExporter: { enabled: 'no' } }, 'nodeExporter.enabled', /true or false/],
    ['prometheus', { kubeStateMetrics: { enabled: 0 } }, 'kubeStateMetrics.enabled', /true or false/],
    ['nodeExporter', { enabled: null }, 'enabled', /true or false/],
    ['prometheus', { controlPlane: { etcd: true } }, 'controlPlane.etcd', /unknown option "etcd"/],
    ['prometheusServer', { alertmanager: {} }, 'alertmanager', /unknown option "alertmanager"/],
    ['prometheusOperator', { crds: { dir: '' } }, 'crds.dir', /a non-empty string/],
    ['prometheusOperator', { rbacProxy: { image: 'kube-rbac-proxy' } }, 'rbacProxy.image', /a pinned image/],
    ['alertmanager', { replicas: -1 }, 'replicas', /an integer from 1/],
    ['alertmanager', { watchdogReceiver: '' }, 'watchdogReceiver', /a receiver name/],
    ['nodeExporter', { namespace: 'Node_Exporter' }, 'namespace', /a DNS label/],
    ['kubeStateMetrics', { exportedResources: [] }, 'exportedResources', /at least 1/],
    ['kubernetesControlPlane', { kubelet: 'yes' }, 'kubelet', /true or false/],
    ['kubernetesControlPlane', { interval: 30 }, 'interval', /a Prometheus duration/],
  ])('%s(%j) → %s', (factory, options, path, message) => {
    const error = errorOf(() => (factories[factory] as (options: unknown) => unknown)(options));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.address).toBe(factory);
    expect(error.path).toBe(path);
    expect(`${error.reason} ${error.hint}`).toMatch(message);
  });

  test.each(['prometheus', 42, [], () => ({})])(
    'prometheus(%j): the options must be an object',
    (options) => {
      const error = errorOf(() => prometheus(options as never));
      expect([error.code, error.address, error.reason]).toEqual([
        'INVALID_OPTION',
        'prometheus',
        'expected an options object',
      ]);
    },
  );
});

test('every mistake of every part of the metrics stack is listed in one run', () => {
  const problems = problemsOfPart(
    prometheus({
      replicas: 0,
      retension: '30d',
      alertmanager: { retention: '5d' },
      nodeExporter: { port: 80 },
    } as never),
  );
  expect(problems.map((p) => p.path)).toEqual([
    'replicas',
    'retension',
    'alertmanager.retention',
    'nodeExporter.port',
  ]);
});

describe('defaults', () => {
  test.each([
    ['prometheusServer', defaultPrometheusServerOptions],
    ['prometheusOperator', defaultPrometheusOperatorOptions],
    ['alertmanager', defaultAlertmanagerOptions],
    ['nodeExporter', defaultNodeExporterOptions],
    ['kubeStateMetrics', defaultKubeStateMetricsOptions],
    ['kubernetesControlPlane', defaultKubernetesControlPlaneOptions],
  ] as const)('%s: the defaults are valid options, and fresh on every call', (factory, defaults) => {
    const first = defaults();
    expect(problemsOfPart((factories[factory] as (options: unknown) => Part)(first))).toEqual([]);
    const second = defaults();
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    for (const key of Object.keys(first) as (keyof typeof first)[]) {
      if (typeof first[key] === 'object' && first[key] !== null) expect(second[key]).not.toBe(first[key]);
    }
  });

  test('the options passed end up in the values, over the defaults; maps merge with them', () => {
    const { values } = render(
      createStack({}, [
        prometheus({
          retention: '30d',
          storage: { size: '100Gi' },
          ruleLabels: { team: 'a' },
          alertmanager: { replicas: 2 },
        }),
      ]),
    );
    expect(values.prometheus).toMatchObject({
      retention: '30d',
      replicas: 2,
      storage: { size: '100Gi' },
      ruleLabels: { prometheus: 'k8s', role: 'alert-rules', team: 'a' },
    });
    expect(values.alertmanager).toMatchObject({ replicas: 2, name: 'main' });
  });

  test('kube-state-metrics exports what its defaults say, without Secrets', () => {
    const exported = defaultKubeStateMetricsOptions().exportedResources;
    expect(exported).not.toContain('secrets');
    for (const resource of exported) expect(Object.keys(KUBE_STATE_METRICS_RESOURCES)).toContain(resource);
  });
});
