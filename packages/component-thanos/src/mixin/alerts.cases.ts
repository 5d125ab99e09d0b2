// The promtool cases of the thanos mixin (tests only): each alert fires when it should and
// stays silent when it should not. The series carry the labels Thanos and the stack's scrape
// configuration give them (see alerts.ts for where each name comes from).
import { type AlertCase, type AlertCases, expectation, type InputSeries, seriesWith } from '@mixstack/kit';
import { JOBS, type ThanosPart } from '../jobs.js';

const SCOPE = { cluster: 'test', namespace: 'monitoring' } as const;
const scope = 'cluster="test", namespace="monitoring"';

/** The series of one pod of a part (the sidecar's pods are Prometheus'). */
const podOf = (part: ThanosPart, pod: string) => seriesWith(`${scope}, job="${JOBS[part]}", pod="${pod}"`);
const query = podOf('query', 'thanos-query-0');
const store = podOf('store', 'thanos-store-0');
const compact = podOf('compact', 'thanos-compact-0');
const sidecar = podOf('sidecar', 'prometheus-k8s-0');
/** The Prometheus in the sidecar's pod, under its own job. */
const prometheus = seriesWith(`${scope}, job="prometheus-k8s", pod="prometheus-k8s-0"`);

const fires = (part: ThanosPart, summary: string) => expectation(summary, { ...SCOPE, job: JOBS[part] });
const where = (part: ThanosPart) => `monitoring/${JOBS[part]}`;

/** Counters of requests that succeed and fail, `ok` and `failed` a minute, for 30 minutes. */
const counted = (
  pod: typeof query,
  all: string,
  failed: string,
  ok: number,
  bad: number,
  good = all,
): InputSeries[] => [pod(good, `0+${ok}x30`), pod(failed, `0+${bad}x30`)];

/** A histogram whose 60 observations a minute all fall in the bucket ending at `upTo`. */
const histogram = (pod: typeof query, series: string, labels: string, bounds: number[], upTo: number) =>
  [...bounds, '+Inf'].map((le) =>
    pod(
      `${series}_bucket{${labels}${labels ? ', ' : ''}le="${le}"}`,
      le === '+Inf' || (le as number) >= upTo ? '0+60x30' : '0x30',
    ),
  );

/** A firing case and a silent one. */
const pair = (firing: AlertCase, silent: AlertCase): AlertCase[] => [firing, silent];

// --- Compact ---

const halted = fires('compact', 'The Thanos Compactor has halted.')(
  'warning',
  { pod: 'thanos-compact-0' },
  `${where('compact')} (thanos-compact-0) halted on an error it cannot retry: no compaction, downsampling or retention runs until it is fixed and restarted.`,
);

const compactions = (failuresPerMinute: number): InputSeries[] => [
  compact('thanos_compact_group_compactions_total{resolution="0"}', '0+3x90'),
  compact('thanos_compact_group_compactions_failures_total{resolution="0"}', `0+${failuresPerMinute}x90`),
];

const bucketOps = (pod: typeof query, failuresPerMinute: number): InputSeries[] => [
  pod('thanos_objstore_bucket_operations_total{bucket="thanos", operation="get"}', '0+100x30'),
  pod(
    'thanos_objstore_bucket_operation_failures_total{bucket="thanos", operation="get"}',
    `0+${failuresPerMinute}x30`,
  ),
];

const lastUpload = (values: string) =>
  compact('thanos_objstore_bucket_last_successful_upload_time{bucket="thanos"}', values);
const notRun = fires('compact', 'The Thanos Compactor has not uploaded a block for a day.')(
  'warning',
  { bucket: 'thanos' },
  `${where('compact')} has uploaded no block to bucket thanos for more than 24 hours: it does not compact, downsample or apply retention.`,
);

// --- Sidecar ---

const SIDECAR_POD = { pod: 'prometheus-k8s-0' };

const noConnection = fires('sidecar', 'The Thanos sidecar cannot reach its running Prometheus.')(
  'critical',
  SIDECAR_POD,
  'The sidecar of monitoring/prometheus-k8s-0 cannot reach the Prometheus in its pod, which has started: Query gets no recent data from this replica.',
);

/** Shipped blocks and the blocks Prometheus wrote, every 5 minutes for 5 hours (a block at 2h). */
const shipping = (uploads: string, written = '0x24 1x36'): InputSeries[] => [
  sidecar('thanos_shipper_uploads_total', uploads),
  prometheus('prometheus_tsdb_compactions_total', written),
];

// --- Query ---

const httpErrors = (handler: string, failedPerMinute: number) =>
  counted(
    query,
    `http_requests_total{handler="${handler}", code="200", method="get"}`,
    `http_requests_total{handler="${handler}", code="500", method="get"}`,
    100 - failedPerMinute,
    failedPerMinute,
  );

const grpcServer = (pod: typeof query, unavailablePerMinute: number): InputSeries[] => {
  const call = 'grpc_service="thanos.Store", grpc_method="Series", grpc_type="server_stream"';
  return [
    pod(`grpc_server_started_total{${call}}`, '0+100x30'),
    pod(`grpc_server_handled_total{${call}, grpc_code="OK"}`, `0+${80 - unavailablePerMinute}x30`),
    pod(`grpc_server_handled_total{${call}, grpc_code="Unavailable"}`, `0+${unavailablePerMinute}x30`),
    // Cancelled by the caller: never the server's failure.
    pod(`grpc_server_handled_total{${call}, grpc_code="Canceled"}`, '0+20x30'),
  ];
};

const SECONDS = [1, 10, 60, 120];

// --- Down ---

const down = (part: ThanosPart, title: string): AlertCase[] => {
  const pod = podOf(part, `${JOBS[part]}-0`);
  const alert = {
    labels: { severity: 'critical' },
    summary: `${title} is down.`,
    description: `No target of ${title.replace(/^The /, 'the ')} (job ${JOBS[part]}) has answered a scrape for 5 minutes.`,
  };
  return [
    { name: 'down for 10 minutes: fires', input: [pod('up', '0x15')], at: '10m', fires: [alert] },
    { name: 'down for 2 minutes: not yet', input: [pod('up', '1x5 0x10')], at: '8m', fires: [] },
    {
      name: 'no target at all: fires',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [alert],
    },
    {
      name: 'one of two pods up: silent',
      input: [pod('up', '0x15'), podOf(part, `${JOBS[part]}-1`)('up', '1x15')],
      at: '10m',
      fires: [],
    },
  ];
};

export const thanosAlertCases: AlertCases = {
  ThanosCompactMultipleRunning: pair(
    {
      name: 'two Compactors up: fires',
      input: [compact('up', '1x15'), podOf('compact', 'thanos-compact-1')('up', '1x15')],
      at: '10m',
      fires: [
        fires('compact', 'More than one Thanos Compactor runs on the same bucket.')(
          'warning',
          {},
          `${where('compact')} runs 2 Compactors; two Compactors on one bucket overlap blocks and can halt each other.`,
        ),
      ],
    },
    {
      name: 'the second one down (a rollout): silent',
      input: [compact('up', '1x15'), podOf('compact', 'thanos-compact-1')('up', '0x15')],
      at: '10m',
      fires: [],
    },
  ),
  ThanosCompactHalted: pair(
    {
      name: 'halted for 10 minutes: fires',
      input: [compact('thanos_compact_halted', '1x15')],
      at: '10m',
      fires: [halted],
    },
    { name: 'running: silent', input: [compact('thanos_compact_halted', '0x15')], at: '10m', fires: [] },
  ),
  ThanosCompactHighCompactionFailures: pair(
    {
      name: 'one compaction in four fails: fires',
      input: compactions(1),
      at: '80m',
      fires: [
        fires('compact', 'The Thanos Compactor fails many compactions.')(
          'warning',
          {},
          `${where('compact')} failed 25% of its compactions in the last hour.`,
        ),
      ],
    },
    { name: 'no compaction fails: silent', input: compactions(0), at: '80m', fires: [] },
  ),
  ThanosCompactBucketHighOperationFailures: pair(
    {
      name: '10% of the bucket operations fail: fires',
      input: bucketOps(compact, 10),
      at: '25m',
      fires: [
        fires('compact', "The Thanos Compactor's operations on the bucket fail.")(
          'warning',
          {},
          `${where('compact')} fails 10% of its operations on the bucket.`,
        ),
      ],
    },
    { name: '1% fail: silent', input: bucketOps(compact, 1), at: '25m', fires: [] },
  ),
  ThanosCompactHasNotRun: [
    {
      name: 'last upload 29 hours ago: fires',
      interval: '1h',
      input: [lastUpload('3600x40')],
      at: '30h',
      fires: [notRun],
    },
    {
      name: 'an upload every hour: silent',
      interval: '1h',
      input: [lastUpload('0+3600x40')],
      at: '30h',
      fires: [],
    },
    {
      name: 'a Compactor deployed 10 hours ago that has not uploaded yet: silent',
      interval: '1h',
      input: [lastUpload('_x20 0x20')],
      at: '30h',
      fires: [],
    },
  ],

  ThanosSidecarBucketOperationsFailed: pair(
    {
      name: 'uploads failing for 10 minutes: fires',
      input: [
        sidecar(
          'thanos_objstore_bucket_operation_failures_total{bucket="thanos", operation="upload"}',
          '0+6x15',
        ),
      ],
      at: '10m',
      fires: [
        fires('sidecar', "The Thanos sidecar's operations on the bucket fail.")(
          'critical',
          SIDECAR_POD,
          "The sidecar of monitoring/prometheus-k8s-0 failed 30 bucket operations in the last 5 minutes: blocks are not shipped and stay on Prometheus' volume only.",
        ),
      ],
    },
    {
      name: 'no failure: silent',
      input: [
        sidecar(
          'thanos_objstore_bucket_operation_failures_total{bucket="thanos", operation="upload"}',
          '0x15',
        ),
      ],
      at: '10m',
      fires: [],
    },
  ),
  ThanosSidecarNoConnectionToStartedPrometheus: [
    {
      name: 'Prometheus started, the sidecar cannot reach it: fires',
      input: [
        sidecar('thanos_sidecar_prometheus_up', '0x15'),
        prometheus('prometheus_tsdb_data_replay_duration_seconds', '2.5x15'),
      ],
      at: '10m',
      fires: [noConnection],
    },
    {
      name: 'Prometheus still replaying its WAL: silent',
      input: [
        sidecar('thanos_sidecar_prometheus_up', '0x15'),
        prometheus('prometheus_tsdb_data_replay_duration_seconds', '0x15'),
      ],
      at: '10m',
      fires: [],
    },
    {
      name: 'connected: silent',
      input: [
        sidecar('thanos_sidecar_prometheus_up', '1x15'),
        prometheus('prometheus_tsdb_data_replay_duration_seconds', '2.5x15'),
      ],
      at: '10m',
      fires: [],
    },
  ],
  ThanosSidecarNoUploads: [
    {
      name: 'Prometheus wrote a block 2 hours ago, none was uploaded: fires',
      interval: '5m',
      input: shipping('0x60'),
      at: '4h',
      fires: [
        fires('sidecar', 'The Thanos sidecar uploads none of the blocks Prometheus writes.')(
          'critical',
          SIDECAR_POD,
          "The sidecar of monitoring/prometheus-k8s-0 uploaded no block in 3 hours while its Prometheus wrote some: they are lost once Prometheus' local retention passes.",
        ),
      ],
    },
    {
      name: 'the block was uploaded: silent',
      interval: '5m',
      input: shipping('0x24 1x36'),
      at: '4h',
      fires: [],
    },
    {
      name: 'a fresh Prometheus that has written no block yet: silent',
      interval: '5m',
      input: shipping('0x60', '0x60'),
      at: '4h',
      fires: [],
    },
  ],

  ThanosQueryHttpRequestQueryErrorRateHigh: pair(
    {
      name: '10% of the instant queries fail: fires',
      input: httpErrors('query', 10),
      at: '10m',
      fires: [
        fires('query', 'Thanos Query fails many instant queries.')(
          'critical',
          {},
          `${where('query')} answers 10% of the instant queries (/api/v1/query) with a server error.`,
        ),
      ],
    },
    { name: '1% fail: silent', input: httpErrors('query', 1), at: '10m', fires: [] },
  ),
  ThanosQueryHttpRequestQueryRangeErrorRateHigh: pair(
    {
      name: '10% of the range queries fail: fires',
      input: httpErrors('query_range', 10),
      at: '10m',
      fires: [
        fires('query', 'Thanos Query fails many range queries.')(
          'critical',
          {},
          `${where('query')} answers 10% of the range queries (/api/v1/query_range, Grafana's panels) with a server error.`,
        ),
      ],
    },
    {
      name: 'instant queries fail, range queries do not: silent',
      input: [...httpErrors('query', 50), ...httpErrors('query_range', 1)],
      at: '10m',
      fires: [],
    },
  ),
  ThanosQueryGrpcServerErrorRate: pair(
    {
      name: '10% of the requests Unavailable: fires',
      input: grpcServer(query, 10),
      at: '10m',
      fires: [
        fires('query', "Thanos Query's gRPC server fails many requests.")(
          'warning',
          {},
          `${where('query')} fails 10% of the gRPC requests it serves.`,
        ),
      ],
    },
    { name: 'only cancellations by the callers: silent', input: grpcServer(query, 0), at: '10m', fires: [] },
  ),
  ThanosQueryGrpcClientErrorRate: pair(
    {
      name: '10% of the requests to the stores fail: fires',
      input: counted(
        query,
        'grpc_client_started_total{grpc_service="thanos.Store", grpc_method="Series", grpc_type="server_stream"}',
        'grpc_client_handled_total{grpc_service="thanos.Store", grpc_method="Series", grpc_type="server_stream", grpc_code="Unavailable"}',
        100,
        10,
      ),
      at: '10m',
      fires: [
        fires('query', 'Thanos Query gets many errors from its stores.')(
          'warning',
          {},
          `${where('query')} gets an error for 10% of its gRPC requests to the sidecars and Store Gateways: answers may be partial.`,
        ),
      ],
    },
    {
      name: '1% fail: silent',
      input: counted(
        query,
        'grpc_client_started_total{grpc_service="thanos.Store", grpc_method="Series", grpc_type="server_stream"}',
        'grpc_client_handled_total{grpc_service="thanos.Store", grpc_method="Series", grpc_type="server_stream", grpc_code="Unavailable"}',
        100,
        1,
      ),
      at: '10m',
      fires: [],
    },
  ),
  ThanosQueryHighDNSFailures: pair(
    {
      name: '5% of the lookups fail for 20 minutes: fires',
      input: counted(
        query,
        'thanos_query_endpoints_dns_lookups_total',
        'thanos_query_endpoints_dns_failures_total',
        100,
        5,
      ),
      at: '25m',
      fires: [
        fires('query', 'Thanos Query fails to resolve its endpoints.')(
          'warning',
          {},
          `${where('query')} fails 5% of the DNS lookups of its endpoints: stores that come and go are missed.`,
        ),
      ],
    },
    {
      name: 'no lookup fails: silent',
      input: counted(
        query,
        'thanos_query_endpoints_dns_lookups_total',
        'thanos_query_endpoints_dns_failures_total',
        100,
        0,
      ),
      at: '25m',
      fires: [],
    },
  ),
  ThanosQueryInstantLatencyHigh: pair(
    {
      name: 'instant queries take up to a minute: fires',
      input: histogram(
        query,
        'http_request_duration_seconds',
        'handler="query", method="get", code="200"',
        SECONDS,
        60,
      ),
      at: '15m',
      fires: [
        fires('query', 'Thanos Query is slow to answer instant queries.')(
          'critical',
          {},
          `${where('query')} answers 99% of the instant queries within 59.5s, more than 40s.`,
        ),
      ],
    },
    {
      name: 'within 10 seconds: silent',
      input: histogram(
        query,
        'http_request_duration_seconds',
        'handler="query", method="get", code="200"',
        SECONDS,
        10,
      ),
      at: '15m',
      fires: [],
    },
  ),
  ThanosQueryRangeLatencyHigh: pair(
    {
      name: 'range queries take up to 2 minutes: fires',
      input: histogram(
        query,
        'http_request_duration_seconds',
        'handler="query_range", method="get", code="200"',
        SECONDS,
        120,
      ),
      at: '15m',
      fires: [
        fires('query', 'Thanos Query is slow to answer range queries.')(
          'critical',
          {},
          `${where('query')} answers 99% of the range queries within 1m 59s, more than 90s.`,
        ),
      ],
    },
    {
      name: 'slow instant queries, quick range queries: silent',
      input: [
        ...histogram(
          query,
          'http_request_duration_seconds',
          'handler="query", method="get", code="200"',
          SECONDS,
          120,
        ),
        ...histogram(
          query,
          'http_request_duration_seconds',
          'handler="query_range", method="get", code="200"',
          SECONDS,
          10,
        ),
      ],
      at: '15m',
      fires: [],
    },
  ),
  ThanosQueryOverload: pair(
    {
      name: '19 of 20 slots busy for 20 minutes: fires',
      input: [
        query('thanos_query_concurrent_gate_queries_in_flight', '19x25'),
        query('thanos_query_concurrent_gate_queries_max', '20x25'),
      ],
      at: '22m',
      fires: [
        fires('query', 'Thanos Query runs as many queries as it may at once.')(
          'warning',
          { pod: 'thanos-query-0' },
          `${where('query')} (thanos-query-0) used 95% of its concurrent query slots over 5 minutes: further queries wait.`,
        ),
      ],
    },
    {
      name: '5 of 20 busy: silent',
      input: [
        query('thanos_query_concurrent_gate_queries_in_flight', '5x25'),
        query('thanos_query_concurrent_gate_queries_max', '20x25'),
      ],
      at: '22m',
      fires: [],
    },
  ),

  ThanosStoreGrpcErrorRate: pair(
    {
      name: '10% of the requests Unavailable: fires',
      input: grpcServer(store, 10),
      at: '10m',
      fires: [
        fires('store', 'The Thanos Store Gateway fails many gRPC requests.')(
          'warning',
          {},
          `${where('store')} fails 10% of the gRPC requests of Query: long-term data is missing from answers.`,
        ),
      ],
    },
    { name: 'only cancellations by the callers: silent', input: grpcServer(store, 0), at: '10m', fires: [] },
  ),
  ThanosStoreSeriesGateLatencyHigh: pair(
    {
      name: 'requests wait up to 5 seconds: fires',
      input: histogram(store, 'thanos_bucket_store_series_gate_duration_seconds', '', [0.1, 1, 5], 5),
      at: '15m',
      fires: [
        fires('store', 'Series requests wait long at the Thanos Store Gateway.')(
          'warning',
          {},
          `${where('store')} makes 99% of its Series requests wait up to 4.96s for a slot, more than 2s.`,
        ),
      ],
    },
    {
      name: 'up to 100ms: silent',
      input: histogram(store, 'thanos_bucket_store_series_gate_duration_seconds', '', [0.1, 1, 5], 0.1),
      at: '15m',
      fires: [],
    },
  ),
  ThanosStoreBucketHighOperationFailures: pair(
    {
      name: '10% of the bucket operations fail: fires',
      input: bucketOps(store, 10),
      at: '25m',
      fires: [
        fires('store', "The Thanos Store Gateway's operations on the bucket fail.")(
          'warning',
          {},
          `${where('store')} fails 10% of its operations on the bucket: queries of long-term data fail.`,
        ),
      ],
    },
    { name: '1% fail: silent', input: bucketOps(store, 1), at: '25m', fires: [] },
  ),
  ThanosStoreObjstoreOperationLatencyHigh: pair(
    {
      name: 'get_range operations take up to 30 seconds: fires',
      input: histogram(
        store,
        'thanos_objstore_bucket_operation_duration_seconds',
        'bucket="thanos", operation="get_range"',
        [1, 10, 30],
        30,
      ),
      at: '15m',
      fires: [
        fires('store', 'The bucket is slow to answer the Thanos Store Gateway.')(
          'warning',
          { operation: 'get_range' },
          `${where('store')} sees 99% of its get_range operations on the bucket take up to 29.8s, more than 10s.`,
        ),
      ],
    },
    {
      name: 'up to a second: silent',
      input: histogram(
        store,
        'thanos_objstore_bucket_operation_duration_seconds',
        'bucket="thanos", operation="get_range"',
        [1, 10, 30],
        1,
      ),
      at: '15m',
      fires: [],
    },
  ),

  ThanosQueryIsDown: down('query', 'Thanos Query'),
  ThanosQueryFrontendIsDown: down('queryFrontend', 'Thanos Query Frontend'),
  ThanosStoreIsDown: down('store', 'The Thanos Store Gateway'),
  ThanosCompactIsDown: down('compact', 'The Thanos Compactor'),
  ThanosSidecarIsDown: down('sidecar', 'The Thanos sidecar'),
};
