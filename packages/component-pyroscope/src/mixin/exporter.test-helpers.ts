// Test fixtures (not exported from the package): two HTTP exporters for a real Prometheus to
// scrape. One has the metrics of one Pyroscope 2 single-binary pod (v2 storage) under
// Pyroscope's real names and labels, scraped as job "pyroscope"; the other has those of the
// collector's pyroscope.write component (Grafana Alloy), scraped as job "alloy". Their sources
// are listed in rules.ts and at the dashboards' panels. Without them the mixin's queries would
// run on no data, and a misspelt metric or label would go unnoticed. Counters grow with time.
// Either can stand for another cluster's (its series labelled with the cluster), to check that
// the dashboards' `cluster` variable selects one cluster.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Labels = Record<string, string>;

/**
 * The pod's own labels: what the stack's scrape configuration adds to every series. No
 * `cluster`: the stack's own Prometheus does not put it on the series it scrapes (see
 * `inCluster` for another cluster's).
 */
export const PYROSCOPE_POD = { namespace: 'monitoring', pod: 'pyroscope-0' } as const;
/** The collector's pod, in the same namespace. */
export const ALLOY_POD = { namespace: 'monitoring', pod: 'alloy-x7k2p' } as const;
/** The collector's eBPF profiler: a DaemonSet of its own, in a namespace of its own. */
export const PROFILER_POD = { namespace: 'monitoring-profiler', pod: 'alloy-profiler-q8r4z' } as const;
/** With multi-tenancy off, Pyroscope's only tenant. */
export const TENANT = 'anonymous';
/** The URL the collector pushes to: the Service of the stack's Pyroscope. */
export const ENDPOINT = 'http://pyroscope.monitoring.svc:4040';

const labelText = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');

const lineOf =
  (pod: Labels) =>
  (name: string, labels: Labels, value: number): string =>
    `${name}{${labelText({ ...pod, ...labels })}} ${value}`;

const line = lineOf(PYROSCOPE_POD);

/** A histogram whose `perSecond` observations all have the value `typical`. */
function histogram(
  put: ReturnType<typeof lineOf>,
  name: string,
  bounds: readonly number[],
  labels: Labels,
  seconds: number,
  perSecond: number,
  typical: number,
): string[] {
  const count = Math.floor(seconds * perSecond);
  return [
    ...bounds.map((le) => put(`${name}_bucket`, { ...labels, le: String(le) }, le >= typical ? count : 0)),
    put(`${name}_bucket`, { ...labels, le: '+Inf' }, count),
    put(`${name}_count`, labels, count),
    put(`${name}_sum`, labels, count * typical),
  ];
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];
const BYTES = [10_240, 65_536, 262_144, 1_048_576, 4_194_304, 15_728_640];
const SAMPLES = [100, 1_000, 10_000, 100_000];

/**
 * Requests by route: Alloy's Connect pushes (a few failing), the /ingest API, the segment
 * writer's gRPC push, Grafana's queries (a few failing), and the probes and scrapes.
 */
const ROUTES: { route: string; method: string; status: string; perSecond: number; typical: number }[] = [
  { route: 'push_v1_pusherservice_push', method: 'POST', status: '200', perSecond: 20, typical: 0.05 },
  { route: 'push_v1_pusherservice_push', method: 'POST', status: '503', perSecond: 0.05, typical: 0.01 },
  { route: 'ingest', method: 'POST', status: '200', perSecond: 2, typical: 0.1 },
  {
    route: '/segmentwriter.v1.SegmentWriterService/Push',
    method: 'gRPC',
    status: 'success',
    perSecond: 22,
    typical: 0.025,
  },
  {
    route: 'querier_v1_querierservice_selectmergestacktraces',
    method: 'POST',
    status: '200',
    perSecond: 0.5,
    typical: 0.5,
  },
  {
    route: 'querier_v1_querierservice_selectmergestacktraces',
    method: 'POST',
    status: '500',
    perSecond: 0.005,
    typical: 1,
  },
  {
    route: 'querier_v1_querierservice_selectseries',
    method: 'POST',
    status: '200',
    perSecond: 0.2,
    typical: 0.25,
  },
  {
    route: 'querier_v1_querierservice_labelnames',
    method: 'POST',
    status: '200',
    perSecond: 1,
    typical: 0.01,
  },
  {
    route: 'querier_v1_querierservice_profiletypes',
    method: 'POST',
    status: '200',
    perSecond: 0.5,
    typical: 0.01,
  },
  { route: 'pyroscope_render', method: 'GET', status: '200', perSecond: 0.1, typical: 0.5 },
  { route: 'ready', method: 'GET', status: '200', perSecond: 0.1, typical: 0.005 },
  { route: 'metrics', method: 'GET', status: '200', perSecond: 1, typical: 0.01 },
];

/** Profiles per second by type, their typical compressed size and samples. */
const PROFILES: { type: string; perSecond: number; bytes: number; samples: number }[] = [
  { type: 'process_cpu', perSecond: 10, bytes: 60_000, samples: 5_000 },
  { type: 'memory', perSecond: 8, bytes: 200_000, samples: 20_000 },
  { type: 'goroutines', perSecond: 4, bytes: 20_000, samples: 500 },
];

function pyroscopeExposition(seconds: number): string[] {
  const out: string[] = [
    line(
      'pyroscope_build_info',
      { version: '2.2.1', revision: 'df3c0391', branch: 'HEAD', goversion: 'go1.24' },
      1,
    ),
  ];
  for (const r of ROUTES)
    out.push(
      ...histogram(
        line,
        'pyroscope_request_duration_seconds',
        SECONDS,
        { route: r.route, method: r.method, status_code: r.status, ws: 'false' },
        seconds,
        r.perSecond,
        r.typical,
      ),
    );
  for (const p of PROFILES) {
    const labels = { type: p.type, tenant: TENANT };
    out.push(
      ...histogram(
        line,
        'pyroscope_distributor_received_compressed_bytes',
        BYTES,
        labels,
        seconds,
        p.perSecond,
        p.bytes,
      ),
      ...histogram(
        line,
        'pyroscope_distributor_received_samples',
        SAMPLES,
        labels,
        seconds,
        p.perSecond,
        p.samples,
      ),
    );
  }
  // A few profiles outside the ingestion window (clock skew of one host), far under the alert's 1%.
  const late = { reason: 'not_in_ingestion_window', tenant: TENANT };
  out.push(line('pyroscope_discarded_samples_total', late, Math.floor(seconds * 0.01)));
  out.push(line('pyroscope_discarded_bytes_total', late, Math.floor(seconds * 0.01) * 400_000));
  // v2 storage: segments uploaded every second, none failing; one metastore node, the leader.
  out.push(
    ...histogram(
      line,
      'pyroscope_segment_writer_upload_duration_seconds',
      SECONDS,
      { status: 'success' },
      seconds,
      1,
      0.05,
    ),
    ...histogram(
      line,
      'pyroscope_segment_writer_upload_duration_seconds',
      SECONDS,
      { status: 'error' },
      0,
      0,
      1,
    ),
  );
  out.push(line('pyroscope_metastore_raft_state', { state: 'Leader' }, 1));
  // Compaction: level 0 every 30 seconds, level 1 every 5 minutes; one failure long ago.
  const job = (level: string, status: string, value: number) =>
    line('pyroscope_compaction_worker_jobs_completed_total', { tenant: TENANT, level, status }, value);
  out.push(job('0', 'success', Math.floor(seconds / 30)), job('1', 'success', Math.floor(seconds / 300)));
  out.push(job('0', 'failure', 1));
  out.push(line('pyroscope_compaction_worker_jobs_in_progress', { tenant: TENANT, level: '0' }, 1));
  out.push(line('pyroscope_compaction_worker_jobs_in_progress', { tenant: TENANT, level: '1' }, 0));
  // The Go process.
  out.push(line('process_resident_memory_bytes', {}, 600e6));
  out.push(line('process_cpu_seconds_total', {}, seconds * 0.4));
  out.push(line('go_goroutines', {}, 1200));
  return out;
}

/** pyroscope.write's series of the collector's component `pyroscope.write.profiles`. */
function alloyExposition(pod: Labels, seconds: number): string[] {
  const put = lineOf(pod);
  const component = { component_id: 'pyroscope.write.profiles', component_path: '/' };
  const endpoint = { ...component, endpoint: ENDPOINT };
  const profiles = Math.floor(seconds * 20);
  // A drop now and then (a push that ran out of retries during a restart), far under 1%.
  const dropped = Math.floor(seconds / 200);
  return [
    put(
      'alloy_build_info',
      { version: 'v1.18.1', revision: 'fixture', branch: 'HEAD', goversion: 'go1.24' },
      1,
    ),
    put('pyroscope_write_sent_profiles_total', endpoint, profiles),
    put('pyroscope_write_dropped_profiles_total', endpoint, dropped),
    put('pyroscope_write_sent_bytes_total', endpoint, profiles * 60_000),
    put('pyroscope_write_dropped_bytes_total', endpoint, dropped * 60_000),
    put('pyroscope_write_retries_total', endpoint, Math.floor(seconds / 20)),
    ...histogram(
      put,
      'pyroscope_write_latency',
      SECONDS,
      { ...endpoint, type: 'push_endpoint' },
      seconds,
      20,
      0.05,
    ),
    ...histogram(
      put,
      'pyroscope_write_latency',
      SECONDS,
      { ...endpoint, type: 'push_downstream' },
      seconds,
      20,
      0.05,
    ),
    ...histogram(
      put,
      'pyroscope_write_latency',
      SECONDS,
      { ...component, endpoint: '-', type: 'push_total' },
      seconds,
      20,
      0.05,
    ),
  ];
}

export interface Exporter {
  /** `127.0.0.1:<port>`, to scrape. */
  readonly address: string;
  stop(): Promise<void>;
}

/**
 * The lines of an exposition with `cluster="<cluster>"` among their labels: as another cluster's
 * series arrive behind Thanos Query (its Prometheus' external label). Every series line of these
 * fixtures has labels, so the first `{` opens them.
 */
function inCluster(lines: string[], cluster: string | undefined): string[] {
  if (cluster === undefined) return lines;
  return lines.map((l) => (l.startsWith('#') ? l : l.replace('{', `{cluster="${cluster}",`)));
}

async function serve(exposition: (seconds: number) => string[]): Promise<Exporter> {
  const started = Date.now();
  const server: Server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(`${exposition((Date.now() - started) / 1000).join('\n')}\n`);
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
 * Pyroscope's own metrics, to scrape as job `pyroscope`: of the Prometheus' own cluster (no
 * `cluster` label), or of `cluster`. Always `stop()` it (in afterAll).
 */
export function startPyroscopeExporter(cluster?: string): Promise<Exporter> {
  return serve((seconds) => inCluster(pyroscopeExposition(seconds), cluster));
}

/**
 * The pyroscope.write metrics of the collector (`ALLOY_POD`, to scrape as job `alloy`) or of its
 * eBPF profiler (`PROFILER_POD`, job `alloy-profiler`), of the Prometheus' own cluster or of
 * `cluster`. Always `stop()` it (in afterAll).
 */
export function startAlloyExporter(pod: Labels = ALLOY_POD, cluster?: string): Promise<Exporter> {
  return serve((seconds) => inCluster(alloyExposition(pod, seconds), cluster));
}
