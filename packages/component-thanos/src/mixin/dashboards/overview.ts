import type { Dashboard } from '@mixstack/core';
import type { ThanosPart } from '../../jobs.js';
import { GRPC_SERVER_FAILURE } from '../selectors.js';
import { graph, quantile, rate, series, share, stat, targetsUp, thanosDashboard } from './panels.js';

/** Every part: the overview's cluster variable lists the clusters of any of them. */
const PARTS: readonly ThanosPart[] = ['query', 'queryFrontend', 'store', 'compact', 'sidecar'];

/**
 * Thanos / Overview: is every part up, and the one or two numbers that say each part does its
 * job (queries answered, long-term data served, compaction running, blocks shipped). Each panel
 * reads one part, so a stack without the part has no panel of it. The dashboards of the parts
 * tell more (linked in the dropdown).
 */
export function overviewDashboard(): Dashboard {
  const queries = (...m: string[]) =>
    rate('query', 'http_requests_total', 'handler=~"query|query_range"', ...m);
  const storeApi = (metric: string, ...m: string[]) => rate('store', metric, ...m);
  return thanosDashboard(
    'Thanos / Overview',
    'Every part of Thanos at a glance: up, queries answered, long-term data served, compaction, blocks shipped.',
    PARTS,
    [
      {
        title: 'Up',
        panels: [
          targetsUp('query', 'Query'),
          targetsUp('queryFrontend', 'Query Frontend'),
          targetsUp('store', 'Store Gateway'),
          targetsUp('compact', 'Compactor'),
          targetsUp('sidecar', 'Sidecars'),
          stat({
            title: 'Compactor halted',
            description: '1 when the Compactor halted on an error it cannot retry (ThanosCompactHalted).',
            unit: 'none',
            query: { expr: `max(${series('compact', 'thanos_compact_halted')})` },
            thresholds: [[1, 'red']],
          }),
        ],
      },
      {
        title: 'Query',
        panels: [
          graph({
            title: 'Queries',
            description: 'Instant and range queries per second Thanos Query answers, by handler.',
            unit: 'reqps',
            queries: [{ expr: `sum by (handler) (${queries()})`, legend: '{{handler}}' }],
          }),
          graph({
            title: 'Query errors',
            description: 'Share of the instant and range queries answered with a 5xx status.',
            unit: 'percentunit',
            min: 0,
            queries: [{ expr: share('handler', queries('code=~"5.."'), queries()), legend: '{{handler}}' }],
          }),
          graph({
            title: 'Query latency (p99)',
            description: '99th percentile of the time Thanos Query takes to answer, by handler.',
            unit: 's',
            queries: [
              {
                expr: quantile(
                  0.99,
                  'query',
                  'http_request_duration_seconds',
                  'handler',
                  'handler=~"query|query_range"',
                ),
                legend: '{{handler}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Query Frontend',
        panels: [
          graph(
            {
              title: 'Frontend requests',
              description: 'Requests per second the Query Frontend takes in, by status code.',
              unit: 'reqps',
              queries: [
                {
                  expr: `sum by (code) (${rate('queryFrontend', 'http_requests_total')})`,
                  legend: '{{code}}',
                },
              ],
            },
            24,
          ),
        ],
      },
      {
        title: 'Store Gateway',
        panels: [
          graph({
            title: 'Store API requests',
            description: 'gRPC requests per second the Store Gateway serves to Query, by method.',
            unit: 'reqps',
            queries: [
              {
                expr: `sum by (grpc_method) (${storeApi('grpc_server_started_total')})`,
                legend: '{{grpc_method}}',
              },
            ],
          }),
          graph({
            title: 'Store API errors',
            description: 'Share of the gRPC requests the Store Gateway failed (ThanosStoreGrpcErrorRate).',
            unit: 'percentunit',
            min: 0,
            queries: [
              {
                expr: share(
                  'grpc_method',
                  storeApi('grpc_server_handled_total', GRPC_SERVER_FAILURE),
                  storeApi('grpc_server_started_total'),
                ),
                legend: '{{grpc_method}}',
              },
            ],
          }),
          graph({
            title: 'Bucket operation failures',
            description:
              "Share of the Store Gateway's operations on the bucket that failed (ThanosStoreBucketHighOperationFailures).",
            unit: 'percentunit',
            min: 0,
            queries: [
              {
                expr: share(
                  'operation',
                  rate('store', 'thanos_objstore_bucket_operation_failures_total'),
                  rate('store', 'thanos_objstore_bucket_operations_total'),
                ),
                legend: '{{operation}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Compactor and sidecars',
        panels: [
          graph(
            {
              title: 'Compactions',
              description: 'Compactions per hour that produced a block, and the failed ones.',
              unit: 'short',
              queries: [
                {
                  expr: `sum(${rate('compact', 'thanos_compact_group_compactions_total')}) * 3600`,
                  legend: 'compactions',
                },
                {
                  expr: `sum(${rate('compact', 'thanos_compact_group_compactions_failures_total')}) * 3600`,
                  legend: 'failures',
                },
              ],
            },
            12,
          ),
          graph(
            {
              title: 'Blocks shipped',
              description:
                'Blocks per hour the sidecars upload to the bucket, by cluster (one per Prometheus replica every 2 hours).',
              unit: 'short',
              queries: [
                {
                  expr: `sum by (cluster) (${rate('sidecar', 'thanos_shipper_uploads_total')}) * 3600`,
                  legend: 'uploads {{cluster}}',
                },
                {
                  expr: `sum by (cluster) (${rate('sidecar', 'thanos_shipper_upload_failures_total')}) * 3600`,
                  legend: 'failures {{cluster}}',
                },
              ],
            },
            12,
          ),
        ],
      },
    ],
  );
}
