import {
  addPatch,
  addScrapeTarget,
  createStack,
  definePart,
  isMixstackError,
  type KubeObject,
  type MixstackError,
  type Part,
  type RenderResult,
  render,
  type ScrapeTarget,
  type Stack,
  withValues,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import {
  alertmanager,
  kubernetesControlPlane,
  kubeStateMetrics,
  nodeExporter,
  prometheus,
  prometheusOperator,
  prometheusServer,
} from './index.js';
import { testContributions } from './test-helpers.js';

function errorOf(run: () => unknown): MixstackError {
  try {
    run();
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error('expected a MixstackError');
}

type Json = Record<string, unknown>;
const objectAt = (result: RenderResult, address: string): Json => {
  const found = result.objects.find((o) => o.address === address);
  if (!found) throw new Error(`no object at ${address}`);
  return found.object as unknown as Json;
};
const get = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((current, key) => (current as Json | undefined)?.[key], value);
const components = (result: RenderResult) => [...new Set(result.objects.map((o) => o.component))].sort();

/** Every container image of every workload, and the images the operator is told about. */
function allImages(result: RenderResult): string[] {
  const images: string[] = [];
  for (const { object } of result.objects) {
    const spec = (object as unknown as { spec?: Json }).spec;
    if (typeof spec?.image === 'string') images.push(spec.image);
    const pod = get(spec, 'template.spec') as
      | { containers?: { image: string; args?: string[] }[] }
      | undefined;
    for (const container of pod?.containers ?? []) {
      images.push(container.image);
      for (const arg of container.args ?? []) {
        const match = /^--prometheus-config-reloader=(.+)$/.exec(arg);
        if (match) images.push(match[1]!);
      }
    }
  }
  return images;
}

describe('prometheus()', () => {
  test('adds every part of the metrics stack', () => {
    expect(components(render(createStack({}, [prometheus()])))).toEqual([
      'alertmanager',
      'kubeStateMetrics',
      'kubernetesControlPlane',
      'nodeExporter',
      'prometheus',
      'prometheusOperator',
      // One PrometheusRule per mixin of the parts.
      'prometheusRules',
      'stack',
    ]);
  });

  test.each([
    ['operator', 'prometheusOperator'],
    ['alertmanager', 'alertmanager'],
    ['nodeExporter', 'nodeExporter'],
    ['kubeStateMetrics', 'kubeStateMetrics'],
    ['controlPlane', 'kubernetesControlPlane'],
  ])('%s: false leaves the part out', (option, component) => {
    const result = render(createStack({}, [prometheus({ [option]: false })]));
    expect(components(result)).not.toContain(component);
    expect(components(result)).toContain('prometheus');
  });

  test('true is the same as leaving a part at its defaults', () => {
    const explicit = render(
      createStack({}, [
        prometheus({
          operator: true,
          alertmanager: true,
          nodeExporter: true,
          kubeStateMetrics: true,
          controlPlane: true,
        }),
      ]),
    );
    expect(explicit.files).toEqual(render(createStack({}, [prometheus()])).files);
  });

  test('gives the same output as its parts, in any order', () => {
    const parts: Part[] = [
      prometheusOperator(),
      prometheusServer({ retention: '30d' }),
      alertmanager({ replicas: 2 }),
      nodeExporter(),
      kubeStateMetrics(),
      kubernetesControlPlane(),
      testContributions(),
    ];
    const expected = render(
      createStack({}, [prometheus({ retention: '30d', alertmanager: { replicas: 2 } }), testContributions()]),
    ).files;
    const orders = parts.flatMap((_, shift) => {
      const rotated = [...parts.slice(shift), ...parts.slice(0, shift)];
      return [rotated, [...rotated].reverse()];
    });
    for (const order of orders) expect(render(createStack({}, order)).files).toEqual(expected);
  });

  test("wires Prometheus to the stack's Alertmanager, and to none without one", () => {
    const withAlertmanager = render(createStack({}, [prometheus({ alertmanager: { name: 'ops' } })]));
    expect(get(objectAt(withAlertmanager, 'prometheus/prometheus'), 'spec.alerting.alertmanagers')).toEqual([
      { apiVersion: 'v2', name: 'alertmanager-ops', namespace: 'monitoring', port: 'web' },
    ]);
    const without = render(createStack({}, [prometheus({ alertmanager: false })]));
    expect(get(objectAt(without, 'prometheus/prometheus'), 'spec.alerting')).toBeUndefined();
  });

  test('persists data by default: a retained volume per replica, retention by time and size', () => {
    const spec = objectAt(render(createStack({}, [prometheus()])), 'prometheus/prometheus').spec as Json;
    expect(spec.retention).toBe('15d');
    expect(spec.retentionSize).toBe('42GB');
    expect(get(spec, 'storage.volumeClaimTemplate.spec.resources.requests.storage')).toBe('50Gi');
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    expect(spec.enableFeatures).toEqual(['exemplar-storage']);
    expect(spec.enableRemoteWriteReceiver).toBe(true);
    expect(spec.externalLabels).toEqual({ cluster: 'cluster' });
  });

  test('exemplars: false turns exemplar storage off and keeps the other features', () => {
    const spec = objectAt(
      render(createStack({}, [prometheus({ exemplars: false, enableFeatures: ['auto-gomaxprocs'] })])),
      'prometheus/prometheus',
    ).spec as Json;
    expect(spec.enableFeatures).toEqual(['auto-gomaxprocs']);
    expect(spec.exemplars).toBeUndefined();
  });

  test.each([
    [undefined, undefined, undefined],
    ['standard-rwo', undefined, 'standard-rwo'],
    ['standard-rwo', 'premium-rwo', 'premium-rwo'],
    [undefined, 'premium-rwo', 'premium-rwo'],
  ])('storage class: stack %s, part %s → %s', (common, own, expected) => {
    const result = render(
      createStack(common ? { storageClass: common } : {}, [
        prometheus({
          storage: own ? { storageClass: own } : {},
          alertmanager: { storage: own ? { storageClass: own } : {} },
        }),
      ]),
    );
    for (const address of ['prometheus/prometheus', 'alertmanager/alertmanager']) {
      expect(get(objectAt(result, address), 'spec.storage.volumeClaimTemplate.spec.storageClassName')).toBe(
        expected,
      );
    }
  });

  test('the image registry rewrites every image, the config reloader included', () => {
    const plain = allImages(render(createStack({}, [prometheus()])));
    const mirrored = allImages(
      render(createStack({ imageRegistry: 'mirror.example.com/quay' }, [prometheus()])),
    );
    expect(mirrored).toHaveLength(plain.length);
    // Prometheus, Alertmanager, the config reloader, the operator, node-exporter and kube-state-metrics, each proxy.
    expect(plain).toHaveLength(10);
    expect(mirrored.filter((image) => !image.startsWith('mirror.example.com/quay/'))).toEqual([]);
    expect(mirrored).toContain('mirror.example.com/quay/kube-state-metrics/kube-state-metrics:v2.19.1');
    expect(mirrored).toContain(
      'mirror.example.com/quay/prometheus-operator/prometheus-config-reloader:v0.93.0',
    );
  });

  test('pins every image to the versions of versions.ts', () => {
    expect([...new Set(allImages(render(createStack({}, [prometheus()]))))].sort()).toEqual([
      'quay.io/brancz/kube-rbac-proxy:v0.22.1',
      'quay.io/prometheus-operator/prometheus-config-reloader:v0.93.0',
      'quay.io/prometheus-operator/prometheus-operator:v0.93.0',
      'quay.io/prometheus/alertmanager:v0.33.1',
      'quay.io/prometheus/node-exporter:v1.12.1',
      'quay.io/prometheus/prometheus:v3.13.2',
      'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1',
    ]);
  });
});

describe('Grafana datasources', () => {
  test('Prometheus and Alertmanager contribute theirs, with in-cluster URLs', () => {
    const { sections } = render(
      createStack({ namespace: 'observability' }, [
        prometheus({ name: 'main', scrapeInterval: '15s', alertmanager: { name: 'ops' } }),
      ]),
    );
    expect(sections.datasources).toEqual({
      alertmanager: expect.objectContaining({
        type: 'alertmanager',
        url: 'http://alertmanager-ops.observability.svc:9093',
        jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
      }),
      prometheus: expect.objectContaining({
        type: 'prometheus',
        url: 'http://prometheus-main.observability.svc:9090',
        isDefault: true,
        jsonData: {
          httpMethod: 'POST',
          prometheusType: 'Prometheus',
          prometheusVersion: '3.13.2',
          timeInterval: '15s',
          alertmanagerUid: 'alertmanager',
        },
      }),
    });
  });

  test('without Alertmanager, the Prometheus datasource names none', () => {
    const { sections } = render(createStack({}, [prometheus({ alertmanager: false })]));
    expect(Object.keys(sections.datasources)).toEqual(['prometheus']);
    expect(sections.datasources.prometheus!.jsonData).not.toHaveProperty('alertmanagerUid');
  });
});

describe('target discovery', () => {
  test('reads every namespace by default, with cluster-wide discovery', () => {
    const result = render(createStack({}, [prometheus()]));
    const spec = objectAt(result, 'prometheus/prometheus').spec as Json;
    for (const field of ['serviceMonitor', 'podMonitor', 'rule', 'probe', 'scrapeConfig']) {
      expect(spec[`${field}NamespaceSelector`], field).toEqual({});
    }
    const rules = objectAt(result, 'prometheus/clusterRole').rules as { resources?: string[] }[];
    expect(rules.flatMap((rule) => rule.resources ?? [])).toEqual(
      expect.arrayContaining(['services', 'endpoints', 'pods', 'endpointslices', 'nodes/metrics']),
    );
    expect(result.objects.filter((o) => o.object.kind === 'Role').map((o) => o.address)).toEqual([
      'prometheus/roleConfig',
    ]);
  });

  test("with a list, reads those namespaces and the ones of the stack's own targets", () => {
    const result = render(createStack({}, [prometheus({ targetNamespaces: ['shop'] }), testContributions()]));
    const expected = ['apps', 'default', 'kube-system', 'monitoring', 'monitoring-node-exporter', 'shop'];
    expect(get(objectAt(result, 'prometheus/prometheus'), 'spec.serviceMonitorNamespaceSelector')).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: expected }],
    });
    const roles = result.objects.filter((o) => o.object.kind === 'Role' && o.key !== 'roleConfig');
    expect(roles.map((o) => o.object.metadata?.namespace)).toEqual(expected);
    const bindings = result.objects.filter(
      (o) => o.object.kind === 'RoleBinding' && o.key !== 'roleBindingConfig',
    );
    expect(bindings.map((o) => o.key)).toContain('roleBindingInMonitoringNodeExporter');
    const clusterRules = objectAt(result, 'prometheus/clusterRole').rules as { resources?: string[] }[];
    expect(clusterRules.flatMap((rule) => rule.resources ?? [])).toEqual(['nodes/metrics']);
  });

  test('without the control-plane part, kube-system and default are not added', () => {
    const result = render(
      createStack({}, [prometheus({ targetNamespaces: ['shop'], controlPlane: false, nodeExporter: false })]),
    );
    expect(
      result.objects.filter((o) => o.key.startsWith('roleIn')).map((o) => o.object.metadata?.namespace),
    ).toEqual(['monitoring', 'shop']);
  });
});

describe('scrape targets of other packages', () => {
  test('become a ServiceMonitor or a PodMonitor in the stack namespace, selecting the target namespace', () => {
    const result = render(createStack({}, [prometheusServer(), testContributions()]));
    expect(objectAt(result, 'prometheusScrapeTargets/testApp').kind).toBe('ServiceMonitor');
    const pods = objectAt(result, 'prometheusScrapeTargets/testAppPods');
    expect(pods.kind).toBe('PodMonitor');
    expect(get(pods, 'metadata.namespace')).toBe('monitoring');
    expect(get(pods, 'spec.namespaceSelector')).toEqual({ matchNames: ['apps'] });
    expect(get(pods, 'spec.podMetricsEndpoints')).toEqual([{ port: 'metrics', scheme: 'http' }]);
  });

  const target = (id: string, extra: Partial<ScrapeTarget> = {}): Part =>
    definePart(`target ${id}`, (stack) =>
      addScrapeTarget(stack, 'test', id, {
        namespace: 'apps',
        selector: { app: 'x' },
        endpoints: [{ port: 'metrics' }],
        ...extra,
      }),
    );

  test.each<[string, Part[], string, string]>([
    [
      'an id that is neither kebab- nor camelCase',
      [target('Test_App')],
      'INVALID_NAME',
      'prometheusScrapeTargets/Test_App',
    ],
    [
      'two ids with one key',
      [target('test-app'), target('testApp')],
      'DUPLICATE_ADDRESS',
      'prometheusScrapeTargets/testApp',
    ],
    [
      'a target without endpoints',
      [target('empty', { endpoints: [] })],
      'SCHEMA',
      'prometheusScrapeTargets/empty',
    ],
    [
      'a pod target with a bearer token file',
      [target('pods', { role: 'pod', endpoints: [{ port: 'metrics', bearerTokenFile: '/token' }] })],
      'SCHEMA',
      'prometheusScrapeTargets/pods',
    ],
  ])('refuses %s', (_name, parts, code, address) => {
    const error = errorOf(() => render(createStack({}, [prometheusServer(), ...parts])));
    expect([error.code, error.address]).toEqual([code, address]);
  });
});

describe('the control plane', () => {
  const monitors = (result: RenderResult) =>
    result.objects.filter((o) => o.component === 'kubernetesControlPlane').map((o) => o.key);

  test('monitors the kubelets, API servers, CoreDNS, controller manager and scheduler', () => {
    expect(monitors(render(createStack({}, [kubernetesControlPlane()])))).toEqual([
      'serviceMonitorApiserver',
      'serviceMonitorCoreDNS',
      'serviceMonitorKubeControllerManager',
      'serviceMonitorKubeScheduler',
      'serviceMonitorKubelet',
    ]);
  });

  test('a managed control plane, as a platform part sets it, leaves out the controller manager and scheduler', () => {
    const platform = definePart('platform', (stack) =>
      withValues(stack, 'platform-test', 'platform', { common: { managedControlPlane: true } }),
    );
    expect(monitors(render(createStack({}, [kubernetesControlPlane(), platform])))).toEqual([
      'serviceMonitorApiserver',
      'serviceMonitorCoreDNS',
      'serviceMonitorKubelet',
    ]);
  });

  test('the operator maintains the kubelet Service only when the kubelets are monitored', () => {
    const args = (result: RenderResult) =>
      get(
        objectAt(result, 'prometheusOperator/deployment'),
        'spec.template.spec.containers.0.args',
      ) as string[];
    expect(args(render(createStack({}, [prometheus()])))).toContain('--kubelet-service=kube-system/kubelet');
    expect(args(render(createStack({}, [prometheus({ controlPlane: { kubelet: false } })])))).not.toContain(
      '--kubelet-service=kube-system/kubelet',
    );
    expect(args(render(createStack({}, [prometheus({ controlPlane: false })])))).not.toContain(
      '--kubelet-service=kube-system/kubelet',
    );
  });
});

describe('safety', () => {
  const without = (address: string): Part =>
    definePart(`without ${address}`, (stack) =>
      addPatch(stack, {
        id: `drop ${address}`,
        source: 'test',
        target: 'objects',
        apply: (objects) => {
          const { [address]: _dropped, ...rest } = objects;
          return rest as Record<string, KubeObject>;
        },
      }),
    );

  test.each([
    ['prometheus/podDisruptionBudget', 'disruption-budget', 'prometheus/prometheus'],
    ['alertmanager/podDisruptionBudget', 'disruption-budget', 'alertmanager/alertmanager'],
    ['prometheus/networkPolicy', 'network-policy', 'prometheus/prometheus'],
    ['alertmanager/serviceAccount', 'service-account', 'alertmanager/alertmanager'],
  ])(
    'the checks see the pods of the custom resources: without %s, [%s] fails at %s',
    (dropped, check, address) => {
      const error = errorOf(() => render(createStack({}, [prometheus(), without(dropped)])));
      expect(error.code).toBe('SAFETY');
      expect(error.reason).toContain(`[${check}]`);
      expect(error.address).toBe(address);
    },
  );

  test('one replica needs no budget and no spreading', () => {
    const result = render(createStack({}, [prometheus({ replicas: 1, alertmanager: { replicas: 1 } })]));
    expect(result.objects.some((o) => o.object.kind === 'PodDisruptionBudget')).toBe(false);
    expect(get(objectAt(result, 'prometheus/prometheus'), 'spec.topologySpreadConstraints')).toBeUndefined();
  });

  test('node-exporter in the restricted stack namespace is rejected by the Pod Security check, which no exception lifts', () => {
    const error = errorOf(() =>
      render(
        createStack({}, [prometheus({ nodeExporter: { namespace: 'monitoring', createNamespace: false } })]),
      ),
    );
    expect(error.code).toBe('SAFETY');
    expect(error.reason).toContain('[pod-security-admission]');
    expect(error.address).toBe('nodeExporter/daemonSet');
  });

  test('node-exporter’s own namespace denies by default; one the user brings gets no default deny', () => {
    const denies = (result: ReturnType<typeof render>) =>
      result.objects
        .filter((o) => o.object.kind === 'NetworkPolicy' && o.object.metadata?.name === 'default-deny')
        .map((o) => `${o.address} ${o.object.metadata?.namespace}`);
    expect(denies(render(createStack({}, [prometheus()])))).toEqual([
      'nodeExporter/networkPolicyDefaultDeny monitoring-node-exporter',
      'stack/networkPolicyDefaultDeny monitoring',
    ]);
    const own = render(
      createStack({}, [prometheus({ nodeExporter: { namespace: 'node-agents', createNamespace: false } })]),
    );
    expect(denies(own)).toEqual(['stack/networkPolicyDefaultDeny monitoring']);
  });

  test('node-exporter runs in its own namespace, labelled privileged, with the host-access exception only', () => {
    const stack = createStack({}, [prometheus()]);
    const result = render(stack);
    expect(get(objectAt(result, 'nodeExporter/namespace'), 'metadata.labels')).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
    expect(result.objects.find((o) => o.address === 'nodeExporter/namespace')!.path).toBe(
      'setup/nodeExporter-namespace.yaml',
    );
    expect(stack.components.nodeExporter!.exceptions!.map((e) => `${e.check}@${e.key}`)).toEqual([
      'host-access@daemonSet',
    ]);
  });

  test.each([
    ['nodeExporter', 'host-access', 'nodeExporter/daemonSet'],
    ['prometheusOperator', 'rbac-least-privilege', 'prometheusOperator/clusterRole'],
  ])('the named exception of %s is needed: without it [%s] fails at %s', (component, check, address) => {
    const stack = createStack({}, [prometheus()]);
    const stripped = {
      ...stack,
      components: { ...stack.components, [component]: { ...stack.components[component]!, exceptions: [] } },
    } as Stack;
    const error = errorOf(() => render(stripped));
    expect(error.reason).toContain(`[${check}]`);
    expect(error.address).toBe(address);
  });

  test('values from other layers are validated too', () => {
    const platform = definePart('platform', (stack) =>
      withValues(stack, 'platform-test', 'platform', { prometheus: { replicas: 'two' } }),
    );
    const error = errorOf(() => render(createStack({}, [prometheus(), platform])));
    expect([error.code, error.address, error.path]).toEqual(['INVALID_OPTION', 'prometheus', 'replicas']);
  });

  test.each<[string, Parameters<typeof prometheus>[0], string, string]>([
    [
      'a memory request above the limit',
      { resources: { requests: { memory: '8Gi' }, limits: { memory: '4Gi' } } },
      'prometheus',
      'resources.prometheus.requests.memory',
    ],
    [
      'a CPU request above the limit',
      { kubeStateMetrics: { resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } } },
      'kubeStateMetrics',
      'resources.kube-state-metrics.requests.cpu',
    ],
    [
      'a proxy memory request above its limit',
      { nodeExporter: { rbacProxy: { resources: { requests: { memory: '1Gi' } } } } },
      'nodeExporter',
      'resources.kube-rbac-proxy.requests.memory',
    ],
    ['a retention size larger than the volume', { retentionSize: '60GB' }, 'prometheus', 'retentionSize'],
    ['a volume too small to hold anything', { storage: { size: '100Ki' } }, 'prometheus', 'storage.size'],
    [
      'the cluster as an external label',
      { externalLabels: { cluster: 'x' } },
      'prometheus',
      'externalLabels.cluster',
    ],
  ])('refuses %s at build time', (_name, options, address, path) => {
    const error = errorOf(() => render(createStack({}, [prometheus(options)])));
    expect([error.code, error.address, error.path]).toEqual(['INVALID_OPTION', address, path]);
  });
});
