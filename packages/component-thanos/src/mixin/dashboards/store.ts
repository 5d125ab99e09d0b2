import type { Dashboard } from '@mixstack/core';
import {
  bucketPanels,
  graph,
  grpcPanels,
  quantile,
  rate,
  resourcesRow,
  series,
  share,
  stat,
  targetsUp,
  thanosDashboard,
} from './panels.js';

/**
 * Thanos / Store: the Store API it serves to Query, the cost of its Series requests, its blocks,
 * index cache and bucket. Read only here (pkg/store/bucket.go, pkg/store/cache):
 * `thanos_bucket_store_blocks_loaded`, `thanos_bucket_store_block_loads_total`,
 * `thanos_bucket_store_block_load_failures_total`, `thanos_bucket_store_series_blocks_queried`
 * (its `_sum` and `_count`, a summary or a histogram depending on the release),
 * `thanos_bucket_store_series_get_all_duration_seconds`,
 * `thanos_bucket_store_series_merge_duration_seconds`,
 * `thanos_store_index_cache_requests_total` and `thanos_store_index_cache_hits_total{item_type}`.
 */
export function storeDashboard(): Dashboard {
  const blocksQueried = (suffix: string) =>
    rate('store', `thanos_bucket_store_series_blocks_queried_${suffix}`);
  return thanosDashboard(
    'Thanos / Store',
    'The Thanos Store Gateway: the long-term data it serves to Query from the bucket, what that costs, and its pods.',
    ['store'],
    [
      {
        title: 'Overview',
        panels: [
          targetsUp('store', 'Pods up'),
          stat({
            title: 'Blocks loaded',
            description: 'Blocks of the bucket the Store Gateway serves (all pods together).',
            unit: 'none',
            query: { expr: `sum(${series('store', 'thanos_bucket_store_blocks_loaded')})` },
          }),
        ],
      },
      { title: 'Store API', panels: grpcPanels('store', 'server', 'Store API') },
      {
        title: 'Series requests',
        panels: [
          graph({
            title: 'Blocks per request',
            description:
              'Average number of blocks a Series request touches: long ranges over raw data touch many.',
            unit: 'short',
            queries: [
              { expr: `sum(${blocksQueried('sum')}) / sum(${blocksQueried('count')})`, legend: 'average' },
            ],
          }),
          graph({
            title: 'Series request stages',
            description:
              '99th percentile of the time to fetch what a request needs from the blocks (get all) and to merge it, and of the wait for a slot (the gate, ThanosStoreSeriesGateLatencyHigh).',
            unit: 's',
            queries: [
              {
                expr: quantile(0.99, 'store', 'thanos_bucket_store_series_get_all_duration_seconds', ''),
                legend: 'get all',
              },
              {
                expr: quantile(0.99, 'store', 'thanos_bucket_store_series_merge_duration_seconds', ''),
                legend: 'merge',
              },
              {
                expr: quantile(0.99, 'store', 'thanos_bucket_store_series_gate_duration_seconds', ''),
                legend: 'gate',
              },
            ],
          }),
          graph({
            title: 'Index cache hit ratio',
            description:
              'Share of the index cache lookups that were hits, by item type (postings, series): low ratios mean reads from the bucket.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: share(
                  'item_type',
                  rate('store', 'thanos_store_index_cache_hits_total'),
                  rate('store', 'thanos_store_index_cache_requests_total'),
                ),
                legend: '{{item_type}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Blocks',
        panels: [
          graph(
            {
              title: 'Block loads',
              description:
                'Blocks per hour the Store Gateway loads from the bucket (new blocks from the sidecars and the Compactor), and the loads that failed.',
              unit: 'short',
              queries: [
                {
                  expr: `sum(${rate('store', 'thanos_bucket_store_block_loads_total')}) * 3600`,
                  legend: 'loads',
                },
                {
                  expr: `sum(${rate('store', 'thanos_bucket_store_block_load_failures_total')}) * 3600`,
                  legend: 'failures',
                },
              ],
            },
            24,
          ),
        ],
      },
      { title: 'Bucket', panels: bucketPanels('store') },
      resourcesRow('store'),
    ],
  );
}
