import { createStack, isMixstackError, render, validateStack } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { alloy } from './alloy.js';
import type { AlloyOptions } from './config.js';
import { logsPipeline, profilesPipeline, withPipeline } from './test-helpers.js';

/** Runs `fn`; any error must be a MixstackError with a fix. Returns whether it succeeded. */
function onlyMixstackErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    expect(error.hint.length).toBeGreaterThan(0);
    return false;
  }
}

const pipeline = withPipeline('logs', (namespace) =>
  logsPipeline({ pushUrl: `http://loki.${namespace}.svc:3100/loki/api/v1/push` }),
);
/** Profiles scraped and with eBPF: the profiler's options are used too. */
const profiles = withPipeline('profiles', (namespace) =>
  profilesPipeline({ writeUrl: `http://pyroscope.${namespace}.svc:4040`, ebpf: true }),
);
const build = (options: unknown) => () =>
  render(createStack({}, [alloy(options as AlloyOptions), pipeline, profiles]));

/** Valid options, field by field (each may be left out). */
const valid = fc.record(
  {
    image: fc.constantFrom(
      'docker.io/grafana/alloy:v1.18.1',
      `registry.example.com/alloy:v1.18.0@sha256:${'a'.repeat(64)}`,
    ),
    resources: fc.record({
      requests: fc.record({
        cpu: fc.constantFrom('10m', '100m', '1'),
        memory: fc.constantFrom('64Mi', '128Mi'),
      }),
      limits: fc.record({ memory: fc.constantFrom('256Mi', '1Gi') }),
    }),
    tolerations: fc.array(
      fc.oneof(
        fc.constant({ operator: 'Exists' as const }),
        fc.record({
          key: fc.constantFrom('dedicated', 'example.com/gpu'),
          operator: fc.constant('Equal' as const),
          value: fc.constantFrom('logs', 'true'),
          effect: fc.constantFrom('NoSchedule' as const, 'NoExecute' as const),
        }),
      ),
      { maxLength: 3 },
    ),
    nodeSelector: fc.dictionary(
      fc.constantFrom('kubernetes.io/os', 'pool'),
      fc.constantFrom('linux', 'system'),
      {
        maxKeys: 2,
      },
    ),
    profiler: fc.record(
      {
        namespace: fc.constantFrom('ebpf', 'monitoring-profiler', 'p'),
        resources: fc.record({ limits: fc.record({ memory: fc.constantFrom('512Mi', '2Gi') }) }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** Values near the real shapes: right keys, values of any type. */
const scalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const loose = fc.dictionary(
  fc.constantFrom(
    'image',
    'resources',
    'tolerations',
    'nodeSelector',
    'namespace',
    'profiler',
    'networkPolicy',
    'enabled',
  ),
  fc.oneof(scalar, fc.array(scalar), fc.dictionary(fc.string(), scalar)),
);

describe('alloy() with generated options', () => {
  test('valid options always render, past every safety check', () => {
    fc.assert(
      fc.property(valid, (options) => {
        const stack = createStack({}, [alloy(options as AlloyOptions), pipeline, profiles]);
        expect(validateStack(stack)).toEqual([]);
        expect(render(stack).files.has('alloy-daemonSet.yaml')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  test('anything else is a MixstackError with a fix, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(loose, fc.anything()), (options) => {
        onlyMixstackErrors(build(options));
      }),
      { numRuns: 150 },
    );
  });
});
