import type { PanelSpec } from '@mixstack/kit';
import { rate, sumBy } from './promql.js';

/**
 * Memory, CPU and goroutines of Go processes (every component here is one), by the label
 * that tells the processes apart (`instance`, `pod`).
 */
export function processPanels(selector: string, by: string, what: string): PanelSpec[] {
  const legend = `{{${by}}}`;
  return [
    {
      kind: 'timeseries',
      title: 'Memory (resident)',
      description: `Resident memory of each ${what} process: compare with its memory limit.`,
      unit: 'bytes',
      width: 8,
      min: 0,
      queries: [{ expr: sumBy([by], `process_resident_memory_bytes${selector}`), legend }],
    },
    {
      kind: 'timeseries',
      title: 'CPU',
      description: `CPU cores each ${what} process uses.`,
      unit: 'short',
      width: 8,
      min: 0,
      queries: [{ expr: sumBy([by], rate('process_cpu_seconds_total', selector)), legend }],
    },
    {
      kind: 'timeseries',
      title: 'Goroutines',
      description: `Goroutines of each ${what} process: a steady climb points to a leak (often requests that hang).`,
      unit: 'short',
      width: 8,
      min: 0,
      queries: [{ expr: sumBy([by], `go_goroutines${selector}`), legend }],
    },
  ];
}
