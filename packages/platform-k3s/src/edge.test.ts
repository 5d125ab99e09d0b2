import { createStack, type RenderResult, render, validateStack } from '@mixstack/core';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { EDGE_LEFT_OUT_DASHBOARDS, EDGE_SIZING, podRequests, withoutEdgeDashboards } from './edge.js';
import { k3s } from './index.js';
import { defaultParts } from './scenarios.test-helpers.js';
import { archiver } from './test-helpers.js';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
/**
 * The config-reloader sidecar prometheus-operator adds to each Prometheus and Alertmanager pod
 * (its default requests: 10m CPU, 50Mi memory), which the rendered objects do not show.
 */
const OPERATOR_SIDECAR = { cpu: 0.01, memory: 50 * MiB };

const STORES = ['prometheus', 'loki', 'tempo', 'pyroscope'] as const;
const dashboardTitles = (result: RenderResult) =>
  Object.values(result.sections.mixins)
    .flatMap((m) => Object.values(m.grafanaDashboards ?? {}).map((d) => d.title))
    .sort();

describe('the edge profile', () => {
  const standard = render(createStack({}, [...defaultParts(), k3s()]));
  const edge = render(createStack({}, [...defaultParts(), k3s({ profile: 'edge' })]));

  test('the default stack of mixstack fits a 2-CPU / 4 GiB node, with room left for k3s itself', () => {
    const operatorPods = (result: typeof edge) =>
      result.objects
        .filter((o) => o.object.kind === 'Prometheus' || o.object.kind === 'Alertmanager')
        .reduce(
          (n, o) => n + ((o.object as unknown as { spec: { replicas?: number } }).spec.replicas ?? 1),
          0,
        );
    const total = (result: typeof edge) => {
      const { cpu, memory } = podRequests(result.objects.map((o) => o.object));
      const pods = operatorPods(result);
      return { cpu: cpu + pods * OPERATOR_SIDECAR.cpu, memory: memory + pods * OPERATOR_SIDECAR.memory };
    };
    const small = total(edge);
    // k3s's server process takes about half a CPU and 1 GiB of a small node: the stack gets the rest, at most.
    expect(small.cpu).toBeLessThanOrEqual(1.5);
    expect(small.memory).toBeLessThanOrEqual(3 * GiB);
    // Without the profile it does not fit: the test is about the profile.
    expect(total(standard).memory).toBeGreaterThan(3 * GiB);
    expect(small.memory).toBeLessThan(total(standard).memory / 2);
  });

  test('one replica everywhere, no PodDisruptionBudget; the stack stays valid', () => {
    for (const { object } of edge.objects) {
      const replicas = (object as { spec?: { replicas?: unknown } }).spec?.replicas;
      if (typeof replicas === 'number') expect(replicas, object.metadata?.name).toBe(1);
      expect(object.kind).not.toBe('PodDisruptionBudget');
    }
    expect(standard.objects.some((o) => o.object.kind === 'PodDisruptionBudget')).toBe(true);
    expect(validateStack(createStack({}, [...defaultParts(), k3s({ profile: 'edge' })]))).toEqual([]);
  });

  test('every store keeps at most 7 days: Prometheus, Loki, Tempo and Pyroscope, in their rendered configuration', () => {
    for (const store of STORES)
      expect(edge.stack.components[store]?.retention, store).toBe(EDGE_SIZING.maxRetention);
    // Tempo keeps 7 days already; the others keep longer by default.
    for (const store of ['prometheus', 'loki', 'pyroscope'])
      expect(standard.stack.components[store]?.retention, store).not.toBe(EDGE_SIZING.maxRetention);
    expect(parse(edge.files.get('prometheus-prometheus.yaml')!).spec.retention).toBe('7d');
    const configs = [...edge.files].filter(([path]) => /^(loki|tempo|pyroscope)-.*config/i.test(path));
    expect(configs.length).toBeGreaterThanOrEqual(3);
    const text = configs.map(([, content]) => content).join('\n');
    expect(text).toMatch(/retention_period: 7d/);
    // Tempo writes its durations in hours.
    expect(text).toMatch(/block_retention: 168h/);
    expect(text).not.toMatch(/retention_period: (15d|31d)/);
  });

  test('what the user passes to a component stays as they set it: replicas, retention, requests', () => {
    const result = render(
      createStack({}, [
        prometheus({ replicas: 2, retention: '30d' }),
        grafana({ replicas: 2, resources: { requests: { cpu: '300m' } } } as never),
        k3s({ profile: 'edge' }),
      ]),
    );
    const prometheusSpec = parse(result.files.get('prometheus-prometheus.yaml')!).spec;
    expect(prometheusSpec).toMatchObject({ replicas: 2, retention: '30d' });
    const grafanaPod = parse(result.files.get('grafana-deployment.yaml')!).spec;
    expect(grafanaPod.replicas).toBe(2);
    expect(
      grafanaPod.template.spec.containers.find((c: { name: string }) => c.name === 'grafana').resources
        .requests.cpu,
    ).toBe('300m');
    // Two replicas keep their budget.
    expect(
      result.objects.some((o) => o.object.kind === 'PodDisruptionBudget' && o.component === 'grafana'),
    ).toBe(true);
  });

  test('works on a component it has never heard of that publishes its containers: half the requests, limits stay', () => {
    const container = (profile: 'edge' | 'standard') =>
      parse(render(createStack({}, [archiver(), k3s({ profile })])).files.get('archiver-deployment.yaml')!)
        .spec.template.spec.containers[0].resources;
    expect(container('standard')).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
    expect(container('edge')).toEqual({
      requests: { cpu: '25m', memory: '32Mi' },
      limits: { memory: '128Mi' },
    });
  });

  test('fewer dashboards: the listed drill-downs and tuning views go, the summary names them, the rest stay', () => {
    const gone = dashboardTitles(standard).filter((t) => !dashboardTitles(edge).includes(t));
    expect(gone).toEqual(
      [
        'Kubernetes / Compute Resources / Namespace (Workloads)',
        'Kubernetes / Compute Resources / Workload',
        'Kubernetes / Networking / Cluster',
        'Kubernetes / Networking / Namespace (Pods)',
        'Kubernetes / Networking / Namespace (Workloads)',
        'Kubernetes / Networking / Pod',
        'Kubernetes / Networking / Workload',
        'Loki / Operational',
        'Node Exporter / USE Method / Cluster',
        'Tempo / Operational',
      ].sort(),
    );
    expect(dashboardTitles(edge)).toContain('Kubernetes / Compute Resources / Pod');
    expect(dashboardTitles(edge)).toContain('Node Exporter / USE Method / Node');
    const notice = edge.sections.notices['k3s-edge']!.message;
    for (const title of gone) expect(notice).toContain(title);
    expect(standard.sections.notices['k3s-edge']).toBeUndefined();
    // Every listed file exists in the default stack's mixins: a renamed dashboard cannot slip through.
    for (const [mixin, files] of Object.entries(EDGE_LEFT_OUT_DASHBOARDS))
      for (const file of files)
        expect(
          Object.keys(standard.sections.mixins[mixin]?.grafanaDashboards ?? {}),
          `${mixin}/${file}`,
        ).toContain(file);
  });

  test('withoutEdgeDashboards leaves mixins it does not list as they are', () => {
    const other = { title: 'Other', grafanaDashboards: { 'k8s-networking-pod.json': { title: 'Mine' } } };
    const { mixins, leftOut } = withoutEdgeDashboards({ other } as never);
    expect(mixins.other).toBe(other);
    expect(leftOut).toEqual([]);
  });

  test('podRequests counts replicas, a DaemonSet once, sidecar init containers, operator-managed pods, and no Job', () => {
    const pod = (cpu: string, memory: string) => ({
      containers: [{ name: 'c', resources: { requests: { cpu, memory } } }],
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '10m', memory: '10Mi' } } },
        { name: 'init', resources: { requests: { cpu: '1', memory: '1Gi' } } },
      ],
    });
    const objects = [
      { kind: 'Deployment', spec: { replicas: 2, template: { spec: pod('100m', '100Mi') } } },
      { kind: 'DaemonSet', spec: { template: { spec: pod('50m', '50Mi') } } },
      { kind: 'Job', spec: { template: { spec: pod('4', '4Gi') } } },
      {
        kind: 'Prometheus',
        spec: { replicas: 2, resources: { requests: { cpu: '200m', memory: '1Gi' } } },
      },
    ];
    const { cpu, memory } = podRequests(objects);
    expect(cpu).toBeCloseTo(2 * 0.11 + 0.06 + 2 * 0.2);
    expect(memory).toBe((2 * 110 + 60 + 2 * 1024) * MiB);
  });
});
