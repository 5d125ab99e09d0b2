import { createStack, isMixstackError, problemsOfPart, render } from '@mixstack/core';
import fc from 'fast-check';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { type K3sInput, k3s } from './index.js';
import { archiver } from './test-helpers.js';

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

const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: good, weight: 9 }, { arbitrary: bad, weight: 1 });
const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const valid = fc.record(
  {
    storageClass: mostly(fc.constantFrom('local-path', 'longhorn'), fc.constant('A')),
    profile: mostly(fc.constantFrom('standard', 'edge'), fc.constant('tiny')),
    controlPlane: fc.record(
      {
        controllerManager: fc.boolean(),
        scheduler: fc.boolean(),
        kubeProxy: fc.boolean(),
        etcd: fc.boolean(),
        supervisorMetrics: mostly(fc.boolean(), fc.constant('yes')),
        servers: fc.array(mostly(fc.ipV4(), fc.constantFrom('server-1', '::1', '')), { maxLength: 3 }),
        agents: fc.array(mostly(fc.ipV4(), fc.constantFrom('agent-1', '')), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    grafana: fc.oneof(
      fc.constant(false),
      fc.record(
        {
          host: mostly(fc.constantFrom('grafana.home.example', 'grafana'), fc.constant('*.x.com')),
          tlsSecret: fc.constantFrom('grafana-tls', 'tls'),
          ingressClassName: fc.constantFrom('traefik', 'nginx'),
          controller: fc.record(
            { namespace: fc.constantFrom('kube-system', 'ingress'), podLabels: fc.constant({ app: 'x' }) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['host'] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const FIELDS = ['storageClass', 'profile', 'controlPlane', 'grafana', 'x'];
const shaped = fc.oneof(
  { arbitrary: valid, weight: 2 },
  {
    arbitrary: fc
      .tuple(valid, fc.constantFrom(...FIELDS), fc.oneof(scalar, fc.dictionary(fc.string(), scalar)))
      .map(([options, field, value]) => ({ ...options, [field]: value })),
    weight: 1,
  },
);

describe('fuzzing k3s() options', () => {
  test('anything at all: the call never throws, and applying the part records only MixstackErrors', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        for (const problem of problemsOfPart(k3s(options as K3sInput))) {
          expect(isMixstackError(problem)).toBe(true);
          expect(problem.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('options of about the right shape: rendering fails only with MixstackErrors', () => {
    let rendered = 0;
    fc.assert(
      fc.property(shaped, (options) => {
        const stack = () =>
          createStack({}, [
            prometheus({ replicas: 1, alertmanager: { replicas: 1 } }),
            grafana(),
            archiver(),
            k3s(options as K3sInput),
          ]);
        if (onlyMixstackErrors(() => render(stack()))) rendered++;
      }),
      { numRuns: 40 },
    );
    expect(rendered).toBeGreaterThan(5);
  });
});
