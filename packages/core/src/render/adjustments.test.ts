import { describe, expect, test } from 'vitest';
import { defineComponent } from '../component.js';
import { createStack } from '../compose.js';
import {
  adjustReplicas,
  adjustResources,
  adjustRetention,
  setSizing,
  sizeComponents,
} from '../contract-parts.js';
import type { ComponentSizing, StackSizing } from '../contracts.js';
import type { KubeObject } from '../kube.js';
import * as options from '../options/index.js';
import type { Part } from '../stack.js';
import type { Layer } from '../values.js';
import { scaledQuantity } from './adjustments.js';
import { render, validateStack } from './render.js';

/** A store with every adjustable contract, which renders what render resolved for it. */
interface StoreValues {
  replicas: number;
  retention: string;
  resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
}

const storeSchema = options.object({
  replicas: options.integer({ min: 1, max: 10 }),
  retention: options.duration(),
  resources: options.object({
    requests: options.object({ cpu: options.quantity(), memory: options.quantity() }),
    limits: options.object({ memory: options.quantity() }),
  }),
});

const store = defineComponent<StoreValues, options.Infer<typeof storeSchema>>({
  name: 'store',
  source: '@test/store',
  schema: storeSchema,
  defaults: () => ({
    replicas: 3,
    retention: '30d',
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
  }),
  contracts: (values) => ({
    containers: { store: values.resources },
    resourceOptions: { store: 'resources' },
    replicas: { server: { value: values.replicas, option: 'replicas' } },
    retention: { value: values.retention, option: 'retention' },
  }),
  build: (ctx) => ({
    config: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'store', namespace: 'monitoring' },
      data: {
        replicas: String(ctx.contracts.replicas.server),
        retention: ctx.contracts.retention ?? '',
        cpu: ctx.contracts.containers.store!.requests.cpu,
        memory: ctx.contracts.containers.store!.requests.memory,
        memoryLimit: ctx.contracts.containers.store!.limits.memory,
      },
    } as KubeObject,
  }),
});

const by = (layer: Layer) => ({ source: `@test/${layer}`, layer });
const sizing =
  (layer: Layer, values: StackSizing): Part =>
  (stack) =>
    setSizing(stack, by(layer), values);
const edge = sizing('platform', { maxReplicas: 1, requestsFactor: 0.5, maxRetention: '7d' });
const storeData = (...parts: Part[]) =>
  (
    render(createStack({}, parts)).objects.find((o) => o.address === 'store/config')!.object as unknown as {
      data: Record<string, string>;
    }
  ).data;

describe('adjustable contracts', () => {
  test('a platform sizing shrinks what the defaults say: replicas, requests (limits stay) and retention', () => {
    expect(storeData(store())).toEqual({
      replicas: '3',
      retention: '30d',
      cpu: '500m',
      memory: '1Gi',
      memoryLimit: '2Gi',
    });
    expect(storeData(store(), edge)).toEqual({
      replicas: '1',
      retention: '7d',
      cpu: '250m',
      memory: '512Mi',
      memoryLimit: '2Gi',
    });
  });

  test('what the user passes to the component stays, field by field', () => {
    expect(storeData(store({ replicas: 2, retention: '60d' }), edge)).toMatchObject({
      replicas: '2',
      retention: '60d',
      cpu: '250m',
    });
    expect(storeData(store({ resources: { requests: { cpu: '2' } } }), edge)).toMatchObject({
      replicas: '1',
      cpu: '2',
    });
  });

  test('a sizing never raises: shorter retention and fewer replicas stay', () => {
    expect(storeData(store(), sizing('platform', { maxReplicas: 5, maxRetention: '90d' }))).toMatchObject({
      replicas: '3',
      retention: '30d',
    });
  });

  test('a per-component adjustment applies over the option where its layer is at least as strong', () => {
    const replicas =
      (layer: Layer, n: number): Part =>
      (stack) =>
        adjustReplicas(stack, by(layer), 'store', 'server', n);
    const retention =
      (layer: Layer, d: string): Part =>
      (stack) =>
        adjustRetention(stack, by(layer), 'store', d);
    expect(storeData(store(), replicas('platform', 2), retention('platform', '14d'))).toMatchObject({
      replicas: '2',
      retention: '14d',
    });
    expect(
      storeData(store({ replicas: 5, retention: '60d' }), replicas('platform', 2), retention('addon', '14d')),
    ).toMatchObject({
      replicas: '5',
      retention: '60d',
    });
    expect(storeData(store({ replicas: 5 }), replicas('user', 4))).toMatchObject({ replicas: '4' });
    expect(storeData(store({ replicas: 5 }), replicas('override', 6))).toMatchObject({ replicas: '6' });
  });

  test('the sizing applies only over layers weaker than its own', () => {
    const platformRequests: Part = (stack) =>
      adjustResources(stack, by('platform'), 'store', 'store', { requests: { cpu: '300m' } });
    // Same layer as the sizing: the specific adjustment is kept as it is.
    expect(storeData(store(), platformRequests, edge)).toMatchObject({ cpu: '300m', memory: '1Gi' });
    // A user-layer sizing shrinks what a platform adjusted.
    expect(storeData(store(), platformRequests, sizing('user', { requestsFactor: 0.5 }))).toMatchObject({
      cpu: '150m',
      memory: '512Mi',
    });
  });

  test('retention 0 (forever) is capped like any other', () => {
    expect(storeData(store({ retention: '0' }), sizing('override', { maxRetention: '7d' }))).toMatchObject({
      retention: '7d',
    });
  });

  test('unknown names and invalid values are problems naming the field and the fix', () => {
    const problems = validateStack(
      createStack({}, [
        store(),
        (stack) => adjustReplicas(stack, by('platform'), 'stor', 'server', 1),
        (stack) => adjustReplicas(stack, by('platform'), 'store', 'serve', 1),
        (stack) => adjustRetention(stack, by('platform'), 'store', 'a week'),
        sizing('platform', { maxReplicas: 0, requestsFactor: 2, maxRetention: '0' }),
      ]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'contracts', 'contracts.sizing.maxReplicas'],
      ['INVALID_OPTION', 'contracts', 'contracts.sizing.maxRetention'],
      ['INVALID_OPTION', 'contracts', 'contracts.sizing.requestsFactor'],
      ['NOT_FOUND', 'stor', 'contracts.replicas'],
      ['NOT_FOUND', 'store', 'contracts.replicas.serve'],
      ['INVALID_OPTION', 'store', 'contracts.retention'],
    ]);
    expect(problems[3]!.hint).toContain('Did you mean "store"?');
    expect(problems[4]!.hint).toContain('use one of its workloads: server');
  });

  test('quantities scale up to a whole millicore or mebibyte', () => {
    expect(scaledQuantity('cpu', '102m', 0.5)).toBe('51m');
    expect(scaledQuantity('cpu', '1m', 0.5)).toBe('1m');
    expect(scaledQuantity('cpu', '1.5', 0.5)).toBe('750m');
    expect(scaledQuantity('memory', '100Mi', 0.5)).toBe('50Mi');
    expect(scaledQuantity('memory', '1G', 0.5)).toBe('477Mi');
    expect(scaledQuantity('memory', 'lots', 0.5)).toBe('lots');
  });
});

describe('per-component sizing (sizeComponents: a plan sized from load)', () => {
  const components =
    (layer: Layer, values: Record<string, ComponentSizing>): Part =>
    (stack) =>
      sizeComponents(stack, by(layer), values);
  const plan = components('addon', {
    store: {
      replicas: { server: 2 },
      resources: { store: { requests: { memory: '3Gi' }, limits: { memory: '6Gi' } } },
      retention: '14d',
    },
    // A component the stack does not have: a plan covers every component it knows of.
    archive: { replicas: { server: 4 }, retention: '1y' },
  });

  test('sets replicas, resources (merged field by field) and retention over the defaults', () => {
    expect(storeData(store(), plan)).toEqual({
      replicas: '2',
      retention: '14d',
      cpu: '500m',
      memory: '3Gi',
      memoryLimit: '6Gi',
    });
  });

  test('ignores components the stack does not have', () => {
    expect(validateStack(createStack({}, [store(), plan]))).toEqual([]);
  });

  test('what the user passes to the component wins over a weaker layer, field by field', () => {
    expect(storeData(store({ replicas: 5, resources: { requests: { cpu: '1' } } }), plan)).toEqual({
      replicas: '5',
      retention: '14d',
      cpu: '1',
      memory: '1Gi',
      memoryLimit: '2Gi',
    });
    // An adjustment in the same layer as the plan is kept: the plan applies only over weaker layers.
    const adjusted: Part = (stack) => adjustReplicas(stack, by('addon'), 'store', 'server', 3);
    expect(storeData(store(), adjusted, plan)).toMatchObject({ replicas: '3' });
  });

  test("a cap of a stronger layer bounds the plan; a weaker layer's cap does not", () => {
    const cap = sizing('user', { maxReplicas: 1, maxRetention: '7d', requestsFactor: 0.5 });
    expect(storeData(store(), plan, cap)).toEqual({
      replicas: '1',
      retention: '7d',
      cpu: '250m',
      memory: '1536Mi',
      memoryLimit: '6Gi',
    });
    expect(storeData(store(), plan, edge)).toMatchObject({
      replicas: '2',
      retention: '14d',
    });
  });

  test('the order of the parts does not matter', () => {
    expect(storeData(plan, store())).toEqual(storeData(store(), plan));
  });

  test('skips what a component does not publish (a part turned off); invalid values are problems', () => {
    const problems = validateStack(
      createStack({}, [
        store(),
        defineComponent({
          name: 'stateless',
          source: '@test/stateless',
          schema: options.object({}),
          defaults: () => ({}),
          build: () => ({}),
        })(),
        components('addon', {
          store: {
            replicas: { serve: 2, server: 0 },
            resources: { stor: { requests: { cpu: '1' } }, store: { requests: { memory: 'lots' } } },
            retention: 'a week',
          },
          stateless: { retention: '7d', replicas: { server: 2 } },
        }),
      ]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'contracts', 'contracts.sizing.components.store.replicas.server'],
      ['INVALID_OPTION', 'contracts', 'contracts.sizing.components.store.resources.store.requests.memory'],
      ['INVALID_OPTION', 'contracts', 'contracts.sizing.components.store.retention'],
    ]);
    for (const problem of problems) expect(problem.hint).toBeTruthy();
    // The unknown names change nothing; the valid values of the same plan apply.
    const sized = components('addon', {
      store: { replicas: { serve: 2 }, resources: { stor: {} }, retention: '14d' },
    });
    expect(storeData(store(), sized)).toEqual({ ...storeData(store()), retention: '14d' });
  });
});
