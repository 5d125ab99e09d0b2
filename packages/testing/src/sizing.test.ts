import { createStack, defineComponent, type KubeObject, options, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { optionPathMismatches, SMALL_NODE_SIZING, sizingPart, valueAt } from './sizing.js';

interface Values {
  replicas: number;
  keep: string;
  resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
}

const schema = options.object({
  replicas: options.integer({ min: 1, max: 5 }),
  keep: options.duration(),
  resources: options.object({
    requests: options.object({ cpu: options.quantity(), memory: options.quantity() }),
    limits: options.object({ memory: options.quantity() }),
  }),
});

/** A store whose contracts name its options: `retentionOption` lets a test break one. */
const store = (retentionOption: string, resourceOption = 'resources') =>
  defineComponent<Values, options.Infer<typeof schema>>({
    name: 'store',
    source: '@test/store',
    schema,
    defaults: () => ({
      replicas: 2,
      keep: '30d',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    }),
    contracts: (values) => ({
      containers: { store: values.resources },
      resourceOptions: { store: resourceOption },
      replicas: { server: { value: values.replicas, option: 'replicas' } },
      retention: { value: values.keep, option: retentionOption },
    }),
    build: (ctx) => ({
      config: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'store', namespace: 'monitoring' },
        data: { replicas: String(ctx.contracts.replicas.server), retention: ctx.contracts.retention ?? '' },
      } as KubeObject,
    }),
  });

describe('sizing helpers', () => {
  test('sizingPart sizes the stack from the platform layer: defaults shrink', () => {
    const result = render(createStack({}, [store('keep')(), sizingPart(SMALL_NODE_SIZING)]));
    const config = result.objects.find((o) => o.address === 'store/config')!.object as unknown as {
      data: Record<string, string>;
    };
    expect(config.data).toEqual({ replicas: '1', retention: '7d' });
  });

  test('optionPathMismatches is empty for true paths and names each wrong one', () => {
    expect(optionPathMismatches(store('keep').definition)).toEqual([]);
    expect(optionPathMismatches(store('retention', 'resource').definition)).toEqual([
      'retention: option "retention" holds undefined in the defaults, the contract publishes "30d"',
      'resources of "store": option "resource" holds undefined in the defaults, the contract publishes {"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}}',
    ]);
  });

  test('valueAt reads dot-separated paths', () => {
    expect(valueAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(valueAt({ a: 1 }, 'a.b')).toBeUndefined();
  });
});
