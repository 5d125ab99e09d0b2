import type { Dashboard } from '@mixstack/core';
import {
  bucketPanels,
  graph,
  rate,
  resourcesRow,
  series,
  stat,
  targetsUp,
  thanosDashboard,
} from './panels.js';

/**
 * Thanos / Compact: whether the Compactor runs (halted, iterations, last upload), what it
 * compacts, downsamples and deletes, its bucket and its pods. Read only here
 * (cmd/thanos/compact.go, cmd/thanos/downsample.go, pkg/compact): `thanos_compact_iterations_total`
 * (successful loops), `thanos_compact_downsample_total` and
 * `thanos_compact_downsample_failures_total{resolution}`, `thanos_compact_blocks_cleaned_total`
 * (blocks deleted after --delete-delay), `thanos_compact_blocks_marked_total` (marked for
 * deletion or no-compaction).
 */
export function compactDashboard(): Dashboard {
  const perHour = (metric: string, by = '') =>
    `sum${by ? ` by (${by})` : ''}(${rate('compact', metric)}) * 3600`;
  return thanosDashboard(
    'Thanos / Compact',
    'The Thanos Compactor: whether it runs, what it compacts, downsamples and deletes, its bucket and its pod.',
    ['compact'],
    [
      {
        title: 'Overview',
        panels: [
          targetsUp('compact', 'Pods up'),
          stat({
            title: 'Halted',
            description:
              '1 when the Compactor halted on an error it cannot retry (ThanosCompactHalted): nothing is compacted until it is fixed.',
            unit: 'none',
            query: { expr: `max(${series('compact', 'thanos_compact_halted')})` },
            thresholds: [[1, 'red']],
          }),
          stat({
            title: 'Last upload',
            description:
              'Time since the Compactor last uploaded a block (ThanosCompactHasNotRun past a day).',
            unit: 's',
            query: {
              expr: `time() - max(${series('compact', 'thanos_objstore_bucket_last_successful_upload_time')})`,
            },
            thresholds: [[86400, 'red']],
          }),
        ],
      },
      {
        title: 'Compaction',
        panels: [
          graph({
            title: 'Iterations',
            description:
              'Successful loops of compaction, downsampling and retention per hour (one every --wait-interval).',
            unit: 'short',
            queries: [{ expr: perHour('thanos_compact_iterations_total'), legend: 'iterations' }],
          }),
          graph({
            title: 'Compactions',
            description:
              'Compactions per hour that produced a block, and the failed ones (ThanosCompactHighCompactionFailures).',
            unit: 'short',
            queries: [
              { expr: perHour('thanos_compact_group_compactions_total'), legend: 'compactions' },
              { expr: perHour('thanos_compact_group_compactions_failures_total'), legend: 'failures' },
            ],
          }),
          graph({
            title: 'Downsampling',
            description:
              'Downsamplings per hour by source resolution (raw to 5m past 40 hours, 5m to 1h past 10 days), and the failed ones.',
            unit: 'short',
            queries: [
              { expr: perHour('thanos_compact_downsample_total', 'resolution'), legend: '{{resolution}}' },
              {
                expr: perHour('thanos_compact_downsample_failures_total', 'resolution'),
                legend: 'failures {{resolution}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Retention and deletion',
        panels: [
          graph(
            {
              title: 'Blocks marked and deleted',
              description:
                'Blocks per hour marked (for deletion by retention or after compaction, or not to compact) and deleted once --delete-delay passed.',
              unit: 'short',
              queries: [
                {
                  expr: perHour('thanos_compact_blocks_marked_total', 'marker'),
                  legend: 'marked {{marker}}',
                },
                { expr: perHour('thanos_compact_blocks_cleaned_total'), legend: 'deleted' },
              ],
            },
            24,
          ),
        ],
      },
      { title: 'Bucket', panels: bucketPanels('compact') },
      resourcesRow('compact'),
    ],
  );
}
