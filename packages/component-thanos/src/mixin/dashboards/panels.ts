import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  type PanelSpec,
  queryVariable,
  type RowSpec,
  type StatSpec,
  type TimeseriesSpec,
} from '@mixstack/kit';
import { JOBS, type ThanosPart } from '../../jobs.js';
import { GRPC_SERVER_FAILURE, JOB } from '../selectors.js';

/**
 * What every Thanos dashboard is built from: the `cluster` variable, the scope of a part's
 * series, and the panels several dashboards share (HTTP, gRPC, bucket, resources). Each panel
 * selects the exact job of one part, so that a part turned off takes its panels along.
 */

/** The mixin's tag: its dashboards link to each other through it. */
export const TAG = 'thanos';
export const LINK_TITLE = 'Thanos dashboards';

/**
 * The chosen cluster. Several clusters' series meet behind one Thanos Query (each carries its
 * Prometheus' external `cluster` label); in one Prometheus they carry none. The variable's "All"
 * matches `.*`, which also matches a series without the label, and is the default: every panel
 * has data with or without clusters, and a fleet's user picks one.
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** The series of one part in the chosen cluster: `{cluster=~"$cluster", job="thanos-query"}`. */
export const scopeOf = (part: ThanosPart): string => `${CLUSTER}, ${JOB[part]}`;

/**
 * The legend of a series per pod: pods of several clusters share names (every cluster's
 * Prometheus is `prometheus-k8s-0`), so the cluster follows when there is one.
 */
export const POD_LEGEND = '{{pod}} {{cluster}}';

/** `metric{cluster=~"$cluster", job="...", <matchers>}`. */
export const series = (part: ThanosPart, metric: string, ...matchers: string[]): string =>
  `${metric}{${[scopeOf(part), ...matchers].join(', ')}}`;

/** `rate(<series>[$__rate_interval])`. */
export const rate = (part: ThanosPart, metric: string, ...matchers: string[]): string =>
  `rate(${series(part, metric, ...matchers)}[$__rate_interval])`;

/** A quantile of a histogram, per `by` (besides `le`). */
export const quantile = (q: number, part: ThanosPart, metric: string, by: string, ...matchers: string[]) =>
  `histogram_quantile(${q}, sum by (${by ? `${by}, ` : ''}le) (${rate(part, `${metric}_bucket`, ...matchers)}))`;

/**
 * The share of `failed` in `all` per `by`; a group without failures shows 0, not a gap (its
 * failures, or else its requests times 0).
 */
export const share = (by: string, failed: string, all: string): string =>
  `(sum by (${by}) (${failed}) or sum by (${by}) (${all}) * 0) / sum by (${by}) (${all})`;

/**
 * The `cluster` variable, from the build info of the parts the dashboard shows (every Thanos
 * binary exposes `thanos_build_info`).
 */
export function clusterVariable(parts: readonly ThanosPart[]) {
  const job = parts.length === 1 ? JOB[parts[0]!] : `job=~"${parts.map((p) => JOBS[p]).join('|')}"`;
  return queryVariable('cluster', 'Cluster', `thanos_build_info{${job}}`, 'cluster', { allValue: '.*' });
}

export const graph = (spec: Omit<TimeseriesSpec, 'kind' | 'width'>, width = 8): TimeseriesSpec => ({
  kind: 'timeseries',
  width,
  ...spec,
});

export const stat = (spec: Omit<StatSpec, 'kind' | 'width'>, width = 4): StatSpec => ({
  kind: 'stat',
  width,
  ...spec,
});

/** A dashboard of the mixin: its title, the datasource and cluster variables, its rows. */
export function thanosDashboard(
  title: string,
  description: string,
  parts: readonly ThanosPart[],
  rows: RowSpec[],
): Dashboard {
  return buildDashboard({
    title,
    description,
    tag: TAG,
    linkTitle: LINK_TITLE,
    variables: [datasourceVariable(), clusterVariable(parts)],
    rows,
  });
}

/** Requests per second by handler and code, the share of server errors, and the latency by handler. */
export function httpPanels(part: ThanosPart, what: string, handlers: string): PanelSpec[] {
  const handler = `handler=~"${handlers}"`;
  const requests = (...m: string[]) => rate(part, 'http_requests_total', handler, ...m);
  return [
    graph({
      title: `${what}: requests`,
      description: `${what} per second, by HTTP handler and status code.`,
      unit: 'reqps',
      stack: true,
      queries: [{ expr: `sum by (handler, code) (${requests()})`, legend: '{{handler}} {{code}}' }],
    }),
    graph({
      title: `${what}: server errors`,
      description: `Share of the ${what.toLowerCase()} answered with a 5xx status, by handler.`,
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: share('handler', requests('code=~"5.."'), requests()), legend: '{{handler}}' }],
    }),
    graph({
      title: `${what}: latency`,
      description: `99th and 50th percentile of the time to answer, by handler.`,
      unit: 's',
      queries: [
        {
          expr: quantile(0.99, part, 'http_request_duration_seconds', 'handler', handler),
          legend: 'p99 {{handler}}',
        },
        {
          expr: quantile(0.5, part, 'http_request_duration_seconds', 'handler', handler),
          legend: 'p50 {{handler}}',
        },
      ],
    }),
  ];
}

/**
 * gRPC requests a part serves (`server`: the Store API to Query) or sends (`client`: Query to
 * its stores): rate by method and code, the share of failures, the latency by method.
 */
export function grpcPanels(part: ThanosPart, side: 'server' | 'client', what: string): PanelSpec[] {
  const started = rate(part, `grpc_${side}_started_total`);
  const failed =
    side === 'server'
      ? rate(part, 'grpc_server_handled_total', GRPC_SERVER_FAILURE)
      : rate(part, 'grpc_client_handled_total', 'grpc_code!="OK"');
  const metric = `grpc_${side}_handling_seconds`;
  return [
    graph({
      title: `${what}: requests`,
      description: `gRPC requests per second, by method and code (${side} side).`,
      unit: 'reqps',
      stack: true,
      queries: [
        {
          expr: `sum by (grpc_method, grpc_code) (${rate(part, `grpc_${side}_handled_total`)})`,
          legend: '{{grpc_method}} {{grpc_code}}',
        },
      ],
    }),
    graph({
      title: `${what}: errors`,
      description:
        side === 'server'
          ? 'Share of the gRPC requests the server failed (Unknown, Internal, Unavailable, ResourceExhausted, DataLoss, DeadlineExceeded), by method.'
          : 'Share of the gRPC requests that ended with another code than OK, by method.',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: share('grpc_method', failed, started), legend: '{{grpc_method}}' }],
    }),
    graph({
      title: `${what}: latency`,
      description: '99th and 50th percentile of the time a gRPC request takes, by method.',
      unit: 's',
      queries: [
        { expr: quantile(0.99, part, metric, 'grpc_method'), legend: 'p99 {{grpc_method}}' },
        { expr: quantile(0.5, part, metric, 'grpc_method'), legend: 'p50 {{grpc_method}}' },
      ],
    }),
  ];
}

/** Operations on the bucket by operation, the share that fails, and their latency. */
export function bucketPanels(part: ThanosPart): PanelSpec[] {
  const ops = rate(part, 'thanos_objstore_bucket_operations_total');
  const failed = rate(part, 'thanos_objstore_bucket_operation_failures_total');
  return [
    graph({
      title: 'Bucket operations',
      description: 'Operations per second on the object-storage bucket, by operation.',
      unit: 'ops',
      stack: true,
      queries: [{ expr: `sum by (operation) (${ops})`, legend: '{{operation}}' }],
    }),
    graph({
      title: 'Bucket operation failures',
      description:
        'Share of the bucket operations that failed, by operation (access denied, throttling, timeouts).',
      unit: 'percentunit',
      min: 0,
      queries: [{ expr: share('operation', failed, ops), legend: '{{operation}}' }],
    }),
    graph({
      title: 'Bucket operation latency',
      description: '99th and 50th percentile of the time a successful bucket operation takes, by operation.',
      unit: 's',
      queries: [
        {
          expr: quantile(0.99, part, 'thanos_objstore_bucket_operation_duration_seconds', 'operation'),
          legend: 'p99 {{operation}}',
        },
        {
          expr: quantile(0.5, part, 'thanos_objstore_bucket_operation_duration_seconds', 'operation'),
          legend: 'p50 {{operation}}',
        },
      ],
    }),
  ];
}

/** Memory, CPU and goroutines of each pod of a part (the Go process of the Thanos binary). */
export function resourcesRow(part: ThanosPart): RowSpec {
  const byPod = (expr: string) => `sum by (cluster, pod) (${expr})`;
  return {
    title: 'Resources',
    panels: [
      graph({
        title: 'Memory',
        description: 'Resident memory of each pod.',
        unit: 'bytes',
        queries: [{ expr: byPod(series(part, 'process_resident_memory_bytes')), legend: POD_LEGEND }],
      }),
      graph({
        title: 'CPU',
        description: 'CPU time of each pod, in cores.',
        unit: 'short',
        queries: [{ expr: byPod(rate(part, 'process_cpu_seconds_total')), legend: POD_LEGEND }],
      }),
      graph({
        title: 'Goroutines',
        description:
          'Goroutines of each pod: a number that keeps growing is a leak, or requests that pile up.',
        unit: 'short',
        queries: [{ expr: byPod(series(part, 'go_goroutines')), legend: POD_LEGEND }],
      }),
    ],
  };
}

/** Pods of a part that answered their last scrape. */
export const targetsUp = (part: ThanosPart, title: string): StatSpec =>
  stat({
    title,
    description: `Pods of ${JOBS[part]} that answered their last scrape.`,
    unit: 'none',
    query: { expr: `sum(${series(part, 'up')})` },
  });
