// The promtool cases of the tempo mixin (tests only): each alert fires when it should and stays
// silent when it should not, and the recording rules record what the alerts and dashboards read.
import {
  type AlertCase,
  type AlertCases,
  expectation,
  type InputSeries,
  type RecordCases,
  seriesWith,
} from '@mixstack/kit';
import type { TempoTarget } from '../distributed/components.js';
import { RECORDING_GROUP, ROUTE_RECORDS, WORKLOAD_DOWN_IMPACT } from './rules.js';

/** The labels of the stack's Tempo as Prometheus scrapes it. */
const TEMPO = { cluster: 'test', namespace: 'monitoring', job: 'tempo' };
const tempo = seriesWith('cluster="test", namespace="monitoring", job="tempo", pod="tempo-0"');
const tempoPod1 = seriesWith('cluster="test", namespace="monitoring", job="tempo", pod="tempo-1"');
/** A workload of the distributed mode: its job is its Service's name, `tempo-<target>`. */
const workload = (target: string) =>
  seriesWith(`cluster="test", namespace="monitoring", job="tempo-${target}", pod="tempo-${target}-0"`);
const inWorkload = (target: string) => ({ ...TEMPO, job: `tempo-${target}` });

/** Tempo's tenant when multi-tenancy is off. */
const TENANT = 'single-tenant';
const TRACE_BY_ID = 'api_traces_traceid';
const SEARCH = 'api_search';
const STREAMING_SEARCH = '/tempopb.StreamingQuerier/Search';
const REMOTE_WRITE_URL = 'http://prometheus-k8s.monitoring.svc:9090/api/v1/write';

/** Requests of one route and status, counted up by `perMinute` every minute for 30 minutes. */
const requests = (route: string, status: string, perMinute: number) =>
  tempo(
    `tempo_request_duration_seconds_count{route="${route}", status_code="${status}", method="GET"}`,
    `0+${perMinute}x30`,
  );

/** The buckets of a request-duration histogram whose 60 observations a minute all take up to `upTo` seconds. */
const durations = (route: string, upTo: number): InputSeries[] =>
  [0.5, 1, 5, '+Inf'].map((le) =>
    tempo(
      `tempo_request_duration_seconds_bucket{route="${route}", status_code="200", method="GET", le="${le}"}`,
      le === '+Inf' || (le as number) >= upTo ? '0+60x30' : '0x30',
    ),
  );

const fires = (summary: string) => expectation(summary, TEMPO);

const down = {
  labels: { severity: 'critical' },
  summary: 'Tempo is down.',
  description: 'No Tempo target has answered a scrape for 5 minutes.',
};

/** Every workload of the distributed mode. */
const TARGETS = Object.keys(WORKLOAD_DOWN_IMPACT) as TempoTarget[];

/** The `up` of every workload for 15 minutes: 0 (down) for those in `down`, 1 for the others. */
const workloadsUp = (down: readonly TempoTarget[], inCluster = workload) =>
  TARGETS.map((target) => inCluster(target)('up', down.includes(target) ? '0x15' : '1x15'));

/** A workload of the distributed mode in cluster `cluster` (the two-cluster cases). */
const workloadIn = (cluster: string) => (target: string) =>
  seriesWith(`cluster="${cluster}", namespace="monitoring", job="tempo-${target}", pod="tempo-${target}-0"`);

/** TempoComponentDown for one workload, in cluster `test` unless told. */
const componentDown = (target: TempoTarget, cluster = 'test') =>
  expectation('A workload of Tempo is down.', { ...inWorkload(target), cluster })(
    'critical',
    {},
    `No target of monitoring/tempo-${target} has answered a scrape for 5 minutes: ${WORKLOAD_DOWN_IMPACT[target]}.`,
  );

const requestErrors = fires('Tempo answers many requests of one route with a server error.')(
  'critical',
  { route: TRACE_BY_ID },
  `monitoring/tempo answers 66.67% of the requests to ${TRACE_BY_ID} with a server error (5xx or gRPC error).`,
);

const slow = fires('Tempo is slow to answer the requests of one route.')(
  'warning',
  { route: TRACE_BY_ID },
  `monitoring/tempo answers 99% of the requests to ${TRACE_BY_ID} within 4.96s, more than 3s.`,
);

const queryErrors = fires('Tempo fails many TraceQL queries.')(
  'warning',
  {},
  'monitoring/tempo answers 66.67% of the TraceQL searches and metrics queries with a server error (5xx or gRPC error).',
);

const refusing = fires("Tempo's receivers refuse spans.")(
  'critical',
  { receiver: 'otlp', transport: 'grpc' },
  'monitoring/tempo refuses 10% of the spans sent to its otlp receiver over grpc; the senders drop them or retry.',
);

const discarding = fires('Tempo discards more than 1% of the spans it receives.')(
  'warning',
  { tenant: TENANT, reason: 'rate_limited' },
  `monitoring/tempo discards 10% of the spans of tenant ${TENANT} as rate_limited; those spans are lost.`,
);

const flushesFailing = fires('Tempo fails to write its blocks.')(
  'critical',
  {},
  'monitoring/tempo failed 30 times in the last hour to complete a block from its WAL or to flush it to the backend; the traces stay on the local volume until it succeeds.',
);

const jobsFailing = fires("Tempo's backend jobs (compaction, retention) fail.")(
  'warning',
  { job_type: 'JOB_TYPE_COMPACTION' },
  'monitoring/tempo failed 20% of its JOB_TYPE_COMPACTION jobs in the last hour: blocks pile up in the backend.',
);

const retentionFailing = fires('Tempo fails to apply its retention.')(
  'warning',
  {},
  'monitoring/tempo failed 30 times in the last hour to apply retention: traces past their retention period are not deleted.',
);

const notDeleted = fires('Tempo marks blocks for deletion but does not delete them.')(
  'warning',
  {},
  'monitoring/tempo marked 18 blocks past their retention for deletion in the last 6 hours and deleted none: its storage keeps growing.',
);

const remoteWriteFailing = fires("Tempo's metrics-generator cannot write span metrics to Prometheus.")(
  'warning',
  { tenant: TENANT, url: REMOTE_WRITE_URL },
  `monitoring/tempo fails to remote-write 10% of the span-metrics and service-graph samples of tenant ${TENANT} to ${REMOTE_WRITE_URL}; RED panels and the service graph have gaps.`,
);

const generatorDiscarding = fires("Tempo's metrics-generator leaves spans out of the span metrics.")(
  'warning',
  { tenant: TENANT, reason: 'outside_metrics_ingestion_slack' },
  `monitoring/tempo discards 10% of the spans of tenant ${TENANT} as outside_metrics_ingestion_slack before counting them: span metrics under-count.`,
);

const graphDropping = fires("Tempo's service graph drops spans.")(
  'warning',
  { tenant: TENANT },
  `monitoring/tempo drops 10% of the spans of tenant ${TENANT} from the service graph (more open edges than max_items): edges are missing.`,
);

const receiver = (kind: 'accepted' | 'refused', values: string) =>
  tempo(`tempo_receiver_${kind}_spans{receiver="otlp", transport="grpc"}`, values);
const discarded = (reason: string, values: string) =>
  tempo(`tempo_discarded_spans_total{tenant="${TENANT}", reason="${reason}"}`, values);
const received = (values: string) =>
  tempo(`tempo_distributor_spans_received_total{tenant="${TENANT}"}`, values);
const jobs = (kind: 'completed' | 'failed', values: string) =>
  tempo(
    `tempo_backend_scheduler_jobs_${kind}_total{tenant="${TENANT}", job_type="JOB_TYPE_COMPACTION"}`,
    values,
  );
const remoteWrite = (kind: '' | '_failed', values: string) =>
  tempo(
    `prometheus_remote_storage_samples${kind}_total{tenant="${TENANT}", remote_name="prometheus", url="${REMOTE_WRITE_URL}"}`,
    values,
  );
const generatorReceived = (values: string) =>
  tempo(`tempo_metrics_generator_spans_received_total{tenant="${TENANT}"}`, values);
const generatorDiscarded = (values: string) =>
  tempo(
    `tempo_metrics_generator_spans_discarded_total{tenant="${TENANT}", reason="outside_metrics_ingestion_slack"}`,
    values,
  );
const graphDropped = (values: string) =>
  tempo(`tempo_metrics_generator_processor_service_graphs_dropped_spans{tenant="${TENANT}"}`, values);

/** Samples every 10 minutes, for 10 hours. */
const everyTenMinutes = { interval: '10m' } as const;

export const tempoAlertCases: AlertCases = {
  TempoDown: [
    { name: 'down for 10 minutes: fires', input: [tempo('up', '0x15')], at: '10m', fires: [down] },
    { name: 'down for 2 minutes: not yet', input: [tempo('up', '1x5 0x10')], at: '8m', fires: [] },
    {
      name: 'no target at all: fires',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [down],
    },
    {
      name: 'one of two pods up: silent',
      input: [tempo('up', '0x15'), tempoPod1('up', '1x15')],
      at: '10m',
      fires: [],
    },
    {
      name: 'distributed mode, the workloads answer: silent',
      input: [workload('distributor')('up', '1x15'), workload('querier')('up', '1x15')],
      at: '10m',
      fires: [],
    },
    {
      name: 'distributed mode, every workload down: fires',
      input: [workload('distributor')('up', '0x15'), workload('querier')('up', '0x15')],
      at: '10m',
      fires: [down],
    },
  ],
  TempoComponentDown: [
    {
      name: 'distributed mode, the distributor down, the rest up: fires, naming what stops',
      input: workloadsUp(['distributor']),
      at: '10m',
      fires: [
        {
          labels: { severity: 'critical', ...inWorkload('distributor') },
          summary: 'A workload of Tempo is down.',
          description:
            'No target of monitoring/tempo-distributor has answered a scrape for 5 minutes: spans are refused, the senders retry and then drop them.',
        },
      ],
    },
    // Each workload's description names its own impact (the template picks it by job).
    ...TARGETS.filter((target) => target !== 'distributor').map(
      (target): AlertCase => ({
        name: `distributed mode, the ${target} down, the rest up: fires`,
        input: workloadsUp([target]),
        at: '10m',
        fires: [componentDown(target)],
      }),
    ),
    {
      name: 'the block-builder and the backend scheduler down: fires for each',
      input: workloadsUp(['block-builder', 'backend-scheduler']),
      at: '10m',
      fires: [componentDown('block-builder'), componentDown('backend-scheduler')],
    },
    {
      name: 'the distributor down for 2 minutes: not yet',
      input: [
        ...workloadsUp([]).filter((s) => !s.series.includes('tempo-distributor')),
        workload('distributor')('up', '1x5 0x10'),
      ],
      at: '8m',
      fires: [],
    },
    {
      name: 'one of two distributor pods down: silent',
      input: [
        ...workloadsUp(['distributor']),
        seriesWith(
          'cluster="test", namespace="monitoring", job="tempo-distributor", pod="tempo-distributor-1"',
        )('up', '1x15'),
      ],
      at: '10m',
      fires: [],
    },
    { name: 'every workload up: silent', input: workloadsUp([]), at: '10m', fires: [] },
    {
      name: 'monolithic mode, tempo down (TempoDown): silent',
      input: [tempo('up', '0x15')],
      at: '10m',
      fires: [],
    },
    {
      name: 'every workload down (TempoDown alone pages): silent',
      input: workloadsUp(TARGETS),
      at: '10m',
      fires: [],
    },
    {
      name: 'no Tempo target at all (TempoDown): silent',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [],
    },
    {
      name: 'two clusters, the distributor down in a: fires for a only',
      input: [...workloadsUp(['distributor'], workloadIn('a')), ...workloadsUp([], workloadIn('b'))],
      at: '10m',
      fires: [componentDown('distributor', 'a')],
    },
    {
      name: 'two clusters, every workload of a down, b up: silent (TempoDown for a)',
      input: [...workloadsUp(TARGETS, workloadIn('a')), ...workloadsUp([], workloadIn('b'))],
      at: '10m',
      fires: [],
    },
  ],
  TempoRequestErrors: [
    {
      name: 'two thirds of the trace lookups fail: fires',
      input: [requests(TRACE_BY_ID, '500', 60), requests(TRACE_BY_ID, '200', 30)],
      at: '20m',
      fires: [requestErrors],
    },
    {
      name: 'two thirds fail, for 10 minutes: not yet',
      input: [requests(TRACE_BY_ID, '500', 60), requests(TRACE_BY_ID, '200', 30)],
      at: '10m',
      fires: [],
    },
    {
      name: 'one in twenty fails: silent',
      input: [requests(TRACE_BY_ID, '500', 3), requests(TRACE_BY_ID, '200', 57)],
      at: '20m',
      fires: [],
    },
    {
      name: 'client errors (4xx) only: silent',
      input: [requests(TRACE_BY_ID, '404', 60), requests(TRACE_BY_ID, '200', 30)],
      at: '20m',
      fires: [],
    },
    {
      name: 'TraceQL searches fail (the other alert): silent',
      input: [requests(SEARCH, '500', 60), requests(SEARCH, '200', 30)],
      at: '20m',
      fires: [],
    },
  ],
  TempoRequestLatency: [
    {
      name: 'trace lookups take up to 5s for 20 minutes: fires',
      input: durations(TRACE_BY_ID, 5),
      at: '20m',
      fires: [slow],
    },
    {
      name: 'trace lookups take up to 5s for 10 minutes: not yet',
      input: durations(TRACE_BY_ID, 5),
      at: '10m',
      fires: [],
    },
    { name: 'trace lookups take 0.5s: silent', input: durations(TRACE_BY_ID, 0.5), at: '20m', fires: [] },
    {
      name: "the querier's long poll of the frontend: silent",
      input: durations('/frontend.Frontend/Process', 5),
      at: '20m',
      fires: [],
    },
  ],
  TempoTraceQLQueryErrors: [
    {
      name: 'two thirds of the searches fail: fires',
      input: [requests(SEARCH, '500', 60), requests(SEARCH, '200', 30)],
      at: '20m',
      fires: [queryErrors],
    },
    {
      name: 'streaming searches (gRPC) fail: fires',
      input: [requests(STREAMING_SEARCH, 'error', 60), requests(STREAMING_SEARCH, 'success', 30)],
      at: '20m',
      fires: [queryErrors],
    },
    {
      name: 'streaming searches canceled by the client: silent',
      input: [requests(STREAMING_SEARCH, 'cancel', 60), requests(STREAMING_SEARCH, 'success', 30)],
      at: '20m',
      fires: [],
    },
    {
      name: 'one search in fifty fails: silent',
      input: [requests(SEARCH, '500', 1), requests(SEARCH, '200', 49)],
      at: '20m',
      fires: [],
    },
    {
      name: 'trace lookups fail (not TraceQL): silent',
      input: [requests(TRACE_BY_ID, '500', 60), requests(TRACE_BY_ID, '200', 30)],
      at: '20m',
      fires: [],
    },
  ],
  TempoReceiverRefusingSpans: [
    {
      name: 'one span in ten refused for 20 minutes: fires',
      input: [receiver('accepted', '0+540x30'), receiver('refused', '0+60x30')],
      at: '20m',
      fires: [refusing],
    },
    {
      name: 'every span accepted: silent',
      input: [receiver('accepted', '0+540x30'), receiver('refused', '0x30')],
      at: '20m',
      fires: [],
    },
  ],
  TempoDiscardingSpans: [
    {
      name: 'one span in ten rate limited for 20 minutes: fires',
      input: [discarded('rate_limited', '0+60x30'), received('0+600x30')],
      at: '20m',
      fires: [discarding],
    },
    {
      name: "distributed mode, the distributor's spans: fires, naming its job",
      input: [
        workload('distributor')(
          `tempo_discarded_spans_total{tenant="${TENANT}", reason="rate_limited"}`,
          '0+60x30',
        ),
        workload('distributor')(`tempo_distributor_spans_received_total{tenant="${TENANT}"}`, '0+600x30'),
      ],
      at: '20m',
      fires: [
        expectation('Tempo discards more than 1% of the spans it receives.', inWorkload('distributor'))(
          'warning',
          { tenant: TENANT, reason: 'rate_limited' },
          `monitoring/tempo-distributor discards 10% of the spans of tenant ${TENANT} as rate_limited; those spans are lost.`,
        ),
      ],
    },
    {
      name: 'one span in two hundred too large: silent',
      input: [discarded('trace_too_large', '0+3x30'), received('0+600x30')],
      at: '20m',
      fires: [],
    },
  ],
  TempoBlockFlushesFailing: [
    {
      name: 'a flush to the backend fails every minute: fires',
      input: [tempo('tempo_live_store_local_failed_flushes_total', '0+1x90')],
      at: '30m',
      fires: [flushesFailing],
    },
    {
      name: 'a WAL block fails to complete every minute: fires',
      input: [tempo('tempo_live_store_failed_completions_total', '0+1x90')],
      at: '30m',
      fires: [flushesFailing],
    },
    {
      name: 'ten failures, none in the last half hour: silent',
      input: [tempo('tempo_live_store_local_failed_flushes_total', '0+1x10 10x80')],
      at: '40m',
      fires: [],
    },
    {
      name: 'one failure (retried and flushed): silent',
      input: [tempo('tempo_live_store_local_failed_flushes_total', '0x10 1x80')],
      at: '40m',
      fires: [],
    },
  ],
  TempoBackendJobsFailing: [
    {
      name: 'one compaction job in five fails for 90 minutes: fires',
      input: [jobs('completed', '0+4x150'), jobs('failed', '0+1x150')],
      at: '90m',
      fires: [jobsFailing],
    },
    {
      name: 'one compaction job in five fails for 40 minutes: not yet',
      input: [jobs('completed', '0+4x150'), jobs('failed', '0+1x150')],
      at: '40m',
      fires: [],
    },
    {
      name: "distributed mode, the backend scheduler's jobs: fires, naming its job",
      input: [
        workload('backend-scheduler')(
          `tempo_backend_scheduler_jobs_completed_total{tenant="${TENANT}", job_type="JOB_TYPE_COMPACTION"}`,
          '0+4x150',
        ),
        workload('backend-scheduler')(
          `tempo_backend_scheduler_jobs_failed_total{tenant="${TENANT}", job_type="JOB_TYPE_COMPACTION"}`,
          '0+1x150',
        ),
      ],
      at: '90m',
      fires: [
        expectation("Tempo's backend jobs (compaction, retention) fail.", inWorkload('backend-scheduler'))(
          'warning',
          { job_type: 'JOB_TYPE_COMPACTION' },
          'monitoring/tempo-backend-scheduler failed 20% of its JOB_TYPE_COMPACTION jobs in the last hour: blocks pile up in the backend.',
        ),
      ],
    },
    {
      name: 'one job in twenty-one fails: silent',
      input: [jobs('completed', '0+20x150'), jobs('failed', '0+1x150')],
      at: '90m',
      fires: [],
    },
  ],
  TempoRetentionFailing: [
    {
      name: 'retention fails every minute: fires',
      input: [tempo('tempodb_retention_errors_total', '0+1x90')],
      at: '30m',
      fires: [retentionFailing],
    },
    {
      name: 'no error: silent',
      input: [tempo('tempodb_retention_errors_total', '0x90')],
      at: '30m',
      fires: [],
    },
  ],
  TempoBlocksNotDeleted: [
    {
      name: 'blocks marked every 10 minutes, none deleted for 3 hours: fires',
      ...everyTenMinutes,
      input: [
        tempo('tempodb_retention_marked_for_deletion_total', '0+1x60'),
        tempo('tempodb_retention_deleted_total', '5x60'),
      ],
      at: '3h',
      fires: [notDeleted],
    },
    {
      name: 'blocks marked and deleted: silent',
      ...everyTenMinutes,
      input: [
        tempo('tempodb_retention_marked_for_deletion_total', '0+1x60'),
        tempo('tempodb_retention_deleted_total', '0+1x60'),
      ],
      at: '3h',
      fires: [],
    },
    {
      name: 'nothing past its retention yet: silent',
      ...everyTenMinutes,
      input: [
        tempo('tempodb_retention_marked_for_deletion_total', '0x60'),
        tempo('tempodb_retention_deleted_total', '0x60'),
      ],
      at: '3h',
      fires: [],
    },
  ],
  TempoMetricsGeneratorRemoteWriteFailing: [
    {
      name: 'one sample in ten fails for 20 minutes: fires',
      input: [remoteWrite('', '0+600x30'), remoteWrite('_failed', '0+60x30')],
      at: '20m',
      fires: [remoteWriteFailing],
    },
    {
      name: 'every sample written: silent',
      input: [remoteWrite('', '0+600x30'), remoteWrite('_failed', '0x30')],
      at: '20m',
      fires: [],
    },
  ],
  TempoMetricsGeneratorDiscardingSpans: [
    {
      name: 'one span in ten arrives too late to count: fires',
      input: [generatorReceived('0+600x30'), generatorDiscarded('0+60x30')],
      at: '20m',
      fires: [generatorDiscarding],
    },
    {
      name: 'one span in two hundred: silent',
      input: [generatorReceived('0+600x30'), generatorDiscarded('0+3x30')],
      at: '20m',
      fires: [],
    },
  ],
  TempoServiceGraphsDroppingSpans: [
    {
      name: 'one span in ten dropped from the graph: fires',
      input: [generatorReceived('0+600x30'), graphDropped('0+60x30')],
      at: '20m',
      fires: [graphDropping],
    },
    {
      name: 'none dropped: silent',
      input: [generatorReceived('0+600x30'), graphDropped('0x30')],
      at: '20m',
      fires: [],
    },
  ],
};

/** The records of one route whose 60 requests a minute each take up to 1s (0.5s on average). */
const lookups: InputSeries[] = [
  ...[1, '+Inf'].map((le) =>
    tempo(
      `tempo_request_duration_seconds_bucket{route="${TRACE_BY_ID}", status_code="200", method="GET", le="${le}"}`,
      '0+60x10',
    ),
  ),
  tempo(
    `tempo_request_duration_seconds_sum{route="${TRACE_BY_ID}", status_code="200", method="GET"}`,
    '0+30x10',
  ),
  tempo(
    `tempo_request_duration_seconds_count{route="${TRACE_BY_ID}", status_code="200", method="GET"}`,
    '0+60x10',
  ),
];

const routeLabels = `cluster="test", job="tempo", namespace="monitoring", route="${TRACE_BY_ID}"`;

export const tempoRecordCases: RecordCases = {
  [RECORDING_GROUP]: [
    {
      name: 'the 99th percentile by route (all requests under 1s: 0.99s by interpolation)',
      input: lookups,
      at: '5m',
      expr: ROUTE_RECORDS.p99,
      samples: [{ labels: `${ROUTE_RECORDS.p99}{${routeLabels}}`, value: 0.99 }],
    },
    {
      name: 'the median by route',
      input: lookups,
      at: '5m',
      expr: ROUTE_RECORDS.p50,
      samples: [{ labels: `${ROUTE_RECORDS.p50}{${routeLabels}}`, value: 0.5 }],
    },
    {
      name: 'the average by route (the pod summed away)',
      input: lookups,
      at: '5m',
      expr: ROUTE_RECORDS.avg,
      samples: [{ labels: `${ROUTE_RECORDS.avg}{${routeLabels}}`, value: 0.5 }],
    },
    {
      name: 'the request rate by route',
      input: lookups,
      at: '5m',
      expr: ROUTE_RECORDS.countRate,
      samples: [{ labels: `${ROUTE_RECORDS.countRate}{${routeLabels}}`, value: 1 }],
    },
  ],
};
