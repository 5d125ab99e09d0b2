import {
  adjustReplicas,
  adjustRetention,
  createStack,
  defaultCommonValues,
  type KubeObject,
  type Part,
  quantityValue,
  type RenderResult,
  render,
  setSizing,
  validateStack,
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

/** A small-node profile, as a platform part applies it. */
const edge: Part = (stack) =>
  setSizing(
    stack,
    { source: '@test/platform', layer: 'platform' },
    { maxReplicas: 1, requestsFactor: 0.5, maxRetention: '7d' },
  );

type Json = Record<string, unknown>;
const get = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((current, key) => (current as Json | undefined)?.[key], value);
const objectAt = (result: RenderResult, address: string): Json => {
  const found = result.objects.find((o) => o.address === address);
  if (!found) throw new Error(`no object at ${address}`);
  return found.object as unknown as Json;
};

interface Resources {
  requests: { cpu: string; memory: string };
  limits: { memory: string; cpu?: string };
}

/**
 * The resources of every container the stack renders, by `address/container`: the pods of
 * Deployments and DaemonSets, and the main container of the operator's custom resources.
 */
function renderedResources(result: RenderResult): Record<string, Resources> {
  const out: Record<string, Resources> = {};
  for (const { address, object } of result.objects) {
    const spec = (object as KubeObject & { spec?: Json }).spec;
    if (object.kind === 'Prometheus' || object.kind === 'Alertmanager')
      out[`${address}/${object.kind}`] = spec!.resources as Resources;
    const containers = get(spec, 'template.spec.containers') as
      | { name: string; resources: Resources }[]
      | undefined;
    for (const container of containers ?? []) out[`${address}/${container.name}`] = container.resources;
  }
  return out;
}

/** `sized` is `base` times `factor`, rounded up to a whole millicore or mebibyte. */
function expectScaled(
  resource: 'cpu' | 'memory',
  base: string,
  sized: string,
  factor: number,
  where: string,
) {
  const unit = resource === 'cpu' ? 0.001 : 2 ** 20;
  const wanted = quantityValue(base)! * factor;
  const got = quantityValue(sized)!;
  expect(got, `${where} ${resource}: ${base} → ${sized}`).toBeGreaterThanOrEqual(wanted - 1e-9);
  expect(got - wanted, `${where} ${resource}: ${base} → ${sized}`).toBeLessThan(unit);
}

const DEFAULT = render(createStack({}, [prometheus()]));

describe("a platform's sizing", () => {
  const sized = render(createStack({}, [prometheus(), edge]));

  test('one replica of Prometheus and Alertmanager, no budget and no spreading', () => {
    // The defaults this shrinks: replicated, spread, with budgets.
    expect(get(objectAt(DEFAULT, 'prometheus/prometheus'), 'spec.replicas')).toBeGreaterThan(1);
    expect(get(objectAt(DEFAULT, 'alertmanager/alertmanager'), 'spec.replicas')).toBeGreaterThan(1);
    expect(DEFAULT.objects.filter((o) => o.object.kind === 'PodDisruptionBudget')).toHaveLength(2);

    for (const address of ['prometheus/prometheus', 'alertmanager/alertmanager']) {
      const resource = objectAt(sized, address);
      expect(get(resource, 'spec.replicas'), address).toBe(1);
      expect(get(resource, 'spec.topologySpreadConstraints'), address).toBeUndefined();
    }
    expect(sized.objects.filter((o) => o.object.kind === 'PodDisruptionBudget')).toEqual([]);
    // Every workload of the stack runs one replica (the others always did).
    for (const { address, object } of sized.objects) {
      const replicas = get(object, 'spec.replicas');
      if (replicas !== undefined) expect(replicas, address).toBe(1);
    }
  });

  test('halves the requests of every container, limits unchanged', () => {
    const before = renderedResources(DEFAULT);
    const after = renderedResources(sized);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    // Every component of the package that runs containers is sized.
    expect(Object.keys(before).map((key) => key.split('/')[0])).toEqual(
      expect.arrayContaining([
        'prometheus',
        'alertmanager',
        'prometheusOperator',
        'nodeExporter',
        'kubeStateMetrics',
      ]),
    );
    for (const [where, resources] of Object.entries(before)) {
      expectScaled('cpu', resources.requests.cpu, after[where]!.requests.cpu, 0.5, where);
      expectScaled('memory', resources.requests.memory, after[where]!.requests.memory, 0.5, where);
      expect(after[where]!.limits, where).toEqual(resources.limits);
    }
  });

  test("caps Prometheus's retention", () => {
    expect(get(objectAt(DEFAULT, 'prometheus/prometheus'), 'spec.retention')).toBe('15d');
    expect(get(objectAt(sized, 'prometheus/prometheus'), 'spec.retention')).toBe('7d');
    expect(sized.stack.components.prometheus!.retention).toBe('7d');
  });

  test('the sized stack passes every check', () => {
    expect(validateStack(createStack({}, [prometheus(), edge]))).toEqual([]);
  });
});

describe('what the user passes stays under a platform sizing', () => {
  test('replicas and retention of prometheus() and its alertmanager', () => {
    const result = render(
      createStack({}, [prometheus({ replicas: 3, retention: '30d', alertmanager: { replicas: 3 } }), edge]),
    );
    const server = objectAt(result, 'prometheus/prometheus');
    expect(get(server, 'spec.replicas')).toBe(3);
    expect(get(server, 'spec.retention')).toBe('30d');
    expect(get(server, 'spec.topologySpreadConstraints')).toBeDefined();
    const am = objectAt(result, 'alertmanager/alertmanager');
    expect(get(am, 'spec.replicas')).toBe(3);
    expect(get(am, 'spec.topologySpreadConstraints')).toBeDefined();
    expect(
      result.objects
        .filter((o) => o.object.kind === 'PodDisruptionBudget')
        .map((o) => o.address)
        .sort(),
    ).toEqual(['alertmanager/podDisruptionBudget', 'prometheus/podDisruptionBudget']);
    // Requests the user left to the defaults are still sized.
    expectScaled(
      'cpu',
      get(objectAt(DEFAULT, 'prometheus/prometheus'), 'spec.resources.requests.cpu') as string,
      get(server, 'spec.resources.requests.cpu') as string,
      0.5,
      'prometheus',
    );
  });

  test('the resources of a container the user set stay as set; the other containers are sized', () => {
    const result = render(
      createStack({}, [
        prometheus({
          resources: { requests: { cpu: '1' } },
          nodeExporter: { rbacProxy: { resources: { requests: { memory: '32Mi' } } } },
        }),
        edge,
      ]),
    );
    const before = renderedResources(DEFAULT);
    const after = renderedResources(result);
    // Core decides by the container's option (\`resources\`): what the user set there wins whole,
    // the rest of it being this package's defaults, never a platform's halving.
    const server = 'prometheus/prometheus/Prometheus';
    expect(after[server]).toEqual({
      ...before[server],
      requests: { ...before[server]!.requests, cpu: '1' },
    });
    const proxies = Object.keys(after).filter((key) =>
      key.startsWith('nodeExporter/daemonSet/kube-rbac-proxy'),
    );
    expect(proxies.length).toBeGreaterThan(0);
    for (const proxy of proxies) expect(after[proxy]!.requests.memory, proxy).toBe('32Mi');
    // The node-exporter container itself, which the user left alone, is sized.
    const own = 'nodeExporter/daemonSet/node-exporter';
    expectScaled('cpu', before[own]!.requests.cpu, after[own]!.requests.cpu, 0.5, own);
  });

  test('the parts on their own too', () => {
    const result = render(
      createStack({}, [
        prometheusServer({ replicas: 2, retention: '90d' }),
        alertmanager({ replicas: 2 }),
        edge,
      ]),
    );
    expect(get(objectAt(result, 'prometheus/prometheus'), 'spec.replicas')).toBe(2);
    expect(get(objectAt(result, 'prometheus/prometheus'), 'spec.retention')).toBe('90d');
    expect(get(objectAt(result, 'alertmanager/alertmanager'), 'spec.replicas')).toBe(2);
  });
});

describe('adjustments by workload', () => {
  const platform = { source: '@test/platform', layer: 'platform' } as const;

  test('a platform sets the replicas and retention it publishes, and the budget follows', () => {
    const adjust: Part = (stack) =>
      adjustRetention(
        adjustReplicas(
          adjustReplicas(stack, platform, 'prometheus', 'server', 1),
          platform,
          'alertmanager',
          'alertmanager',
          5,
        ),
        platform,
        'prometheus',
        '3d',
      );
    const result = render(createStack({}, [prometheus(), adjust]));
    expect(get(objectAt(result, 'prometheus/prometheus'), 'spec.replicas')).toBe(1);
    expect(get(objectAt(result, 'prometheus/prometheus'), 'spec.retention')).toBe('3d');
    expect(get(objectAt(result, 'alertmanager/alertmanager'), 'spec.replicas')).toBe(5);
    expect(
      result.objects.filter((o) => o.object.kind === 'PodDisruptionBudget').map((o) => o.address),
    ).toEqual(['alertmanager/podDisruptionBudget']);
  });
});

/** Sets `value` at a dot-separated path of a fresh object. */
function atPath(path: string, value: unknown): Json {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Json;
}

/** Every component of this package, with its factory. */
const FACTORIES = {
  prometheus: prometheusServer,
  alertmanager,
  prometheusOperator,
  nodeExporter,
  kubeStateMetrics,
  kubernetesControlPlane,
} as const;

describe('the published option paths', () => {
  const common = defaultCommonValues();

  test.each(Object.entries(FACTORIES))(
    '%s: each published option is the path of the published value in its defaults',
    (_name, factory) => {
      const { definition } = factory;
      const defaults = definition.defaults() as unknown as Json;
      const contracts = definition.contracts?.(definition.defaults() as never, common) ?? {};
      for (const [workload, { value, option }] of Object.entries(contracts.replicas ?? {}))
        expect(get(defaults, option), `replicas of ${workload} at "${option}"`).toBe(value);
      if (contracts.retention)
        expect(get(defaults, contracts.retention.option), 'retention').toBe(contracts.retention.value);
      // Every published container names the option of its resources.
      const containers = Object.keys(contracts.containers ?? {}).sort();
      expect(Object.keys(contracts.resourceOptions ?? {}).sort()).toEqual(containers);
      for (const container of containers)
        expect(get(defaults, contracts.resourceOptions![container]!), `resources of ${container}`).toEqual(
          contracts.containers![container],
        );
    },
  );

  test('what is published', () => {
    const published = Object.fromEntries(
      Object.entries(DEFAULT.stack.components).map(([name, c]) => [
        name,
        { replicas: Object.keys(c.replicas), retention: c.retention !== undefined },
      ]),
    );
    expect(published).toMatchObject({
      prometheus: { replicas: ['server'], retention: true },
      alertmanager: { replicas: ['alertmanager'], retention: false },
    });
  });

  test.each(Object.entries(FACTORIES))(
    '%s: each published option, passed by the user, wins over the sizing',
    (name, factory) => {
      const { definition } = factory;
      const contracts = definition.contracts?.(definition.defaults() as never, common) ?? {};
      const cases: [Json, (result: RenderResult) => unknown, unknown][] = [];
      for (const [workload, { value, option }] of Object.entries(contracts.replicas ?? {}))
        cases.push([
          atPath(option, value + 1),
          (r) => r.stack.components[name]!.replicas[workload],
          value + 1,
        ]);
      if (contracts.retention)
        cases.push([
          atPath(contracts.retention.option, '400d'),
          (r) => r.stack.components[name]!.retention,
          '400d',
        ]);
      for (const [container, option] of Object.entries(contracts.resourceOptions ?? {})) {
        const resources = contracts.containers![container]!;
        const doubled = {
          cpu: `${Math.round(quantityValue(resources.requests.cpu)! * 2000)}m`,
          memory: `${Math.round((quantityValue(resources.requests.memory)! * 2) / 2 ** 20)}Mi`,
        };
        // The memory limit doubled too, so that the request stays below it.
        const limits = { memory: `${Math.round((quantityValue(resources.limits.memory)! * 2) / 2 ** 20)}Mi` };
        cases.push([
          atPath(option, { requests: doubled, limits }),
          (r) => r.stack.components[name]!.containers[container]!.requests,
          doubled,
        ]);
      }
      for (const [options, read, wanted] of cases) {
        const stack = createStack({}, [(factory as (o: Json) => Part)(options), edge]);
        expect(validateStack(stack), JSON.stringify(options)).toEqual([]);
        expect(read(render(stack)), JSON.stringify(options)).toEqual(wanted);
      }
    },
  );
});
