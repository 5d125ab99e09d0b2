import { createStack, isMixstackError, type Part, render } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { TempoOptions } from './config.js';
import { tempo } from './index.js';
import { objectStoragePlatform } from './test-helpers.js';

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

const build =
  (options: unknown, parts: Part[] = []) =>
  () =>
    render(createStack({}, [tempo(options as TempoOptions), ...parts]));

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('7d', '0', '1h', 'gcs', 's3', 'local', '10Gi', 'acme-tempo', 'eu-west-1'),
);
const loose = fc.oneof(scalar, fc.dictionary(fc.string(), scalar), fc.array(scalar));
const keys = [
  'image',
  'replicas',
  'resources',
  'storage',
  'objectStorage',
  'retention',
  'collector',
  'networkPolicy',
  'nodeSelector',
  'logLevel',
  'enabled',
] as const;

/** Valid options field by field (each may be left out); their combinations may still be wrong together. */
const valid = fc.record(
  {
    retention: fc.constantFrom('1h', '24h', '7d', '2w', '90d'),
    objectStorage: fc.record(
      {
        type: fc.constantFrom('local', 'gcs', 's3'),
        bucket: fc.constantFrom('acme-tempo', 'b-1'),
        region: fc.constantFrom('eu-west-1', 'us-east-1'),
      },
      { requiredKeys: [] },
    ),
    collector: fc.boolean(),
    networkPolicy: fc.record({ otlpFromEveryNamespace: fc.boolean() }, { requiredKeys: [] }),
    logLevel: fc.constantFrom('debug', 'info', 'warn', 'error'),
  },
  { requiredKeys: [] },
);

describe('whatever it is given, tempo() reports MixstackErrors with a fix and never throws anything else', () => {
  test('any value in any option', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), loose, { maxKeys: 4 }), (options) => {
        onlyMixstackErrors(build(options));
      }),
      { numRuns: 300 },
    );
  });

  test('valid options, alone or together with a platform that sets object storage', () => {
    fc.assert(
      fc.property(valid, fc.boolean(), (options, onGcs) => {
        const parts = onGcs ? [objectStoragePlatform('gke', 'gcs')] : [];
        const rendered = onlyMixstackErrors(build(options, parts));
        // The combinations it refuses are exactly the ones the cross-field checks name.
        const store = options.objectStorage?.type ?? (onGcs ? 'gcs' : 'local');
        const refused = store !== 'local' && !options.objectStorage?.bucket;
        expect(rendered).toBe(!refused);
      }),
      { numRuns: 200 },
    );
  });
});
