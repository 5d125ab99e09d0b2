import { createStack, isMixstackError, problemsOfPart, render } from '@mixstack/core';
import fc from 'fast-check';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { awsCommands, type EksInput, eks } from './index.js';
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
    storageClass: mostly(fc.constantFrom('gp2', 'io2', 'fast'), fc.constant('A')),
    retainVolumes: fc.boolean(),
    // Mostly off: with Prometheus, Fargate refuses its claims (a MixstackError, as it should).
    fargate: fc.oneof(
      { arbitrary: fc.constant(false), weight: 3 },
      { arbitrary: fc.constant(true), weight: 1 },
    ),
    vpcCni: fc.oneof(
      fc.boolean(),
      fc.record({ minimumWarmIPs: mostly(fc.integer({ min: 1, max: 250 }), fc.constant(0)) }),
    ),
    s3: fc.oneof(
      fc.constant(false),
      fc.record(
        {
          identity: fc.constantFrom('irsa', 'podIdentity'),
          accountId: mostly(fc.constant('123456789012'), fc.constant('1234')),
          region: mostly(fc.constantFrom('eu-west-1', 'us-east-1', 'cn-north-1'), fc.constant('eu')),
          clusterName: mostly(fc.constantFrom('prod', 'prod_eu-1'), fc.constant('.')),
          oidcProvider: mostly(
            fc.constant('oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'),
            fc.constant('https://x'),
          ),
        },
        { requiredKeys: ['accountId', 'region', 'clusterName', 'oidcProvider'] },
      ),
    ),
    grafana: fc.oneof(
      fc.constant(false),
      fc.record(
        {
          host: mostly(fc.constantFrom('grafana.acme.com', 'g.example.org'), fc.constant('*.x.com')),
          certificateArn: mostly(
            fc.constant(
              'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
            ),
            fc.constant('arn:aws:acm:x'),
          ),
          vpcCidr: mostly(fc.constantFrom('10.0.0.0/16', '172.31.0.0/16'), fc.constant('10.0.0.0/33')),
          scheme: fc.constantFrom('internal', 'internet-facing'),
          httpsRedirect: fc.boolean(),
        },
        { requiredKeys: ['host', 'certificateArn', 'vpcCidr'] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const FIELDS = ['storageClass', 'retainVolumes', 'fargate', 'vpcCni', 's3', 'grafana', 'x'];
const shaped = fc.oneof(
  { arbitrary: valid, weight: 2 },
  {
    arbitrary: fc
      .tuple(valid, fc.constantFrom(...FIELDS), fc.oneof(scalar, fc.dictionary(fc.string(), scalar)))
      .map(([options, field, value]) => ({ ...options, [field]: value })),
    weight: 1,
  },
);

describe('fuzzing eks() options', () => {
  test('anything at all: the call never throws, and applying the part records only MixstackErrors', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        for (const problem of problemsOfPart(eks(options as EksInput))) {
          expect(isMixstackError(problem)).toBe(true);
          expect(problem.hint.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('options of about the right shape: rendering and the aws commands fail only with MixstackErrors', () => {
    let rendered = 0;
    fc.assert(
      fc.property(shaped, fc.boolean(), (options, withPrometheus) => {
        const stack = () =>
          createStack({}, [
            ...(withPrometheus ? [prometheus({ replicas: 1, alertmanager: { replicas: 1 } })] : []),
            grafana(),
            archiver(),
            eks(options as EksInput),
          ]);
        onlyMixstackErrors(() => awsCommands(stack()));
        if (onlyMixstackErrors(() => render(stack()))) rendered++;
      }),
      { numRuns: 60 },
    );
    expect(rendered).toBeGreaterThan(5);
  });
});
