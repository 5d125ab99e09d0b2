import type { Dashboard } from '@mixstack/core';
import {
  graph,
  grpcPanels,
  httpPanels,
  rate,
  resourcesRow,
  series,
  share,
  stat,
  targetsUp,
  thanosDashboard,
} from './panels.js';

/**
 * Thanos / Query: the PromQL API (instant and range queries), the concurrency gate, the stores
 * Query reaches (connections, gRPC client, DNS of the endpoints), its own Store API, resources.
 * Read only here: `thanos_store_nodes_grpc_connections{store_type, external_labels}` (the
 * endpoint set's healthy connections, pkg/query/endpointset.go) and
 * `thanos_query_concurrent_gate_duration_seconds` (the wait at the gate, pkg/gate).
 */
export function queryDashboard(): Dashboard {
  return thanosDashboard(
    'Thanos / Query',
    'Thanos Query: the PromQL queries it answers, the stores it reads from, and its pods.',
    ['query'],
    [
      {
        title: 'Overview',
        panels: [
          targetsUp('query', 'Pods up'),
          stat({
            title: 'Stores connected',
            description:
              'Store API endpoints (sidecars, Store Gateways) Query has a healthy connection to, as the pod that sees the fewest reports it.',
            unit: 'none',
            query: { expr: `min(sum by (pod) (${series('query', 'thanos_store_nodes_grpc_connections')}))` },
          }),
        ],
      },
      { title: 'Instant queries', panels: httpPanels('query', 'Instant queries', 'query') },
      { title: 'Range queries', panels: httpPanels('query', 'Range queries', 'query_range') },
      {
        title: 'Concurrency',
        panels: [
          graph({
            title: 'Queries in flight',
            description:
              'Queries running at once against the limit of --query.max-concurrent, per pod (ThanosQueryOverload).',
            unit: 'short',
            queries: [
              {
                expr: `sum by (pod) (${series('query', 'thanos_query_concurrent_gate_queries_in_flight')})`,
                legend: 'in flight {{pod}}',
              },
              {
                expr: `max(${series('query', 'thanos_query_concurrent_gate_queries_max')})`,
                legend: 'limit',
              },
            ],
          }),
          graph({
            title: 'Wait at the gate',
            description: 'Average time a query waited for a slot of --query.max-concurrent.',
            unit: 's',
            queries: [
              {
                expr: `sum(${rate('query', 'thanos_query_concurrent_gate_duration_seconds_sum')}) / sum(${rate('query', 'thanos_query_concurrent_gate_duration_seconds_count')})`,
                legend: 'average',
              },
            ],
          }),
          graph({
            title: 'Endpoint DNS failures',
            description:
              'Share of the DNS lookups of the endpoints (dnssrv+ addresses of the sidecars and Store Gateway) that failed (ThanosQueryHighDNSFailures).',
            unit: 'percentunit',
            min: 0,
            queries: [
              {
                expr: share(
                  'pod',
                  rate('query', 'thanos_query_endpoints_dns_failures_total'),
                  rate('query', 'thanos_query_endpoints_dns_lookups_total'),
                ),
                legend: '{{pod}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Stores',
        panels: [
          graph(
            {
              title: 'Connected stores by type',
              description: 'Healthy Store API connections, by type of store (sidecar, store, query).',
              unit: 'short',
              queries: [
                {
                  expr: `max by (store_type) (sum by (pod, store_type) (${series('query', 'thanos_store_nodes_grpc_connections')}))`,
                  legend: '{{store_type}}',
                },
              ],
            },
            24,
          ),
          ...grpcPanels('query', 'client', 'Requests to the stores'),
        ],
      },
      { title: 'Store API served', panels: grpcPanels('query', 'server', 'Store API') },
      resourcesRow('query'),
    ],
  );
}
