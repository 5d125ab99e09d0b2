import { createStack, isMixstackError, render } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { prometheus } from './index.js';

/** Runs a function and returns what it threw that is not a MixstackError (undefined otherwise). */
function foreignError(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return isMixstackError(error) ? undefined : error;
  }
}

/** Values that are sometimes right for an option and often wrong, in every shape. */
const anyValue = fc.oneof(
  fc.constantFrom('30d', '15s', '50Gi', '100m', '90GB', 'k8s', 'monitoring', 'all', '', 'latest', 'v1.0.0'),
  fc.constantFrom(
    'quay.io/prometheus/prometheus:v3.0.0',
    'registry.example.com/x:1.2.3',
    `img@sha256:${'a'.repeat(64)}`,
  ),
  fc.integer({ min: -5, max: 200_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.array(fc.constantFrom('apps', 'kube-system', 'Bad_NS', 'pods', 'secrets', '--flag', 3), {
    maxLength: 3,
  }),
  fc.dictionary(
    fc.constantFrom('app', 'team', 'kubernetes.io/os', 'bad key', 'cluster'),
    fc.string({ maxLength: 6 }),
  ),
);

const resources = fc.record(
  {
    requests: fc.record({ cpu: anyValue, memory: anyValue }, { requiredKeys: [] }),
    limits: fc.record({ cpu: anyValue, memory: anyValue }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const part = (keys: string[]) =>
  fc.oneof(
    fc.boolean(),
    anyValue,
    fc.record(Object.fromEntries(keys.map((key) => [key, key === 'resources' ? resources : anyValue])), {
      requiredKeys: [],
    }),
  );

/** Option objects shaped like prometheus()'s, with random (mostly wrong) values and unknown keys. */
const fullOptionObjects = fc.record(
  {
    name: anyValue,
    replicas: anyValue,
    image: anyValue,
    retention: anyValue,
    retentionSize: anyValue,
    storage: fc.oneof(anyValue, fc.record({ size: anyValue, storageClass: anyValue }, { requiredKeys: [] })),
    resources: fc.oneof(anyValue, resources),
    targetNamespaces: anyValue,
    ruleLabels: anyValue,
    exemplars: fc.oneof(anyValue, fc.record({ maxSize: anyValue })),
    externalLabels: anyValue,
    crds: fc.oneof(anyValue, fc.record({ dir: anyValue }, { requiredKeys: [] })),
    operator: part(['image', 'configReloaderImage', 'resources', 'nodeSelector']),
    alertmanager: part(['name', 'replicas', 'retention', 'resources', 'watchdogReceiver', 'route']),
    nodeExporter: part(['namespace', 'port', 'internalPort', 'priorityClassName', 'extraArgs', 'resources']),
    kubeStateMetrics: part(['exportedResources', 'resources', 'image']),
    controlPlane: part(['kubelet', 'apiserver', 'coreDNS', 'interval']),
    typo: anyValue,
  },
  { requiredKeys: [] },
);

/** Few options at a time, so that some objects are valid and render. */
const optionObjects = fullOptionObjects.chain((full) =>
  fc
    .subarray(Object.keys(full), { maxLength: 3 })
    .map((keys) => Object.fromEntries(keys.map((key) => [key, (full as Record<string, unknown>)[key]]))),
);

describe('fuzz: random options never throw anything but a MixstackError', () => {
  test('prometheus(anything)', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        expect(foreignError(() => prometheus(options as never))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  test('prometheus(option-shaped objects), rendered', () => {
    let rendered = 0;
    fc.assert(
      fc.property(optionObjects, fc.constantFrom('monitoring', 'observability'), (options, namespace) => {
        const error = foreignError(() => {
          render(createStack({ namespace }, [prometheus(options as never)]));
          rendered++;
        });
        expect(error).toBeUndefined();
      }),
      { numRuns: 150 },
    );
    // The generator must also produce stacks that render, or the property says little.
    expect(rendered).toBeGreaterThan(0);
  });
});
