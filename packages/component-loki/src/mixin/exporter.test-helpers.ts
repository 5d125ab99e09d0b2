// Test fixture (not exported from the package): an HTTP exporter with the metrics of one
// monolithic Loki pod, under Loki's real metric names and labels (their sources are listed in
// rules.ts and at the dashboards' panels), for a real Prometheus to scrape as job "loki". Without
// it the mixin's queries would run on no data, and a misspelt metric or label would go
// unnoticed. Counters grow with time; timestamps follow the clock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Labels = Record<string, string>;

/** The pod's own labels: what the stack's scrape configuration adds to every series. */
export const LOKI_POD = { cluster: 'test', namespace: 'monitoring', pod: 'loki-0' } as const;
/** With authentication off, Loki's only tenant. */
export const TENANT = 'fake';

const line = (name: string, labels: Labels, value: number): string =>
  `${name}{${Object.entries({ ...LOKI_POD, ...labels })
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}} ${value}`;

/** A histogram whose `perSecond` observations all take `typical` seconds (Loki's request buckets). */
function histogram(
  name: string,
  labels: Labels,
  seconds: number,
  perSecond: number,
  typical: number,
): string[] {
  const count = Math.floor(seconds * perSecond);
  const bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100];
  return [
    ...bounds.map((le) => line(`${name}_bucket`, { ...labels, le: String(le) }, le >= typical ? count : 0)),
    line(`${name}_bucket`, { ...labels, le: '+Inf' }, count),
    line(`${name}_count`, labels, count),
    line(`${name}_sum`, labels, count * typical),
  ];
}

/** Requests by route: pushes, queries (a third failing), label lookups and a long tail. */
const ROUTES: {
  route: string;
  method: string;
  status: string;
  perSecond: number;
  typical: number;
  ws?: true;
}[] = [
  { route: 'loki_api_v1_push', method: 'POST', status: '204', perSecond: 20, typical: 0.01 },
  { route: 'loki_api_v1_query_range', method: 'GET', status: '200', perSecond: 2, typical: 0.25 },
  { route: 'loki_api_v1_query_range', method: 'GET', status: '500', perSecond: 1, typical: 2.5 },
  { route: 'loki_api_v1_labels', method: 'GET', status: '200', perSecond: 1, typical: 0.005 },
  { route: 'loki_api_v1_tail', method: 'GET', status: '200', perSecond: 0.1, typical: 50, ws: true },
];

const ALERTMANAGER = 'http://alertmanager.monitoring.svc:9093/api/v2/alerts';
const RULE_GROUP = `${TENANT};loki_log_alerts`;

function exposition(seconds: number, now: number): string[] {
  const out: string[] = [
    line(
      'loki_build_info',
      { version: '3.5.5', revision: 'fixture', branch: 'release-3.5.x', goversion: 'go1.24' },
      1,
    ),
  ];
  for (const r of ROUTES) {
    out.push(
      ...histogram(
        'loki_request_duration_seconds',
        { route: r.route, method: r.method, status_code: r.status, ws: r.ws ? 'true' : 'false' },
        seconds,
        r.perSecond,
        r.typical,
      ),
    );
  }
  out.push(line('loki_panic_total', {}, 0));
  // Ingestion of the one tenant: 100 lines a second, 1% rate limited, a few too old.
  out.push(line('loki_distributor_lines_received_total', { tenant: TENANT }, seconds * 100));
  out.push(
    line(
      'loki_distributor_bytes_received_total',
      // The labels of Loki 3.x (pkg/loghttp/push/push.go).
      { tenant: TENANT, retention_hours: '360', is_internal_stream: 'false', policy: '', format: 'loki' },
      seconds * 2e4,
    ),
  );
  out.push(line('loki_discarded_samples_total', { tenant: TENANT, reason: 'rate_limited' }, seconds));
  out.push(
    line(
      'loki_discarded_samples_total',
      { tenant: TENANT, reason: 'greater_than_max_sample_age' },
      seconds * 0.1,
    ),
  );
  out.push(line('loki_ingester_memory_streams', { tenant: TENANT }, 42));
  // The compactor: running here, last compaction and retention 5 minutes ago.
  out.push(line('loki_boltdb_shipper_compactor_running', {}, 1));
  out.push(
    line('loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds', {}, now - 300),
  );
  out.push(
    line(
      'loki_boltdb_shipper_compact_tables_operation_total',
      { status: 'success' },
      10 + Math.floor(seconds / 600),
    ),
  );
  out.push(line('loki_boltdb_shipper_compact_tables_operation_duration_seconds', {}, 2.5));
  out.push(line('loki_compactor_apply_retention_last_successful_run_timestamp_seconds', {}, now - 300));
  out.push(line('loki_compactor_apply_retention_operation_total', { status: 'success' }, 10));
  out.push(line('loki_compactor_apply_retention_operation_total', { status: 'failure' }, 1));
  out.push(line('loki_compactor_apply_retention_operation_duration_seconds', {}, 1.2));
  // The ruler: one tenant's group of one rule, evaluated every 10 seconds; its alerts go out.
  const ruler = { user: TENANT, rule_group: RULE_GROUP };
  out.push(line('loki_prometheus_rule_group_rules', ruler, 1));
  out.push(line('loki_prometheus_rule_evaluations_total', ruler, seconds / 10));
  out.push(line('loki_prometheus_rule_evaluation_failures_total', ruler, 0));
  const notifier = { user: TENANT, alertmanager: ALERTMANAGER };
  out.push(line('loki_prometheus_notifications_sent_total', notifier, seconds / 60));
  out.push(line('loki_prometheus_notifications_errors_total', notifier, 0));
  // The Go process.
  out.push(line('process_resident_memory_bytes', {}, 300e6));
  out.push(line('process_cpu_seconds_total', {}, seconds * 0.2));
  out.push(line('go_goroutines', {}, 600));
  return out;
}

export interface LokiExporter {
  /** `127.0.0.1:<port>`, to scrape as job `loki`. */
  readonly address: string;
  stop(): Promise<void>;
}

/** Starts the exporter on a free loopback port. Always `stop()` it (in afterAll). */
export async function startLokiExporter(): Promise<LokiExporter> {
  const started = Date.now();
  const server: Server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    const now = Date.now();
    response.end(`${exposition((now - started) / 1000, Math.floor(now / 1000)).join('\n')}\n`);
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
