import { createStack, isMixstackError, type Part, render } from '@mixstack/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { PyroscopeOptions } from './config.js';
import { pyroscope } from './index.js';
import { collector, objectStoragePlatform } from './test-helpers.js';

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
    render(createStack({}, [pyroscope(options as PyroscopeOptions), ...parts]));

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('31d', '0', '1h', 'gcs', 's3', 'local', '10Gi', 'acme-profiles', 'eu-west-1'),
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
    retention: fc.constantFrom('1h', '24h', '7d', '2w', '31d', '1y'),
    objectStorage: fc.record(
      {
        type: fc.constantFrom('local', 'gcs', 's3'),
        bucket: fc.constantFrom('acme-profiles', 'b-1'),
        region: fc.constantFrom('eu-west-1', 'us-east-1'),
      },
      { requiredKeys: [] },
    ),
    collector: fc.oneof(
      fc.boolean(),
      fc.record({ scrape: fc.boolean(), ebpf: fc.boolean() }, { requiredKeys: [] }),
    ),
    networkPolicy: fc.record({ pushFromEveryNamespace: fc.boolean() }, { requiredKeys: [] }),
    logLevel: fc.constantFrom('debug', 'info', 'warn', 'error'),
  },
  { requiredKeys: [] },
);

describe('whatever it is given, pyroscope() reports MixstackErrors with a fix and never throws anything else', () => {
  test('any value in any option', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), loose, { maxKeys: 4 }), (options) => {
        onlyMixstackErrors(build(options));
      }),
      { numRuns: 300 },
    );
  });

  test('valid options, alone or together with a platform that sets object storage and a collector', () => {
    fc.assert(
      fc.property(valid, fc.boolean(), (options, onGcs) => {
        const parts = onGcs ? [objectStoragePlatform('gke', 'gcs'), collector()] : [];
        let pipeline: unknown;
        const rendered = onlyMixstackErrors(() => {
          pipeline = build(options, parts)().sections.collectorPipelines.profiles;
        });
        // The combinations it refuses are exactly the ones the cross-field checks name.
        const store = options.objectStorage?.type ?? (onGcs ? 'gcs' : 'local');
        const refused = store !== 'local' && !options.objectStorage?.bucket;
        expect(rendered).toBe(!refused);
        if (!rendered) return;
        // A pipeline exactly when one of its sources is on.
        const asked = options.collector;
        const sources =
          asked === false
            ? []
            : [
                typeof asked === 'object' && asked.scrape === false ? undefined : 'scrape',
                typeof asked === 'object' && asked.ebpf === true ? 'ebpf' : undefined,
              ].filter(Boolean);
        expect(pipeline !== undefined).toBe(sources.length > 0);
      }),
      { numRuns: 200 },
    );
  });
});
