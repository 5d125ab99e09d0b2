import { createStack, isMixstackError, problemsOfPart, render } from '@mixstack/core';
import fc from 'fast-check';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { type GkeInput, gcloudCommands, gke } from './index.js';
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
    project: mostly(fc.constantFrom('acme-prod', 'my-project-123'), fc.constantFrom('Acme', '1')),
    mode: mostly(fc.constantFrom('standard', 'autopilot'), fc.constant('auto')),
    storageClass: mostly(fc.constantFrom('standard-rwo', 'premium-rwo', 'fast'), fc.constant('A')),
    retainVolumes: fc.boolean(),
    workloadIdentity: fc.oneof(
      fc.boolean(),
      fc.record(
        {
          mode: fc.constantFrom('serviceAccount', 'principal'),
          projectNumber: mostly(fc.constant('123456789012'), fc.constant('x')),
          bucketLocation: mostly(fc.constantFrom('EU', 'europe-west1'), fc.constant('/')),
        },
        { requiredKeys: [] },
      ),
    ),
    grafana: fc.oneof(
      fc.constant(false),
      fc.record(
        {
          host: mostly(fc.constantFrom('grafana.acme.com', 'g.example.org'), fc.constant('*.x.com')),
          staticIpName: fc.constantFrom('grafana-ip', 'ip'),
          iap: fc.record({ oauthSecret: fc.constantFrom('grafana-iap', 'iap') }),
          httpsRedirect: fc.boolean(),
        },
        { requiredKeys: ['host'] },
      ),
    ),
    managedCollection: fc.record(
      { nodeExporter: fc.boolean(), kubeStateMetrics: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['project'] },
);
const FIELDS = [
  'project',
  'mode',
  'storageClass',
  'retainVolumes',
  'workloadIdentity',
  'grafana',
  'managedCollection',
  'x',
];
const shaped = fc.oneof(
  { arbitrary: valid, weight: 2 },
  {
    arbitrary: fc
      .tuple(valid, fc.constantFrom(...FIELDS), fc.oneof(scalar, fc.dictionary(fc.string(), scalar)))
      .map(([options, field, value]) => ({ ...options, [field]: value })),
    weight: 1,
  },
);

describe('fuzzing gke() options', () => {
  test('anything at all: the call never throws, and applying the part records only MixstackErrors', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        for (const problem of problemsOfPart(gke(options as GkeInput))) {
          expect(isMixstackError(problem)).toBe(true);
          expect(problem.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('options of about the right shape: rendering and the gcloud commands fail only with MixstackErrors', () => {
    let rendered = 0;
    fc.assert(
      fc.property(shaped, (options) => {
        const stack = () =>
          createStack({}, [
            prometheus({ replicas: 1, alertmanager: { replicas: 1 } }),
            grafana(),
            archiver(),
            gke(options as GkeInput),
          ]);
        onlyMixstackErrors(() => gcloudCommands(stack()));
        if (onlyMixstackErrors(() => render(stack()))) rendered++;
      }),
      { numRuns: 100 },
    );
    // Enough of the generated options render for the property to say something: about a
    // quarter do; 100 runs keep the chance of 5 or fewer negligible (40 runs once gave 5).
    expect(rendered).toBeGreaterThan(5);
  });
});
