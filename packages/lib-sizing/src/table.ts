import type { Load } from './load.js';
import { type SizingPlan, sizingPlan } from './plan.js';
import { cpuQuantity, memoryQuantity, storageQuantity } from './quantities.js';

/** The loads of the README's table: a small, a medium and a large cluster. */
export const EXAMPLE_LOADS: Readonly<Record<'small' | 'medium' | 'large', Load>> = {
  small: { activeSeries: 10_000, logsGBPerDay: 1, spansPerSecond: 100, nodes: 3 },
  medium: { activeSeries: 1_000_000, logsGBPerDay: 50, spansPerSecond: 2_000, nodes: 30 },
  large: { activeSeries: 10_000_000, logsGBPerDay: 500, spansPerSecond: 20_000, nodes: 300 },
};

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The load in words: `1,000,000 series (33,333.3 samples/s), 50 GB/day of logs, 2,000 spans/s, 30 nodes, 15d`. */
export function loadSummary(plan: SizingPlan): string {
  const { load } = plan;
  return [
    `${number(load.activeSeries)} series (${number(load.samplesPerSecond)} samples/s)`,
    ...(load.logsGBPerDay !== undefined ? [`${number(load.logsGBPerDay)} GB/day of logs`] : []),
    ...(load.spansPerSecond !== undefined ? [`${number(load.spansPerSecond)} spans/s`] : []),
    // The nodes matter to the collector only, which the logs size.
    ...(load.logsGBPerDay !== undefined ? [`${load.nodes} nodes`] : []),
    `kept ${load.retention}`,
  ].join(', ');
}

/** One row per workload: component/workload, replicas, requests, memory limit, volume. */
export function planRows(plan: SizingPlan): string[][] {
  return plan.workloads.map((w) => [
    `${w.component}/${w.workload ?? w.container}`,
    w.replicasOption ? `${w.replicas} with ${w.replicasOption}` : String(w.replicas),
    w.cpu !== undefined ? cpuQuantity(w.cpu) : '–',
    w.memory !== undefined ? memoryQuantity(w.memory) : '–',
    w.memoryLimit !== undefined ? memoryQuantity(w.memoryLimit) : '–',
    w.storage !== undefined ? storageQuantity(w.storage) : '–',
    w.bucket !== undefined ? storageQuantity(w.bucket) : '–',
  ]);
}

/**
 * The README's sizing table, generated from `sizingPlan` for the example loads: a test compares
 * it with the README, and `UPDATE_README=1` writes it there.
 */
export function sizingTable(loads: Readonly<Record<string, Load>> = EXAMPLE_LOADS): string {
  const lines = [
    '| cluster | workload | replicas | CPU request | memory request | memory limit | volume (each) | bucket |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, load] of Object.entries(loads)) {
    const plan = sizingPlan(load);
    const rows = planRows(plan);
    rows.forEach((row, i) => {
      lines.push(`| ${i === 0 ? `**${name}**: ${loadSummary(plan)}` : ''} | ${row.join(' | ')} |`);
    });
  }
  return lines.join('\n');
}
