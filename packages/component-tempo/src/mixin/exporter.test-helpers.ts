// Test fixtures (not exported from the package): two HTTP exporters for a real Prometheus to
// scrape. One has the metrics of one monolithic Tempo 3 pod under Tempo's real names and labels
// (their sources are listed in rules.ts and at the dashboards' panels), scraped as job "tempo".
// The other has the span-metrics and service-graph series Tempo's metrics-generator writes to
// Prometheus, in OpenMetrics with trace-id exemplars, as the generator sends them (here scraped
// instead of remote-written: the dashboards select them by service, never by job). Without them
// the mixin's queries would run on no data, and a misspelt metric or label would go unnoticed.
// Either can stand for another cluster's (its series labelled with the cluster), to check that
// the dashboards' `cluster` variable selects one cluster.
// Counters grow with time; timestamps follow the clock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Labels = Record<string, string>;

/**
 * The pod's own labels: what the stack's scrape configuration adds to every series. No
 * `cluster`: the stack's own Prometheus does not put it on the series it scrapes (see
 * `inCluster` for another cluster's).
 */
export const TEMPO_POD = { namespace: 'monitoring', pod: 'tempo-0' } as const;
/** With multi-tenancy off, Tempo's only tenant. */
export const TENANT = 'single-tenant';
/** The service the Service overview is looked at for: called by `frontend`, calling `payments`. */
export const SERVICE = 'checkout';

const labelText = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');

const line = (name: string, labels: Labels, value: number): string =>
  `${name}{${labelText({ ...TEMPO_POD, ...labels })}} ${value}`;

/**
 * The series lines of an exposition with `cluster="<cluster>"` among their labels: as another
 * cluster's series arrive behind Thanos Query (its Prometheus' external label), or as Tempo's
 * metrics-generator writes span metrics (its registry's external label). Every series line of
 * these fixtures has labels, so the first `{` opens them (an exemplar's comes after).
 */
function inCluster(lines: string[], cluster: string | undefined): string[] {
  if (cluster === undefined) return lines;
  return lines.map((l) => (l.startsWith('#') ? l : l.replace('{', `{cluster="${cluster}",`)));
}

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];

/** A histogram whose `perSecond` observations all take `typical` seconds. */
function histogram(
  name: string,
  labels: Labels,
  seconds: number,
  perSecond: number,
  typical: number,
): string[] {
  const count = Math.floor(seconds * perSecond);
  return [
    ...BOUNDS.map((le) => line(`${name}_bucket`, { ...labels, le: String(le) }, le >= typical ? count : 0)),
    line(`${name}_bucket`, { ...labels, le: '+Inf' }, count),
    line(`${name}_count`, labels, count),
    line(`${name}_sum`, labels, count * typical),
  ];
}

/** Requests by route: searches (a few failing), TraceQL metrics, trace lookups, and long-lived routes. */
const ROUTES: { route: string; method: string; status: string; perSecond: number; typical: number }[] = [
  { route: 'api_search', method: 'GET', status: '200', perSecond: 2, typical: 0.5 },
  { route: 'api_search', method: 'GET', status: '500', perSecond: 0.1, typical: 1 },
  { route: 'querier_api_search', method: 'GET', status: '200', perSecond: 8, typical: 0.1 },
  { route: 'api_v2_search_tags', method: 'GET', status: '200', perSecond: 0.5, typical: 0.05 },
  { route: 'api_metrics_query_range', method: 'GET', status: '200', perSecond: 0.2, typical: 1 },
  { route: 'api_traces_traceid', method: 'GET', status: '200', perSecond: 1, typical: 0.25 },
  { route: 'api_v2_traces_traceid', method: 'GET', status: '404', perSecond: 0.1, typical: 0.05 },
  { route: '/frontend.Frontend/Process', method: 'gRPC', status: 'success', perSecond: 0.1, typical: 50 },
  { route: 'ready', method: 'GET', status: '200', perSecond: 0.1, typical: 0.005 },
];

const REMOTE_WRITE = {
  tenant: TENANT,
  remote_name: 'prometheus',
  url: 'http://prometheus-k8s.monitoring.svc:9090/api/v1/write',
};

function tempoExposition(seconds: number): string[] {
  const out: string[] = [
    line(
      'tempo_build_info',
      { version: '3.0.0', revision: 'fixture', branch: 'release-3.0', goversion: 'go1.25' },
      1,
    ),
  ];
  for (const r of ROUTES)
    out.push(
      ...histogram(
        'tempo_request_duration_seconds',
        { route: r.route, method: r.method, status_code: r.status, ws: 'false' },
        seconds,
        r.perSecond,
        r.typical,
      ),
    );
  // Receivers: OTLP over gRPC and HTTP; a few refused.
  const receivers = [
    { receiver: 'otlp', transport: 'grpc', perSecond: 900 },
    { receiver: 'otlp', transport: 'http', perSecond: 100 },
  ];
  for (const { perSecond, ...labels } of receivers) {
    out.push(line('tempo_receiver_accepted_spans', labels, seconds * perSecond));
    out.push(line('tempo_receiver_refused_spans', labels, seconds * perSecond * 0.001));
  }
  const tenant = { tenant: TENANT };
  out.push(line('tempo_distributor_spans_received_total', tenant, seconds * 1000));
  out.push(line('tempo_distributor_bytes_received_total', tenant, seconds * 5e5));
  out.push(line('tempo_discarded_spans_total', { ...tenant, reason: 'rate_limited' }, seconds * 2));
  out.push(line('tempo_discarded_spans_total', { ...tenant, reason: 'trace_too_large' }, seconds * 0.1));
  // Blocks: one flushed every 30 seconds, no failure.
  out.push(line('tempo_live_store_local_blocks_flushed_total', {}, Math.floor(seconds / 30)));
  out.push(line('tempo_live_store_local_failed_flushes_total', {}, 0));
  out.push(line('tempo_live_store_failed_completions_total', {}, 0));
  out.push(...histogram('tempo_live_store_local_flush_duration_seconds', {}, seconds, 1 / 30, 2.5));
  // The metrics-generator and its remote write.
  out.push(line('tempo_metrics_generator_spans_received_total', tenant, seconds * 1000));
  out.push(
    line(
      'tempo_metrics_generator_spans_discarded_total',
      { ...tenant, reason: 'outside_metrics_ingestion_slack' },
      seconds * 3,
    ),
  );
  out.push(line('tempo_metrics_generator_processor_service_graphs_dropped_spans', tenant, 0));
  out.push(line('tempo_metrics_generator_registry_active_series', tenant, 1200));
  out.push(line('prometheus_remote_storage_samples_total', REMOTE_WRITE, seconds * 80));
  out.push(line('prometheus_remote_storage_samples_failed_total', REMOTE_WRITE, 0));
  // The query frontend.
  for (const op of ['traces', 'search', 'metadata', 'metrics'])
    out.push(line('tempo_query_frontend_queries_total', { ...tenant, op, result: 'completed' }, seconds * 2));
  out.push(
    line(
      'tempo_query_frontend_queries_total',
      { ...tenant, op: 'search', result: 'canceled' },
      seconds * 0.1,
    ),
  );
  // Backend work: compaction and retention jobs, one compaction failing now and then.
  for (const job_type of ['JOB_TYPE_COMPACTION', 'JOB_TYPE_RETENTION']) {
    const jobs = { ...tenant, job_type };
    out.push(line('tempo_backend_scheduler_jobs_created_total', jobs, Math.floor(seconds / 10)));
    out.push(line('tempo_backend_scheduler_jobs_completed_total', jobs, Math.floor(seconds / 10)));
    out.push(
      line('tempo_backend_scheduler_jobs_failed_total', jobs, job_type === 'JOB_TYPE_COMPACTION' ? 1 : 0),
    );
  }
  out.push(line('tempodb_retention_errors_total', {}, 0));
  out.push(line('tempodb_retention_marked_for_deletion_total', {}, 10 + Math.floor(seconds / 60)));
  out.push(line('tempodb_retention_deleted_total', {}, 8 + Math.floor(seconds / 60)));
  out.push(line('tempodb_blocklist_length', tenant, 420));
  // The Go process.
  out.push(line('process_resident_memory_bytes', {}, 800e6));
  out.push(line('process_cpu_seconds_total', {}, seconds * 0.5));
  out.push(line('go_goroutines', {}, 900));
  return out;
}

/** The spans of the fixture's services, per second, with their status and typical duration. */
const SPANS: { labels: Labels; perSecond: number; typical: number }[] = [
  {
    labels: {
      service: 'frontend',
      span_name: 'GET /',
      span_kind: 'SPAN_KIND_SERVER',
      status_code: 'STATUS_CODE_UNSET',
    },
    perSecond: 20,
    typical: 0.1,
  },
  {
    labels: {
      service: 'frontend',
      span_name: 'POST',
      span_kind: 'SPAN_KIND_CLIENT',
      status_code: 'STATUS_CODE_UNSET',
    },
    perSecond: 10,
    typical: 0.25,
  },
  {
    labels: {
      service: SERVICE,
      span_name: 'POST /checkout',
      span_kind: 'SPAN_KIND_SERVER',
      status_code: 'STATUS_CODE_UNSET',
    },
    perSecond: 9,
    typical: 0.25,
  },
  {
    labels: {
      service: SERVICE,
      span_name: 'POST /checkout',
      span_kind: 'SPAN_KIND_SERVER',
      status_code: 'STATUS_CODE_ERROR',
    },
    perSecond: 1,
    typical: 2.5,
  },
  {
    labels: {
      service: SERVICE,
      span_name: 'GET /cart',
      span_kind: 'SPAN_KIND_SERVER',
      status_code: 'STATUS_CODE_OK',
    },
    perSecond: 5,
    typical: 0.05,
  },
  {
    labels: {
      service: SERVICE,
      span_name: 'payments.Charge',
      span_kind: 'SPAN_KIND_CLIENT',
      status_code: 'STATUS_CODE_UNSET',
    },
    perSecond: 10,
    typical: 0.1,
  },
  {
    labels: {
      service: 'payments',
      span_name: 'payments.Charge',
      span_kind: 'SPAN_KIND_SERVER',
      status_code: 'STATUS_CODE_UNSET',
    },
    perSecond: 10,
    typical: 0.1,
  },
];

/** Calls between services as the service-graph processor pairs them. */
const EDGES: { client: string; server: string; perSecond: number; failed: number; typical: number }[] = [
  { client: 'frontend', server: SERVICE, perSecond: 10, failed: 1, typical: 0.25 },
  { client: SERVICE, server: 'payments', perSecond: 10, failed: 0, typical: 0.1 },
];

/** A trace id per series, stable: what the exemplars carry. */
const traceId = (index: number) => `${'0'.repeat(30)}${String(index).padStart(2, '0')}`;

/** One OpenMetrics histogram series, with a trace-id exemplar on the bucket of its observations. */
function openMetricsHistogram(
  name: string,
  labels: Labels,
  count: number,
  typical: number,
  exemplar: string,
  now: number,
): string[] {
  const bucket = BOUNDS.find((le) => le >= typical)!;
  const l = (extra: Labels) => labelText({ ...labels, ...extra });
  return [
    ...BOUNDS.map(
      (le) =>
        `${name}_bucket{${l({ le: String(le) })}} ${le >= typical ? count : 0}${le === bucket && count > 0 ? ` # {trace_id="${exemplar}"} ${typical} ${now.toFixed(3)}` : ''}`,
    ),
    `${name}_bucket{${l({ le: '+Inf' })}} ${count}`,
    `${name}_count{${l({})}} ${count}`,
    `${name}_sum{${l({})}} ${count * typical}`,
  ];
}

/** The generator's series in OpenMetrics (families contiguous, `# EOF` at the end). */
function spanMetricsExposition(seconds: number, now: number): string[] {
  const out: string[] = ['# TYPE traces_spanmetrics_calls counter'];
  SPANS.forEach((s, i) => {
    out.push(
      `traces_spanmetrics_calls_total{${labelText(s.labels)}} ${Math.floor(seconds * s.perSecond)} # {trace_id="${traceId(i)}"} 1 ${now.toFixed(3)}`,
    );
  });
  out.push('# TYPE traces_spanmetrics_latency histogram');
  SPANS.forEach((s, i) => {
    out.push(
      ...openMetricsHistogram(
        'traces_spanmetrics_latency',
        s.labels,
        Math.floor(seconds * s.perSecond),
        s.typical,
        traceId(i),
        now,
      ),
    );
  });
  const edge = (e: (typeof EDGES)[number]) => ({ client: e.client, server: e.server, connection_type: '' });
  out.push('# TYPE traces_service_graph_request counter');
  for (const e of EDGES)
    out.push(
      `traces_service_graph_request_total{${labelText(edge(e))}} ${Math.floor(seconds * e.perSecond)}`,
    );
  out.push('# TYPE traces_service_graph_request_failed counter');
  for (const e of EDGES)
    out.push(
      `traces_service_graph_request_failed_total{${labelText(edge(e))}} ${Math.floor(seconds * e.failed)}`,
    );
  out.push('# TYPE traces_service_graph_request_server_seconds histogram');
  EDGES.forEach((e, i) => {
    out.push(
      ...openMetricsHistogram(
        'traces_service_graph_request_server_seconds',
        edge(e),
        Math.floor(seconds * e.perSecond),
        e.typical,
        traceId(50 + i),
        now,
      ),
    );
  });
  out.push('# EOF');
  return out;
}

export interface Exporter {
  /** `127.0.0.1:<port>`, to scrape. */
  readonly address: string;
  stop(): Promise<void>;
}

async function serve(
  respond: (seconds: number, now: number) => { type: string; body: string },
): Promise<Exporter> {
  const started = Date.now();
  const server: Server = createServer((_, response) => {
    const now = Date.now();
    const { type, body } = respond((now - started) / 1000, now / 1000);
    response.writeHead(200, { 'content-type': type });
    response.end(body);
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

/**
 * Tempo's own metrics, to scrape as job `tempo`: of the Prometheus' own cluster (no `cluster`
 * label), or of `cluster`. Always `stop()` it (in afterAll).
 */
export function startTempoExporter(cluster?: string): Promise<Exporter> {
  return serve((seconds) => ({
    type: 'text/plain; version=0.0.4',
    body: `${inCluster(tempoExposition(seconds), cluster).join('\n')}\n`,
  }));
}

/**
 * The metrics-generator's series with exemplars (OpenMetrics), to scrape under any job, with the
 * `cluster` label the generator adds to them (config/tempo-config.ts), or without.
 */
export function startSpanMetricsExporter(cluster?: string): Promise<Exporter> {
  return serve((seconds, now) => ({
    type: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
    body: `${inCluster(spanMetricsExposition(seconds, now), cluster).join('\n')}\n`,
  }));
}
