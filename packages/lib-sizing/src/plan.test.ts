import { describe, expect, test } from 'vitest';
import type { Load } from './load.js';
import { type SizingPlan, sizingPlan, type WorkloadPlan } from './plan.js';
import { EXAMPLE_LOADS } from './table.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const workload = (plan: SizingPlan, id: string): WorkloadPlan => {
  const found = plan.workloads.find((w) => `${w.component}/${w.workload ?? w.container}` === id);
  if (!found) throw new Error(`no ${id} in the plan`);
  return found;
};

describe('the plan holds to the upstream figures it cites', () => {
  test("Prometheus' memory: about 3 kB per series in the head (10M series ≈ 30 GB)", () => {
    const large = workload(sizingPlan({ activeSeries: 10_000_000 }), 'prometheus/server');
    // 10M × 3 KiB ≈ 28.6 GiB, plus the process' own 256 MiB, rounded up to 64 MiB.
    expect(large.memory! * MiB).toBeGreaterThanOrEqual(10_000_000 * 3 * 1024);
    expect(large.memory! * MiB).toBeLessThan(10_000_000 * 3 * 1024 + 320 * MiB);
    expect(large.memoryLimit).toBe(large.memory! * 2);
  });

  test("Prometheus' volume: retention × samples/s × 2 bytes, plus three hours of WAL", () => {
    const medium = workload(sizingPlan({ activeSeries: 1_000_000, retention: '15d' }), 'prometheus/server');
    const samplesPerSecond = 1_000_000 / 30;
    const blocks = 15 * 86_400 * samplesPerSecond * 2;
    const wal = 3 * 3600 * samplesPerSecond * 13;
    expect(medium.storage).toBe(Math.ceil((blocks + wal) / GiB));
    // Twice the retention, twice the blocks.
    const longer = workload(sizingPlan({ activeSeries: 1_000_000, retention: '30d' }), 'prometheus/server');
    expect(longer.storage).toBe(Math.ceil((2 * blocks + wal) / GiB));
    expect(medium.storageOption).toBe(`prometheus({ storage: { size: '${medium.storage}Gi' } })`);
  });

  test('samples per second: the series over the scrape interval, unless given', () => {
    expect(sizingPlan({ activeSeries: 30_000 }).load.samplesPerSecond).toBe(1000);
    expect(sizingPlan({ activeSeries: 30_000, scrapeInterval: '15s' }).load.samplesPerSecond).toBe(2000);
    expect(sizingPlan({ activeSeries: 30_000, samplesPerSecond: 5000 }).load.samplesPerSecond).toBe(5000);
    const cpu = (load: Load) => workload(sizingPlan(load), 'prometheus/server').cpu!;
    // 0.4 cores per 16,667 samples/s, doubled for rules and queries: 2 × 0.4 × 6 = 4.8 cores at 100k/s.
    expect(cpu({ activeSeries: 1, samplesPerSecond: 100_000 })).toBe(4800);
  });

  test('Loki: one monolithic pod up to ~20 GB a day, three (HA, with a bucket) beyond, with a warning', () => {
    const at = (logsGBPerDay: number) => sizingPlan({ activeSeries: 1000, logsGBPerDay, retention: '10d' });
    const twenty = at(20);
    expect(workload(twenty, 'loki/loki')).toMatchObject({
      replicas: 1,
      storage: Math.ceil((20e9 * 10) / GiB),
    });
    expect(twenty.warnings).toEqual([]);
    const more = at(21);
    expect(workload(more, 'loki/loki')).toMatchObject({
      replicasOption: "loki({ mode: 'ha', objectStorage })",
      replicas: 3,
      storage: 50,
      bucket: Math.ceil((21e9 * 10) / GiB),
    });
    expect(more.warnings).toEqual([expect.stringContaining('which need a bucket')]);
  });

  test("Loki: 3.8 CPU and 8 GiB per MiB/s (41.5 CPU and 87.5 GiB for ~11 MiB/s in Grafana's values)", () => {
    const mibPerSecond = 11;
    const gbPerDay = (mibPerSecond * MiB * 86_400) / 1e9;
    const loki = workload(sizingPlan({ activeSeries: 1, logsGBPerDay: gbPerDay }), 'loki/loki');
    expect(loki.cpu).toBe(41_500);
    expect(loki.memory! * MiB).toBeGreaterThanOrEqual(87.5 * GiB + 256 * MiB);
    expect(loki.memory! * MiB).toBeLessThan(87.5 * GiB + 320 * MiB);
  });

  test("Tempo: ~500 bytes a span; past one ingester's 3 MB/s the plan says distributed mode", () => {
    const at = (spansPerSecond: number) => sizingPlan({ activeSeries: 1, spansPerSecond, retention: '1d' });
    expect(at(6000).warnings).toEqual([]);
    expect(at(6002).warnings).toEqual([
      expect.stringContaining('distributed mode, tempo({ kafka: { address } })'),
    ]);
    const tempo = workload(at(6000), 'tempo/tempo');
    expect(tempo.storage).toBe(Math.ceil((6000 * 500 * 86_400) / GiB));
    // 3 MB/s: a distributor's 2/10 CPU and an ingester's 2.5/3 per MB/s.
    expect(tempo.cpu).toBe(3100); // 3 × (0.2 + 0.8333) = 3.1 cores
  });

  test("the collector: 1 core and 120 MiB per MiB/s of its node's logs, over its own 50m / 128Mi", () => {
    const gbPerDay = (MiB * 86_400 * 10) / 1e9; // 1 MiB/s on each of 10 nodes
    const alloy = workload(sizingPlan({ activeSeries: 1, logsGBPerDay: gbPerDay, nodes: 10 }), 'alloy/alloy');
    expect(alloy).toMatchObject({ replicas: 'per node', cpu: 1050, memory: 256, memoryLimit: 512 });
  });

  test("Thanos: the compactor's ~100 GB floor, two weeks of one stream twice above it; two queriers", () => {
    const compact = (activeSeries: number) => workload(sizingPlan({ activeSeries }), 'thanos/compact');
    expect(compact(10_000)).toMatchObject({ storage: 100, cpu: 1000, replicas: 1 });
    const samplesPerSecond = 10_000_000 / 30;
    expect(compact(10_000_000).storage).toBe(Math.ceil((2 * 14 * 86_400 * samplesPerSecond * 2) / GiB));
    expect(workload(sizingPlan({ activeSeries: 1 }), 'thanos/query').replicas).toBe(2);
    // Index cache (250MB) and chunk pool (2GB) at most in memory, over the process.
    expect(workload(sizingPlan({ activeSeries: 1 }), 'thanos/store').memory! * MiB).toBeGreaterThanOrEqual(
      2.25e9 + 256 * MiB,
    );
  });

  test('a signal without its load leaves its components out of the plan', () => {
    const ids = (load: Load) => sizingPlan(load).workloads.map((w) => w.component);
    expect(new Set(ids({ activeSeries: 1000 }))).toEqual(new Set(['prometheus', 'thanos']));
    expect(new Set(ids({ activeSeries: 1000, spansPerSecond: 10 }))).toEqual(
      new Set(['prometheus', 'thanos', 'tempo']),
    );
    expect(new Set(ids(EXAMPLE_LOADS.small))).toEqual(
      new Set(['prometheus', 'thanos', 'loki', 'tempo', 'alloy']),
    );
  });
});

// More load never gives less: a property over generated loads, in monotonic.test.ts.
describe('the plan', () => {
  test('the plan is pure: the same load, the same plan', () => {
    expect(sizingPlan(EXAMPLE_LOADS.medium)).toEqual(sizingPlan({ ...EXAMPLE_LOADS.medium }));
  });
});
