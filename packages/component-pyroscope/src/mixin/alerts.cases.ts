// The promtool cases of the pyroscope mixin (tests only): each alert fires when it should and
// stays silent when it should not, and the recording rules record what the alerts and
// dashboards read. The series carry the labels Pyroscope, Alloy and the stack's scrape
// configuration give them (see rules.ts).
import { type AlertCases, expectation, type InputSeries, type RecordCases, seriesWith } from '@mixstack/kit';
import { COMPRESSED_BYTES_RECORDS, RECORDING_GROUP, ROUTE_RECORDS } from './rules.js';

/** The labels of the stack's Pyroscope as Prometheus scrapes it. */
const PYROSCOPE = { cluster: 'test', namespace: 'monitoring', job: 'pyroscope' };
const pyroscope = seriesWith('cluster="test", namespace="monitoring", job="pyroscope", pod="pyroscope-0"');
const pyroscopePod1 = seriesWith(
  'cluster="test", namespace="monitoring", job="pyroscope", pod="pyroscope-1"',
);

/** The collector's pyroscope.write component, as Prometheus scrapes Alloy. */
const ALLOY = { cluster: 'test', namespace: 'monitoring', job: 'alloy' };
/** The collector's eBPF profiler: a DaemonSet of its own, in a namespace of its own. */
const PROFILER = { cluster: 'test', namespace: 'monitoring-profiler', job: 'alloy-profiler' };
const ENDPOINT = 'http://pyroscope.monitoring.svc:4040';
const profiler = seriesWith(
  `cluster="test", namespace="monitoring-profiler", job="alloy-profiler", pod="alloy-profiler-q8r4z", component_id="pyroscope.write.profiles", component_path="/", endpoint="${ENDPOINT}"`,
);
const alloy = seriesWith(
  `cluster="test", namespace="monitoring", job="alloy", pod="alloy-x7k2p", component_id="pyroscope.write.profiles", component_path="/", endpoint="${ENDPOINT}"`,
);

/** Pyroscope's tenant when multi-tenancy is off. */
const TENANT = 'anonymous';
const PUSH = 'push_v1_pusherservice_push';
const MERGE = 'querier_v1_querierservice_selectmergestacktraces';

/** Requests of one route and status, counted up by `perMinute` every minute for 30 minutes. */
const requests = (route: string, status: string, perMinute: number) =>
  pyroscope(
    `pyroscope_request_duration_seconds_count{route="${route}", status_code="${status}", method="POST"}`,
    `0+${perMinute}x30`,
  );

/** The buckets of a request-duration histogram whose 60 observations a minute all take up to `upTo` seconds. */
const durations = (route: string, upTo: number): InputSeries[] =>
  [0.5, 1, 5, 10, '+Inf'].map((le) =>
    pyroscope(
      `pyroscope_request_duration_seconds_bucket{route="${route}", status_code="200", method="POST", le="${le}"}`,
      le === '+Inf' || (le as number) >= upTo ? '0+60x30' : '0x30',
    ),
  );

const fires = (summary: string) => expectation(summary, PYROSCOPE);

const down = {
  labels: { severity: 'critical' },
  summary: 'Pyroscope is down.',
  description: 'No Pyroscope target has answered a scrape for 5 minutes.',
};

const requestErrors = fires('Pyroscope fails many of the profiles pushed to it.')(
  'critical',
  { route: PUSH },
  `monitoring/pyroscope answers 66.67% of the requests to ${PUSH} with a server error (5xx or gRPC error); the collectors retry, then drop the profiles.`,
);

const slow = fires('Pyroscope is slow to accept profiles.')(
  'warning',
  { route: PUSH },
  `monitoring/pyroscope answers 99% of the requests to ${PUSH} within 9.95s, more than 5s; pushes near the collectors' 10s timeout fail and are retried.`,
);

const queryErrors = fires('Pyroscope fails many profile queries.')(
  'warning',
  {},
  'monitoring/pyroscope answers 66.67% of the flame graph, series and label queries with a server error (5xx or gRPC error).',
);

const discarding = (share: string) =>
  fires('Pyroscope discards more than 1% of the profiles it receives.')(
    'warning',
    { tenant: TENANT, reason: 'rate_limited' },
    `monitoring/pyroscope discards ${share}% of the profiles of tenant ${TENANT} as rate_limited; those profiles are lost.`,
  );

const uploadsFailing = fires('Pyroscope fails to write its segments to the object store.')(
  'critical',
  {},
  'monitoring/pyroscope fails 10% of its uploads of segments to the object store; the pushes waiting on them fail and the collectors retry, then drop the profiles.',
);

const noLeader = fires("Pyroscope's metastore has no Raft leader.")(
  'critical',
  {},
  'No metastore node of monitoring/pyroscope has been the Raft leader for 5 minutes: new segments cannot be registered, so writes fail, and queries cannot find blocks.',
);

const compactionFailing = fires("Pyroscope's compaction jobs fail.")(
  'warning',
  {},
  'monitoring/pyroscope failed 20% of its compaction jobs in the last hour: small segments pile up in the object store and queries slow down.',
);

const writesFailing = (share: string, collector = ALLOY) =>
  expectation('The collector drops profiles it cannot push to Pyroscope.', collector)(
    'warning',
    { endpoint: ENDPOINT },
    `The collector ${collector.namespace}/${collector.job} drops ${share}% of the profiles it pushes to ${ENDPOINT} after its retries run out; those profiles are lost.`,
  );

const discarded = (values: string) =>
  pyroscope(`pyroscope_discarded_samples_total{reason="rate_limited", tenant="${TENANT}"}`, values);
const received = (values: string) =>
  pyroscope(
    `pyroscope_distributor_received_compressed_bytes_count{type="process_cpu", tenant="${TENANT}"}`,
    values,
  );
const uploads = (status: 'success' | 'error', values: string) =>
  pyroscope(`pyroscope_segment_writer_upload_duration_seconds_count{status="${status}"}`, values);
const raft = (state: string, values: string) =>
  pyroscope(`pyroscope_metastore_raft_state{state="${state}"}`, values);
const compactions = (status: 'success' | 'failure', values: string) =>
  pyroscope(
    `pyroscope_compaction_worker_jobs_completed_total{tenant="${TENANT}", level="0", status="${status}"}`,
    values,
  );
const pushed = (kind: 'sent' | 'dropped', values: string) =>
  alloy(`pyroscope_write_${kind}_profiles_total`, values);

export const pyroscopeAlertCases: AlertCases = {
  PyroscopeDown: [
    { name: 'down for 10 minutes: fires', input: [pyroscope('up', '0x15')], at: '10m', fires: [down] },
    { name: 'down for 2 minutes: not yet', input: [pyroscope('up', '1x5 0x10')], at: '8m', fires: [] },
    {
      name: 'no target at all: fires',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [down],
    },
    {
      name: 'one of two pods up: silent',
      input: [pyroscope('up', '0x15'), pyroscopePod1('up', '1x15')],
      at: '10m',
      fires: [],
    },
  ],
  PyroscopeRequestErrors: [
    {
      name: 'two thirds of the pushes fail: fires',
      input: [requests(PUSH, '500', 60), requests(PUSH, '200', 30)],
      at: '20m',
      fires: [requestErrors],
    },
    {
      name: 'two thirds fail, for 10 minutes: not yet',
      input: [requests(PUSH, '500', 60), requests(PUSH, '200', 30)],
      at: '10m',
      fires: [],
    },
    {
      name: 'one push in twenty fails: silent',
      input: [requests(PUSH, '503', 3), requests(PUSH, '200', 57)],
      at: '20m',
      fires: [],
    },
    {
      name: 'client errors (4xx) only: silent',
      input: [requests(PUSH, '400', 60), requests(PUSH, '200', 30)],
      at: '20m',
      fires: [],
    },
    {
      name: 'queries fail (the other alert): silent',
      input: [requests(MERGE, '500', 60), requests(MERGE, '200', 30)],
      at: '20m',
      fires: [],
    },
  ],
  PyroscopeRequestLatency: [
    {
      name: 'pushes take up to 10s for 20 minutes: fires',
      input: durations(PUSH, 10),
      at: '20m',
      fires: [slow],
    },
    {
      name: 'pushes take up to 10s for 10 minutes: not yet',
      input: durations(PUSH, 10),
      at: '10m',
      fires: [],
    },
    { name: 'pushes take 1s: silent', input: durations(PUSH, 1), at: '20m', fires: [] },
    {
      name: 'slow flame graph queries (not a push): silent',
      input: durations(MERGE, 10),
      at: '20m',
      fires: [],
    },
  ],
  PyroscopeQueryErrors: [
    {
      name: 'two thirds of the flame graph queries fail: fires',
      input: [requests(MERGE, '500', 60), requests(MERGE, '200', 30)],
      at: '20m',
      fires: [queryErrors],
    },
    {
      name: 'one query in fifty fails: silent',
      input: [requests(MERGE, '500', 1), requests(MERGE, '200', 49)],
      at: '20m',
      fires: [],
    },
    {
      name: 'pushes fail (not a query): silent',
      input: [requests(PUSH, '500', 60), requests(PUSH, '200', 30)],
      at: '20m',
      fires: [],
    },
  ],
  PyroscopeDiscardingSamples: [
    {
      name: 'one profile in ten rate limited for 20 minutes: fires',
      input: [discarded('0+60x30'), received('0+540x30')],
      at: '20m',
      fires: [discarding('10')],
    },
    {
      name: 'every profile rate limited (none counted as received): fires',
      input: [discarded('0+60x30')],
      at: '20m',
      fires: [discarding('100')],
    },
    {
      name: 'one profile in two hundred: silent',
      input: [discarded('0+3x30'), received('0+597x30')],
      at: '20m',
      fires: [],
    },
  ],
  PyroscopeSegmentUploadsFailing: [
    {
      name: 'one upload in ten fails for 20 minutes: fires',
      input: [uploads('error', '0+6x30'), uploads('success', '0+54x30')],
      at: '20m',
      fires: [uploadsFailing],
    },
    {
      name: 'one upload in ten fails, for 10 minutes: not yet',
      input: [uploads('error', '0+6x30'), uploads('success', '0+54x30')],
      at: '10m',
      fires: [],
    },
    {
      name: 'one upload in fifty fails: silent',
      input: [uploads('error', '0+1x30'), uploads('success', '0+49x30')],
      at: '20m',
      fires: [],
    },
  ],
  PyroscopeMetastoreNoLeader: [
    {
      name: 'the only node stays a follower for 10 minutes: fires',
      input: [raft('Follower', '1x15')],
      at: '10m',
      fires: [noLeader],
    },
    {
      name: 'a candidate for 10 minutes (an election that never ends): fires',
      input: [
        raft('Candidate', '1x15'),
        pyroscopePod1('pyroscope_metastore_raft_state{state="Follower"}', '1x15'),
      ],
      at: '10m',
      fires: [noLeader],
    },
    {
      name: 'an election of 3 minutes, then a leader: silent',
      input: [raft('Candidate', '1x3 stale'), raft('Leader', '_x4 1x11')],
      at: '10m',
      fires: [],
    },
    {
      name: 'one leader, one follower: silent',
      input: [
        raft('Leader', '1x15'),
        pyroscopePod1('pyroscope_metastore_raft_state{state="Follower"}', '1x15'),
      ],
      at: '10m',
      fires: [],
    },
  ],
  PyroscopeCompactionFailing: [
    {
      name: 'one compaction job in five fails for 90 minutes: fires',
      input: [compactions('success', '0+4x150'), compactions('failure', '0+1x150')],
      at: '90m',
      fires: [compactionFailing],
    },
    {
      name: 'one compaction job in five fails for 40 minutes: not yet',
      input: [compactions('success', '0+4x150'), compactions('failure', '0+1x150')],
      at: '40m',
      fires: [],
    },
    {
      name: 'one job in twenty-one fails: silent',
      input: [compactions('success', '0+20x150'), compactions('failure', '0+1x150')],
      at: '90m',
      fires: [],
    },
  ],
  PyroscopeProfileWritesFailing: [
    {
      name: 'one profile in ten dropped for 20 minutes: fires',
      input: [pushed('sent', '0+540x30'), pushed('dropped', '0+60x30')],
      at: '20m',
      fires: [writesFailing('10')],
    },
    {
      name: "the eBPF profiler's pushes fail, the collector's succeed: fires for the profiler",
      input: [
        pushed('sent', '0+540x30'),
        pushed('dropped', '0x30'),
        profiler('pyroscope_write_sent_profiles_total', '0+540x30'),
        profiler('pyroscope_write_dropped_profiles_total', '0+60x30'),
      ],
      at: '20m',
      fires: [writesFailing('10', PROFILER)],
    },
    {
      name: 'Pyroscope never reached (no sent series at all): fires',
      input: [pushed('dropped', '0+60x30')],
      at: '20m',
      fires: [writesFailing('100')],
    },
    {
      name: 'every profile sent: silent',
      input: [pushed('sent', '0+540x30'), pushed('dropped', '0x30')],
      at: '20m',
      fires: [],
    },
    {
      name: 'one profile in two hundred dropped: silent',
      input: [pushed('sent', '0+597x30'), pushed('dropped', '0+3x30')],
      at: '20m',
      fires: [],
    },
  ],
};

/** The records of one route whose 60 pushes a minute each take up to 1s (0.5s on average). */
const pushes: InputSeries[] = [
  ...[1, '+Inf'].map((le) =>
    pyroscope(
      `pyroscope_request_duration_seconds_bucket{route="${PUSH}", status_code="200", method="POST", le="${le}"}`,
      '0+60x10',
    ),
  ),
  pyroscope(
    `pyroscope_request_duration_seconds_sum{route="${PUSH}", status_code="200", method="POST"}`,
    '0+30x10',
  ),
  pyroscope(
    `pyroscope_request_duration_seconds_count{route="${PUSH}", status_code="200", method="POST"}`,
    '0+60x10',
  ),
];

/** 60 CPU profiles a minute, each under 64 KiB compressed (40,000 bytes on average). */
const cpuProfiles: InputSeries[] = [
  ...[65536, '+Inf'].map((le) =>
    pyroscope(
      `pyroscope_distributor_received_compressed_bytes_bucket{type="process_cpu", tenant="${TENANT}", le="${le}"}`,
      '0+60x10',
    ),
  ),
  pyroscope(
    `pyroscope_distributor_received_compressed_bytes_sum{type="process_cpu", tenant="${TENANT}"}`,
    '0+2400000x10',
  ),
  pyroscope(
    `pyroscope_distributor_received_compressed_bytes_count{type="process_cpu", tenant="${TENANT}"}`,
    '0+60x10',
  ),
];

const routeLabels = `cluster="test", job="pyroscope", namespace="monitoring", route="${PUSH}"`;
const typeLabels = 'cluster="test", job="pyroscope", namespace="monitoring", type="process_cpu"';

export const pyroscopeRecordCases: RecordCases = {
  [RECORDING_GROUP]: [
    {
      name: 'the 99th percentile by route (all requests under 1s: 0.99s by interpolation)',
      input: pushes,
      at: '5m',
      expr: ROUTE_RECORDS.p99,
      samples: [{ labels: `${ROUTE_RECORDS.p99}{${routeLabels}}`, value: 0.99 }],
    },
    {
      name: 'the median by route',
      input: pushes,
      at: '5m',
      expr: ROUTE_RECORDS.p50,
      samples: [{ labels: `${ROUTE_RECORDS.p50}{${routeLabels}}`, value: 0.5 }],
    },
    {
      name: 'the average by route (the pod summed away)',
      input: pushes,
      at: '5m',
      expr: ROUTE_RECORDS.avg,
      samples: [{ labels: `${ROUTE_RECORDS.avg}{${routeLabels}}`, value: 0.5 }],
    },
    {
      name: 'the request rate by route',
      input: pushes,
      at: '5m',
      expr: ROUTE_RECORDS.countRate,
      samples: [{ labels: `${ROUTE_RECORDS.countRate}{${routeLabels}}`, value: 1 }],
    },
    {
      name: 'the 99th percentile of the compressed size by profile type (0.99 of 64 KiB by interpolation)',
      input: cpuProfiles,
      at: '5m',
      expr: COMPRESSED_BYTES_RECORDS.p99,
      samples: [{ labels: `${COMPRESSED_BYTES_RECORDS.p99}{${typeLabels}}`, value: 64880.64 }],
    },
    {
      name: 'the average compressed size by profile type',
      input: cpuProfiles,
      at: '5m',
      expr: COMPRESSED_BYTES_RECORDS.avg,
      samples: [{ labels: `${COMPRESSED_BYTES_RECORDS.avg}{${typeLabels}}`, value: 40000 }],
    },
    {
      name: 'the profiles received per second by type',
      input: cpuProfiles,
      at: '5m',
      expr: COMPRESSED_BYTES_RECORDS.countRate,
      samples: [{ labels: `${COMPRESSED_BYTES_RECORDS.countRate}{${typeLabels}}`, value: 1 }],
    },
  ],
};
