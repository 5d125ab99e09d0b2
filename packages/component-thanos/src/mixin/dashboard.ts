import type { Dashboard } from '@mixstack/core';
import { buildDashboard, datasourceVariable } from '@mixstack/kit';
import { JOB } from './alerts.js';

export const DASHBOARD_FILE = 'thanos.json';

/** The overview: is it up, and what does it use. Its PromQL is parsed when the stack renders. */
export function thanosDashboard(): Dashboard {
  return buildDashboard({
    title: 'Thanos',
    description: 'Is Thanos up, and how much memory and CPU do its pods use?',
    tag: 'thanos',
    variables: [datasourceVariable()],
    rows: [
      {
        panels: [
          {
            kind: 'stat',
            title: 'Targets up',
            description: 'Pods of Thanos that answered their last scrape.',
            unit: 'none',
            width: 6,
            query: { expr: `sum(up{${JOB}})` },
          },
          {
            kind: 'timeseries',
            title: 'Memory',
            description: 'Resident memory of each pod.',
            unit: 'bytes',
            width: 9,
            queries: [{ expr: `process_resident_memory_bytes{${JOB}}`, legend: '{{pod}}' }],
          },
          {
            kind: 'timeseries',
            title: 'CPU',
            description: 'CPU time of each pod, in cores.',
            unit: 'short',
            width: 9,
            queries: [{ expr: `rate(process_cpu_seconds_total{${JOB}}[5m])`, legend: '{{pod}}' }],
          },
        ],
      },
    ],
  });
}
