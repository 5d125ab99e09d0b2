// Test fixtures (not exported from the package): HTTP exporters for a real Prometheus to scrape,
// one per part of Thanos (Query, Query Frontend, Store Gateway, Compactor, a sidecar) and one
// for the Prometheus in a sidecar's pod, with Thanos's real metric names and labels (their
// sources are listed in alerts.ts and at the dashboards). The pod's own labels (cluster,
// namespace, pod) are the scrape target's, as the Kubernetes service discovery adds them.
// Without these fixtures the mixin's queries would run on no data, and a misspelt metric or
// label would go unnoticed. Counters grow with time; the fixture is a healthy Thanos.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ThanosPart } from '../jobs.js';

type Labels = Record<string, string>;

const labelText = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');

const line = (name: string, labels: Labels, value: number): string =>
  `${name}${Object.keys(labels).length > 0 ? `{${labelText(labels)}}` : ''} ${value}`;

/** A histogram whose `perSecond` observations all have the value `typical`. */
function histogram(
  name: string,
  bounds: readonly number[],
  labels: Labels,
  seconds: number,
  perSecond: number,
  typical: number,
): string[] {
  const count = Math.floor(seconds * perSecond);
  return [
    ...bounds.map((le) => line(`${name}_bucket`, { ...labels, le: String(le) }, le >= typical ? count : 0)),
    line(`${name}_bucket`, { ...labels, le: '+Inf' }, count),
    line(`${name}_count`, labels, count),
    line(`${name}_sum`, labels, count * typical),
  ];
}

const SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** What every Thanos binary exposes: its build and its Go process. */
function process(seconds: number, memory: number): string[] {
  return [
    line(
      'thanos_build_info',
      { version: '0.42.4', revision: 'fixture', branch: 'HEAD', goversion: 'go1.25' },
      1,
    ),
    line('process_resident_memory_bytes', {}, memory),
    line('process_cpu_seconds_total', {}, seconds * 0.2),
    line('go_goroutines', {}, 150),
  ];
}

/** Requests of one HTTP handler, a few answered with a 500. */
function http(handler: string, seconds: number, perSecond: number, typical: number): string[] {
  const ok = { handler, code: '200', method: 'get' };
  const failed = { handler, code: '500', method: 'get' };
  return [
    line('http_requests_total', ok, Math.floor(seconds * perSecond)),
    line('http_requests_total', failed, Math.floor(seconds / 100)),
    ...histogram('http_request_duration_seconds', SECONDS, ok, seconds, perSecond, typical),
  ];
}

/** gRPC calls of the Store API on the `server` or `client` side: Series (a few Unavailable) and LabelNames. */
function grpc(side: 'server' | 'client', seconds: number, perSecond: number): string[] {
  const series = { grpc_service: 'thanos.Store', grpc_method: 'Series', grpc_type: 'server_stream' };
  const labels = { grpc_service: 'thanos.Store', grpc_method: 'LabelNames', grpc_type: 'unary' };
  const calls = Math.floor(seconds * perSecond);
  // One in a thousand: far under the alerts' 5%.
  const unavailable = Math.floor(calls / 1000);
  return [
    line(`grpc_${side}_started_total`, series, calls),
    line(`grpc_${side}_handled_total`, { ...series, grpc_code: 'OK' }, calls - unavailable),
    line(`grpc_${side}_handled_total`, { ...series, grpc_code: 'Unavailable' }, unavailable),
    ...histogram(`grpc_${side}_handling_seconds`, SECONDS, series, seconds, perSecond, 0.25),
    line(`grpc_${side}_started_total`, labels, Math.floor(seconds)),
    line(`grpc_${side}_handled_total`, { ...labels, grpc_code: 'OK' }, Math.floor(seconds)),
    ...histogram(`grpc_${side}_handling_seconds`, SECONDS, labels, seconds, 1, 0.01),
  ];
}

/** Operations on the bucket `thanos`, each `perSecond` times a second, one failure now and then. */
function bucket(
  operations: readonly string[],
  seconds: number,
  perSecond: number,
  lastUpload?: number,
): string[] {
  const out = operations.flatMap((operation) => {
    const labels = { bucket: 'thanos', operation };
    return [
      line('thanos_objstore_bucket_operations_total', labels, Math.floor(seconds * perSecond)),
      line('thanos_objstore_bucket_operation_failures_total', labels, Math.floor(seconds / 500)),
      ...histogram(
        'thanos_objstore_bucket_operation_duration_seconds',
        SECONDS,
        labels,
        seconds,
        perSecond,
        0.1,
      ),
    ];
  });
  if (lastUpload !== undefined)
    out.push(line('thanos_objstore_bucket_last_successful_upload_time', { bucket: 'thanos' }, lastUpload));
  return out;
}

const now = () => Date.now() / 1000;

function queryExposition(seconds: number): string[] {
  const connections = (store_type: string, cluster: string, value: number) =>
    line(
      'thanos_store_nodes_grpc_connections',
      { external_labels: `{cluster="${cluster}", prometheus_replica="prometheus-k8s-0"}`, store_type },
      value,
    );
  return [
    ...process(seconds, 300e6),
    ...http('query', seconds, 2, 0.25),
    ...http('query_range', seconds, 5, 1),
    ...grpc('client', seconds, 14),
    ...grpc('server', seconds, 0.5),
    line('thanos_query_endpoints_dns_lookups_total', {}, Math.floor(seconds / 30) * 3),
    line('thanos_query_endpoints_dns_failures_total', {}, 0),
    line('thanos_query_concurrent_gate_queries_in_flight', {}, 2),
    line('thanos_query_concurrent_gate_queries_max', {}, 20),
    ...histogram('thanos_query_concurrent_gate_duration_seconds', SECONDS, {}, seconds, 7, 0.005),
    connections('sidecar', 'prod-eu', 1),
    connections('sidecar', 'prod-us', 1),
    line('thanos_store_nodes_grpc_connections', { external_labels: '{}', store_type: 'store' }, 1),
  ];
}

function queryFrontendExposition(seconds: number): string[] {
  const tenant = { tenant: 'default-tenant' };
  return [
    ...process(seconds, 150e6),
    ...http('query-frontend', seconds, 5, 0.8),
    line('thanos_query_frontend_queries_total', { op: 'query_range', ...tenant }, Math.floor(seconds * 4)),
    line('thanos_query_frontend_queries_total', { op: 'labels', ...tenant }, Math.floor(seconds)),
    line('thanos_frontend_split_queries_total', tenant, Math.floor(seconds * 12)),
  ];
}

function storeExposition(seconds: number): string[] {
  const requests = Math.floor(seconds * 8);
  const cache = (item_type: string, ratio: number) => [
    line('thanos_store_index_cache_requests_total', { item_type }, requests * 10),
    line('thanos_store_index_cache_hits_total', { item_type }, Math.floor(requests * 10 * ratio)),
  ];
  return [
    ...process(seconds, 1.2e9),
    ...grpc('server', seconds, 8),
    line('thanos_bucket_store_blocks_loaded', {}, 240),
    line('thanos_bucket_store_block_loads_total', {}, 240 + Math.floor(seconds / 60)),
    line('thanos_bucket_store_block_load_failures_total', {}, 0),
    line('thanos_bucket_store_series_blocks_queried_sum', {}, requests * 6),
    line('thanos_bucket_store_series_blocks_queried_count', {}, requests),
    ...histogram('thanos_bucket_store_series_get_all_duration_seconds', SECONDS, {}, seconds, 8, 0.1),
    ...histogram('thanos_bucket_store_series_merge_duration_seconds', SECONDS, {}, seconds, 8, 0.01),
    ...histogram('thanos_bucket_store_series_gate_duration_seconds', SECONDS, {}, seconds, 8, 0.005),
    ...cache('Postings', 0.8),
    ...cache('Series', 0.6),
    ...bucket(['get', 'get_range', 'iter'], seconds, 20),
  ];
}

function compactExposition(seconds: number): string[] {
  const resolution = { resolution: '0' };
  return [
    ...process(seconds, 500e6),
    line('thanos_compact_halted', {}, 0),
    line('thanos_compact_iterations_total', {}, Math.floor(seconds / 30)),
    line('thanos_compact_group_compactions_total', resolution, Math.floor(seconds / 20)),
    line('thanos_compact_group_compactions_failures_total', resolution, 0),
    line('thanos_compact_downsample_total', resolution, Math.floor(seconds / 40)),
    line('thanos_compact_downsample_failures_total', resolution, 0),
    line('thanos_compact_blocks_marked_total', { marker: 'deletion-mark.json' }, Math.floor(seconds / 20)),
    line('thanos_compact_blocks_marked_total', { marker: 'no-compact-mark.json' }, 0),
    line('thanos_compact_blocks_cleaned_total', {}, Math.floor(seconds / 25)),
    ...bucket(['get', 'upload', 'delete', 'iter'], seconds, 2, now() - 600),
  ];
}

function sidecarExposition(seconds: number): string[] {
  return [
    ...process(seconds, 80e6),
    line('thanos_sidecar_prometheus_up', {}, 1),
    line('thanos_sidecar_last_heartbeat_success_time_seconds', {}, now() - 5),
    line('thanos_shipper_uploads_total', {}, 12 + Math.floor(seconds / 10)),
    line('thanos_shipper_upload_failures_total', {}, 0),
    ...grpc('server', seconds, 6),
    ...bucket(['upload', 'exists'], seconds, 1, now() - 3000),
  ];
}

/** The Prometheus in a sidecar's pod: its WAL replayed, a 2-hour block written now and then. */
function prometheusExposition(seconds: number): string[] {
  return [
    line('prometheus_tsdb_data_replay_duration_seconds', {}, 2.5),
    line('prometheus_tsdb_compactions_total', {}, 12 + Math.floor(seconds / 10)),
  ];
}

const EXPOSITIONS: Readonly<Record<ThanosPart | 'prometheus', (seconds: number) => string[]>> = {
  query: queryExposition,
  queryFrontend: queryFrontendExposition,
  store: storeExposition,
  compact: compactExposition,
  sidecar: sidecarExposition,
  prometheus: prometheusExposition,
};

export interface Exporter {
  /** `127.0.0.1:<port>`, to scrape. */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * The metrics of one part's pod (or, `prometheus`, of the Prometheus next to a sidecar), to
 * scrape under the part's job. Always `stop()` it (in afterAll).
 */
export async function startThanosExporter(part: ThanosPart | 'prometheus'): Promise<Exporter> {
  const exposition = EXPOSITIONS[part];
  const started = Date.now();
  const server: Server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(`${exposition((Date.now() - started) / 1000 + 60).join('\n')}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
