import {
  addNetworkClient,
  adjustResources,
  createStack,
  definePart,
  render,
  setComponentEnabled,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus } from './index.js';

/** What another package sees of the metrics stack: its contracts, never its values. */
const platform = { source: 'test-platform', layer: 'platform' } as const;
const lib = { source: 'test-lib', layer: 'override' } as const;

describe('the contracts of the metrics stack', () => {
  test('every container is published with the resources its options give it', () => {
    const { stack } = render(createStack({}, [prometheus()]));
    const containers = Object.fromEntries(
      Object.entries(stack.components).map(([name, c]) => [name, Object.keys(c.containers).sort()]),
    );
    expect(containers).toMatchObject({
      prometheus: ['prometheus'],
      alertmanager: ['alertmanager'],
      prometheusOperator: ['kube-rbac-proxy', 'prometheus-operator'],
      nodeExporter: ['kube-rbac-proxy', 'node-exporter'],
      kubeStateMetrics: ['kube-rbac-proxy', 'kube-state-metrics'],
    });
    // Grafana reaches the servers as datasources; the scraper reaches every part through `metrics`.
    const roles = Object.fromEntries(Object.entries(stack.components).map(([name, c]) => [name, c.roles]));
    expect(roles).toMatchObject({
      prometheus: ['datasource', 'metrics', 'remote-write'],
      alertmanager: ['alerts', 'datasource', 'metrics'],
      prometheusOperator: ['metrics'],
      nodeExporter: ['metrics'],
      kubeStateMetrics: ['metrics'],
    });
    // The pods behind each Service, for the egress rules of its clients.
    expect(stack.components.alertmanager!.services.web).toMatchObject({
      name: 'alertmanager-main',
      port: 9093,
      podLabels: {
        'app.kubernetes.io/component': 'alert-router',
        'app.kubernetes.io/instance': 'main',
        'app.kubernetes.io/name': 'alertmanager',
        'app.kubernetes.io/part-of': 'mixstack',
      },
    });
    expect(stack.components.prometheus!.services.web!.podLabels).toMatchObject({
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/instance': 'k8s',
    });
  });

  test('resources adjusted through the contract reach the containers, both kube-rbac-proxies included', () => {
    const adjusted = definePart('adjust', (stack) =>
      adjustResources(
        adjustResources(stack, lib, 'kubeStateMetrics', 'kube-rbac-proxy', { limits: { memory: '64Mi' } }),
        lib,
        'prometheus',
        'prometheus',
        { requests: { memory: '4Gi' }, limits: { memory: '8Gi' } },
      ),
    );
    const result = render(createStack({}, [prometheus(), adjusted]));
    const deployment = result.objects.find((o) => o.address === 'kubeStateMetrics/deployment')!
      .object as unknown as {
      spec: {
        template: { spec: { containers: { name: string; resources: { limits: { memory: string } } }[] } };
      };
    };
    const proxies = deployment.spec.template.spec.containers.filter((c) =>
      c.name.startsWith('kube-rbac-proxy'),
    );
    expect(proxies.map((c) => c.resources.limits.memory)).toEqual(['64Mi', '64Mi']);
    const server = result.objects.find((o) => o.address === 'prometheus/prometheus')!.object as unknown as {
      spec: { resources: { requests: { memory: string } } };
    };
    expect(server.spec.resources.requests.memory).toBe('4Gi');
  });

  test('a network client that reaches datasources is admitted by Prometheus and Alertmanager, not by the others', () => {
    const grafanaLike = definePart('grafana-like', (stack) =>
      addNetworkClient(stack, 'test', 'dashboards', {
        podLabels: { 'app.kubernetes.io/name': 'dashboards' },
        reaches: ['@datasource'],
      }),
    );
    const result = render(createStack({}, [prometheus(), grafanaLike]));
    const admitted = Object.entries(result.stack.components)
      .filter(([, c]) => Object.keys(c.networkClients).includes('dashboards'))
      .map(([name]) => name);
    expect(admitted).toEqual(['alertmanager', 'prometheus']);
    const policy = result.files.get('prometheus-networkPolicy.yaml')!;
    expect(policy).toContain('app.kubernetes.io/name: dashboards');
    // The user's options may still remove it by name.
    const removed = render(
      createStack({}, [prometheus({ networkPolicy: { clients: { dashboards: false } } }), grafanaLike]),
    );
    expect(removed.files.get('prometheus-networkPolicy.yaml')).not.toContain('dashboards');
  });

  test('a platform turns node-exporter off through the contract; its rules and dashboards go with it', () => {
    const off = definePart('off', (stack) => setComponentEnabled(stack, platform, 'nodeExporter', false));
    const result = render(createStack({}, [prometheus(), off]));
    expect(result.stack.has('nodeExporter')).toBe(false);
    expect(result.objects.some((o) => o.component === 'nodeExporter')).toBe(false);
    expect(result.sections.mixins['node-exporter']).toBeUndefined();
    expect(validateStack(createStack({}, [prometheus(), off]))).toEqual([]);
  });
});
