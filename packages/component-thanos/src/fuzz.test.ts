import { createStack, isMixstackError, type Part, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import type { ThanosOptions } from './config.js';
import { thanos } from './index.js';
import { objectStoragePlatform, prometheusStandIn } from './test-helpers.js';

/**
 * Options drawn at random from a seeded generator (a small one of its own: the package declares
 * no property-testing library), so that a failure is reproduced by its seed and run number.
 */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const maybe = <T>(value: () => T): T | undefined => (next() < 0.5 ? value() : undefined);
  return { next, pick, maybe };
}

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
    render(createStack({}, [thanos(options as ThanosOptions), prometheusStandIn(), ...parts]));

const SCALARS = [
  '',
  'x',
  '7d',
  '0',
  '0d',
  '1h',
  '40h',
  '250MB',
  'gcs',
  's3',
  'filesystem',
  '10Gi',
  'acme-thanos',
  'eu-west-1',
  -1,
  0,
  1,
  2,
  25,
  1.5,
  true,
  false,
  null,
  undefined,
  [],
  {},
];
const KEYS = [
  'image',
  'objectStorage',
  'sidecar',
  'query',
  'queryFrontend',
  'store',
  'compact',
  'networkPolicy',
  'nodeSelector',
  'logLevel',
  'enabled',
];
const FIELDS = [
  'enabled',
  'replicas',
  'resources',
  'replicaLabels',
  'endpoints',
  'splitInterval',
  'cacheSize',
  'storage',
  'indexCacheSize',
  'retention',
  'downsampling',
  'type',
  'bucket',
  'region',
  'raw',
  'fiveMinutes',
  'oneHour',
];

describe('whatever it is given, thanos() reports MixstackErrors with a fix and never throws anything else', () => {
  test('any value in any option, one level down too', () => {
    const g = generator(20);
    const loose = (depth: number): unknown =>
      depth > 0 && g.next() < 0.4
        ? Object.fromEntries(
            Array.from({ length: 1 + Math.floor(g.next() * 3) }, () => [g.pick(FIELDS), loose(depth - 1)]),
          )
        : g.pick(SCALARS);
    for (let run = 0; run < 120; run++) {
      const options = Object.fromEntries(
        Array.from({ length: Math.floor(g.next() * 4) }, () => [g.pick(KEYS), loose(2)]),
      );
      onlyMixstackErrors(build(options));
    }
  });

  test('valid options field by field: refused exactly when the bucket is missing or a retention deletes data early', () => {
    const g = generator(7);
    const durations = ['1d', '40h', '2d', '7d', '10d', '14d', '30d', '90d', '180d', '1y', '0d'];
    const seconds = (d: string) => {
      const n = Number.parseInt(d, 10);
      const unit = d.replace(/^[0-9]+/, '');
      const s = n * ({ h: 3600, d: 86400, y: 365 * 86400 } as Record<string, number>)[unit]!;
      return s === 0 ? Number.POSITIVE_INFINITY : s;
    };
    for (let run = 0; run < 150; run++) {
      const retention = {
        raw: g.pick(durations),
        fiveMinutes: g.pick(durations),
        oneHour: g.pick(durations),
      };
      const downsampling = g.pick([true, false]);
      const objectStorage = g.maybe(() => ({
        type: g.pick(['filesystem', 'gcs', 's3'] as const),
        ...g.maybe(() => ({ bucket: 'acme-thanos' })),
      }));
      const onGcs = g.pick([true, false]);
      const options = { compact: { retention, downsampling }, ...(objectStorage ? { objectStorage } : {}) };
      const rendered = onlyMixstackErrors(build(options, onGcs ? [objectStoragePlatform('gke', 'gcs')] : []));
      const store = objectStorage?.type ?? (onGcs ? 'gcs' : 'filesystem');
      const noBucket = store !== 'filesystem' && !(objectStorage as { bucket?: string } | undefined)?.bucket;
      const [raw, fiveM, oneH] = [
        seconds(retention.raw),
        seconds(retention.fiveMinutes),
        seconds(retention.oneHour),
      ];
      const early =
        downsampling &&
        ((raw < 40 * 3600 && Math.max(fiveM, oneH) > raw) || (fiveM < 10 * 86400 && oneH > fiveM));
      expect([run, rendered]).toEqual([run, !noBucket && !early]);
    }
  });
});
