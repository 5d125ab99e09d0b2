/**
 * More load never gives less: over generated loads, growing the active series, the logs or the
 * spans never gives any workload of the plan fewer replicas, less CPU or memory, or less room for
 * its data. A plan that shrank as the cluster grew would size a growing cluster down.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Load } from './load.js';
import { type SizingPlan, sizingPlan, type WorkloadPlan } from './plan.js';
import { workloadId } from './real-stack.test-helpers.js';

/** The fields of the load that are load: the others say how it is scraped, kept and spread. */
const GROWING = ['activeSeries', 'logsGBPerDay', 'spansPerSecond'] as const;
type Growing = (typeof GROWING)[number];

const defined = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

/** Valid loads, from a handful of series to a billion, each optional field sometimes left out. */
const loads: fc.Arbitrary<Load> = fc
  .record({
    activeSeries: fc.integer({ min: 1, max: 1_000_000_000 }),
    samplesPerSecond: fc.option(fc.double({ min: 0.001, max: 1e8, noNaN: true }), { nil: undefined }),
    scrapeInterval: fc.option(fc.constantFrom('5s', '15s', '30s', '1m', '5m'), { nil: undefined }),
    logsGBPerDay: fc.option(fc.double({ min: 0.001, max: 1e5, noNaN: true }), { nil: undefined }),
    spansPerSecond: fc.option(fc.double({ min: 0.001, max: 1e7, noNaN: true }), { nil: undefined }),
    retention: fc.option(
      fc.oneof(
        fc.integer({ min: 1, max: 72 }).map((h) => `${h}h`),
        fc.integer({ min: 1, max: 3650 }).map((d) => `${d}d`),
      ),
      { nil: undefined },
    ),
    nodes: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  })
  .map(defined);

/** The load with one of its load fields grown by a factor (a field left out stays out). */
function grown(load: Load, field: Growing, factor: number): Load {
  const value = load[field];
  if (value === undefined) return load;
  const more = value * factor;
  return {
    ...load,
    [field]: field === 'activeSeries' ? Math.min(Number.MAX_SAFE_INTEGER, Math.ceil(more)) : more,
  };
}

const pods = (w: WorkloadPlan) => (typeof w.replicas === 'number' ? w.replicas : 1);
/** All the room a workload asks for its data: each pod's volume, and its bucket. */
const storedGiB = (w: WorkloadPlan) => (w.storage ?? 0) * pods(w) + (w.bucket ?? 0);

/** What went down from one plan to the next, per workload: empty when nothing did. */
function shrunk(before: SizingPlan, after: SizingPlan): string[] {
  const bigger = new Map(after.workloads.map((w) => [workloadId(w), w]));
  const out: string[] = [];
  for (const b of before.workloads) {
    const id = workloadId(b);
    const a = bigger.get(id);
    if (!a) {
      out.push(`${id} left the plan`);
      continue;
    }
    const less = (what: string, x: number | undefined, y: number | undefined) => {
      if ((y ?? 0) < (x ?? 0)) out.push(`${id} ${what} ${x} → ${y}`);
    };
    if (typeof b.replicas === 'number' && typeof a.replicas === 'number')
      less('replicas', b.replicas, a.replicas);
    else if (b.replicas !== a.replicas) out.push(`${id} replicas ${b.replicas} → ${a.replicas}`);
    less('cpu', b.cpu, a.cpu);
    less('memory', b.memory, a.memory);
    less('memory limit', b.memoryLimit, a.memoryLimit);
    less('bucket', b.bucket, a.bucket);
    less('stored', storedGiB(b), storedGiB(a));
    // Each pod's volume may only shrink where its data moves to a bucket: Loki past its
    // monolithic volume keeps its chunks in one, and its pods' volumes hold WAL and caches.
    if ((b.bucket === undefined) === (a.bucket === undefined)) less('volume', b.storage, a.storage);
  }
  return out;
}

describe('more load never gives less', () => {
  test('growing the series, the logs or the spans: no workload gets fewer pods, less CPU or memory, or less room for its data', () => {
    let moved = 0;
    fc.assert(
      fc.property(
        loads,
        fc.constantFrom(...GROWING),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (load, field, factor) => {
          const before = sizingPlan(load);
          const after = sizingPlan(grown(load, field, factor));
          expect(shrunk(before, after)).toEqual([]);
          if (JSON.stringify(after.workloads) !== JSON.stringify(before.workloads)) moved++;
        },
      ),
      { numRuns: 2000 },
    );
    // Not vacuous: the generated growth does move the plan (past the floors of small loads).
    expect(moved).toBeGreaterThan(100);
  });

  test('a plan that grows past a documented mode never drops a warning it gave', () => {
    fc.assert(
      fc.property(
        loads,
        fc.constantFrom(...GROWING),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (load, field, factor) => {
          const kinds = (plan: SizingPlan) => plan.warnings.map((w) => w.slice(0, w.indexOf(':')));
          const after = kinds(sizingPlan(grown(load, field, factor)));
          for (const kind of kinds(sizingPlan(load))) expect(after).toContain(kind);
        },
      ),
      { numRuns: 500 },
    );
  });

  type Dimension = 'cpu' | 'memory' | 'stored';
  test.each<[Growing, string, Dimension[]]>([
    ['activeSeries', 'prometheus/server', ['cpu', 'memory', 'stored']],
    ['activeSeries', 'thanos/compact', ['stored']],
    ['logsGBPerDay', 'loki/loki', ['cpu', 'memory', 'stored']],
    ['logsGBPerDay', 'alloy/alloy', ['cpu', 'memory']],
    ['spansPerSecond', 'tempo/tempo', ['cpu', 'memory', 'stored']],
  ])('a thousand times the %s: %s gets strictly more %j', (field, id, dimensions) => {
    const load: Load = { activeSeries: 1_000_000, logsGBPerDay: 10, spansPerSecond: 1000 };
    const size = (plan: SizingPlan): Record<Dimension, number> => {
      const w = plan.workloads.find((x) => workloadId(x) === id)!;
      return { cpu: w.cpu ?? 0, memory: w.memory ?? 0, stored: storedGiB(w) };
    };
    const before = size(sizingPlan(load));
    const after = size(sizingPlan(grown(load, field, 1000)));
    for (const dimension of dimensions)
      expect(after[dimension], dimension).toBeGreaterThan(before[dimension]);
  });
});
