import { createStack, isMixstackError, type Part, render } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LokiOptions } from './config.js';
import { loki } from './index.js';
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
    render(createStack({}, [loki(options as LokiOptions), ...parts]));

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('15d', '0', '24h', 'gcs', 's3', 'files', 'api', '10Gi', 'acme-loki', '2024-04-01', 'ha'),
);
const loose = fc.oneof(scalar, fc.dictionary(fc.string(), scalar), fc.array(scalar));
const keys = [
  'image',
  'mode',
  'replicas',
  'replicationFactor',
  'resources',
  'storage',
  'objectStorage',
  'retention',
  'schemaFrom',
  'limits',
  'ruler',
  'collector',
  'networkPolicy',
  'nodeSelector',
  'logLevel',
] as const;

/** Valid options field by field (each may be left out); their combinations may still be wrong together. */
const valid = fc.record(
  {
    mode: fc.constantFrom('monolithic', 'ha'),
    replicas: fc.integer({ min: 1, max: 4 }),
    replicationFactor: fc.integer({ min: 1, max: 3 }),
    retention: fc.constantFrom('24h', '7d', '15d', '52w'),
    objectStorage: fc.record(
      { type: fc.constantFrom('filesystem', 'gcs', 's3'), bucket: fc.constantFrom('acme-loki', 'b-1') },
      { requiredKeys: [] },
    ),
    collector: fc.oneof(
      fc.constant(false),
      fc.record(
        {
          source: fc.constantFrom('api', 'files'),
          events: fc.boolean(),
          stages: fc.array(
            fc.oneof(
              fc.record({ type: fc.constant('json'), fields: fc.constant({ level: 'level' }) }),
              fc.record({ type: fc.constant('drop'), expression: fc.constantFrom('health', '^GET') }),
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('whatever it is given, loki() reports MixstackErrors with a fix and never throws anything else', () => {
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
        const store = options.objectStorage?.type ?? (onGcs ? 'gcs' : 'filesystem');
        const ha = options.mode === 'ha';
        const replicas = options.replicas ?? (ha ? 3 : 1);
        const refused =
          (store !== 'filesystem' && !options.objectStorage?.bucket) ||
          (replicas > 1 && store === 'filesystem') ||
          (ha
            ? replicas < 3 || (options.replicationFactor ?? 3) !== 3
            : (options.replicationFactor ?? 1) > replicas);
        expect(rendered).toBe(!refused);
      }),
      { numRuns: 200 },
    );
  });
});
