// The promtool cases of the loki mixin (tests only): each alert fires when it should and stays
// silent when it should not, and the recording rules record what the alerts and dashboards read.
import { type AlertCases, expectation, type InputSeries, type RecordCases, seriesWith } from '@mixstack/kit';
import { RECORDING_GROUP, requestRecords } from './rules.js';

/** The labels of the stack's Loki as Prometheus scrapes it. */
const LOKI = { cluster: 'test', namespace: 'monitoring', job: 'loki' };
const loki = seriesWith('cluster="test", namespace="monitoring", job="loki", pod="loki-0"');
/** A series of a second Loki pod (two compactors). */
const lokiPod1 = seriesWith('cluster="test", namespace="monitoring", job="loki", pod="loki-1"');

const QUERY_RANGE = 'loki_api_v1_query_range';
const PUSH = 'loki_api_v1_push';
const TENANT = 'fake';
const ALERTMANAGER = 'http://alertmanager.monitoring.svc:9093/api/v2/alerts';
const RULE_GROUP = 'fake;loki_log_alerts';

/** Requests of one route and status, counted up by `perMinute` every minute for 30 minutes. */
const requests = (route: string, status: string, perMinute: number, values = `0+${perMinute}x30`) =>
  loki(
    `loki_request_duration_seconds_count{route="${route}", status_code="${status}", method="GET"}`,
    values,
  );

/**
 * The buckets of a request-duration histogram whose `perMinute` observations a minute all take
 * between the bound below `upTo` and `upTo` seconds.
 */
const durations = (route: string, upTo: number, perMinute = 60, minutes = 30): InputSeries[] =>
  [0.1, 1, 2.5, '+Inf'].map((le) =>
    loki(
      `loki_request_duration_seconds_bucket{route="${route}", status_code="200", method="GET", le="${le}"}`,
      le === '+Inf' || (le as number) >= upTo ? `0+${perMinute}x${minutes}` : `0x${minutes}`,
    ),
  );

const fires = (summary: string) => expectation(summary, LOKI);

const down = {
  labels: { severity: 'critical' },
  summary: 'Loki is down.',
  description: 'No Loki target has answered a scrape for 5 minutes.',
};

const requestErrors = fires('Loki answers many requests of one route with a server error.')(
  'critical',
  { route: QUERY_RANGE },
  `monitoring/loki answers 66.67% of the requests to ${QUERY_RANGE} with a server error (5xx).`,
);

const panics = fires('Loki panicked while serving requests.')(
  'critical',
  {},
  'monitoring/loki recovered from a panic in the last 10 minutes; a panic aborts the request it was serving.',
);

const slow = fires('Loki is slow to answer the requests of one route.')(
  'warning',
  { route: QUERY_RANGE },
  `monitoring/loki answers 99% of the requests to ${QUERY_RANGE} within 2.485s, more than 1s.`,
);

const noCompactor = fires('No Loki compactor is running.')(
  'warning',
  {},
  'monitoring/loki has run no compactor for 30 minutes: its index is not compacted and retention is not applied.',
);

const twoCompactors = fires('More than one Loki compactor is running.')(
  'warning',
  {},
  'monitoring/loki has had 2 compactors running for 5 minutes; only one may run at a time.',
);

const notCompacting = fires('Loki has not compacted its index for hours.')(
  'warning',
  {},
  'monitoring/loki has not compacted its index successfully for more than 3 hours.',
);

const notRetaining = fires('Loki has not applied its retention for hours.')(
  'warning',
  {},
  'monitoring/loki has not applied retention successfully for more than 3 hours: logs past their retention period are not deleted and its storage keeps growing.',
);

const rateLimited = fires('Loki refuses log lines over its ingestion limits.')(
  'warning',
  { tenant: TENANT, reason: 'rate_limited' },
  `monitoring/loki discards 1 lines per second of tenant ${TENANT} for rate_limited; those lines are lost.`,
);

const discarding = fires('Loki discards more than 1% of the log lines it receives.')(
  'warning',
  { tenant: TENANT, reason: 'greater_than_max_sample_age' },
  `monitoring/loki discards 10% of the lines of tenant ${TENANT} as greater_than_max_sample_age.`,
);

const evaluationFailures = fires("Loki's ruler fails to evaluate log rules.")(
  'warning',
  { user: TENANT, rule_group: RULE_GROUP },
  `monitoring/loki failed 5 evaluations of rule group ${RULE_GROUP} (tenant ${TENANT}) in the last 5 minutes.`,
);

const notSending = fires("Loki's ruler cannot send alerts to Alertmanager.")(
  'warning',
  { user: TENANT, alertmanager: ALERTMANAGER },
  `monitoring/loki fails to send 100% of the alerts of tenant ${TENANT} to ${ALERTMANAGER}.`,
);

/** A gauge holding a Unix time, sampled every 10 minutes for 5 hours. */
const everyTenMinutes = { interval: '10m' } as const;
const compacted = (values: string) =>
  loki('loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds', values);
const retained = (values: string) =>
  loki('loki_compactor_apply_retention_last_successful_run_timestamp_seconds', values);
const retentionRuns = (status: string, values: string) =>
  loki(`loki_compactor_apply_retention_operation_total{status="${status}"}`, values);

const discarded = (reason: string, values: string) =>
  loki(`loki_discarded_samples_total{tenant="${TENANT}", reason="${reason}"}`, values);
const received = (values: string) =>
  loki(`loki_distributor_lines_received_total{tenant="${TENANT}"}`, values);

const notifications = (kind: 'sent' | 'errors', values: string) =>
  loki(
    `loki_prometheus_notifications_${kind}_total{user="${TENANT}", alertmanager="${ALERTMANAGER}"}`,
    values,
  );

export const lokiAlertCases: AlertCases = {
  LokiDown: [
    { name: 'down for 10 minutes: fires', input: [loki('up', '0x15')], at: '10m', fires: [down] },
    { name: 'down for 2 minutes: not yet', input: [loki('up', '1x5 0x10')], at: '8m', fires: [] },
    {
      name: 'no target at all: fires',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [down],
    },
    {
      name: 'one of two pods up: silent',
      input: [loki('up', '0x15'), lokiPod1('up', '1x15')],
      at: '10m',
      fires: [],
    },
  ],
  LokiRequestErrors: [
    {
      name: 'two thirds of the queries fail: not yet after 10 minutes',
      input: [requests(QUERY_RANGE, '500', 60), requests(QUERY_RANGE, '200', 30)],
      at: '10m',
      fires: [],
    },
    {
      name: 'two thirds of the queries fail: fires',
      input: [requests(QUERY_RANGE, '500', 60), requests(QUERY_RANGE, '200', 30)],
      at: '20m',
      fires: [requestErrors],
    },
    {
      name: 'one query in twenty fails: silent',
      input: [requests(QUERY_RANGE, '500', 3), requests(QUERY_RANGE, '200', 57)],
      at: '20m',
      fires: [],
    },
    {
      name: 'client errors (4xx) only: silent',
      input: [requests(QUERY_RANGE, '400', 60), requests(QUERY_RANGE, '200', 30)],
      at: '20m',
      fires: [],
    },
  ],
  LokiRequestPanics: [
    {
      name: 'a panic 5 minutes ago: fires at once',
      input: [loki('loki_panic_total', '0x5 1x20')],
      at: '10m',
      fires: [panics],
    },
    { name: 'no new panic: silent', input: [loki('loki_panic_total', '2x20')], at: '15m', fires: [] },
    {
      name: 'the panic is more than 10 minutes old: resolved',
      input: [loki('loki_panic_total', '0x5 1x20')],
      at: '20m',
      fires: [],
    },
  ],
  LokiRequestLatency: [
    {
      name: 'queries take 2.5s for 20 minutes: fires',
      input: durations(QUERY_RANGE, 2.5),
      at: '20m',
      fires: [slow],
    },
    {
      name: 'queries take 2.5s for 10 minutes: not yet',
      input: durations(QUERY_RANGE, 2.5),
      at: '10m',
      fires: [],
    },
    { name: 'queries take 100ms: silent', input: durations(QUERY_RANGE, 0.1), at: '20m', fires: [] },
    {
      name: 'tailing (a websocket held open) takes long: silent',
      input: durations('loki_api_v1_tail', 2.5),
      at: '20m',
      fires: [],
    },
  ],
  LokiCompactorNotRunning: [
    {
      name: 'no compactor for 40 minutes: fires',
      input: [loki('loki_boltdb_shipper_compactor_running', '0x40')],
      at: '40m',
      fires: [noCompactor],
    },
    {
      name: 'no compactor for 20 minutes (starting): not yet',
      input: [loki('loki_boltdb_shipper_compactor_running', '0x40')],
      at: '20m',
      fires: [],
    },
    {
      name: 'one compactor: silent',
      input: [loki('loki_boltdb_shipper_compactor_running', '1x40')],
      at: '40m',
      fires: [],
    },
  ],
  LokiTooManyCompactorsRunning: [
    {
      name: 'two pods run the compactor: fires',
      input: [
        loki('loki_boltdb_shipper_compactor_running', '1x15'),
        lokiPod1('loki_boltdb_shipper_compactor_running', '1x15'),
      ],
      at: '10m',
      fires: [twoCompactors],
    },
    {
      name: 'one of two pods runs the compactor: silent',
      input: [
        loki('loki_boltdb_shipper_compactor_running', '1x15'),
        lokiPod1('loki_boltdb_shipper_compactor_running', '0x15'),
      ],
      at: '10m',
      fires: [],
    },
  ],
  LokiCompactionNotSucceeding: [
    {
      name: 'last success at 10 minutes, none since: fires after 4 hours',
      ...everyTenMinutes,
      input: [compacted('600x30')],
      at: '5h',
      fires: [notCompacting],
    },
    {
      name: 'last success at 10 minutes, none since: not yet at 3 hours 30 minutes',
      ...everyTenMinutes,
      input: [compacted('600x30')],
      at: '210m',
      fires: [],
    },
    {
      name: 'no success since the start: fires after 1 hour',
      ...everyTenMinutes,
      input: [compacted('0x30')],
      at: '2h',
      fires: [notCompacting],
    },
    {
      name: 'compacts every 10 minutes: silent',
      ...everyTenMinutes,
      input: [compacted('0+600x30')],
      at: '5h',
      fires: [],
    },
  ],
  LokiRetentionNotApplied: [
    {
      name: 'last success at 10 minutes, none since: fires after 4 hours',
      ...everyTenMinutes,
      input: [retained('600x30'), retentionRuns('failure', '0+1x30')],
      at: '5h',
      fires: [notRetaining],
    },
    {
      name: 'every run fails since the start: fires after 1 hour',
      ...everyTenMinutes,
      input: [retained('0x30'), retentionRuns('failure', '0+1x30')],
      at: '2h',
      fires: [notRetaining],
    },
    {
      name: 'retention is off (never attempted): silent',
      ...everyTenMinutes,
      input: [retained('0x30')],
      at: '5h',
      fires: [],
    },
    {
      name: 'applied every 10 minutes: silent',
      ...everyTenMinutes,
      input: [retained('0+600x30'), retentionRuns('success', '0+1x30')],
      at: '5h',
      fires: [],
    },
  ],
  LokiIngestionRateLimited: [
    {
      name: 'a line per second over the rate limit for 20 minutes: fires',
      input: [discarded('rate_limited', '0+60x30'), received('0+600x30')],
      at: '20m',
      fires: [rateLimited],
    },
    {
      name: 'over the rate limit for 10 minutes: not yet',
      input: [discarded('rate_limited', '0+60x30'), received('0+600x30')],
      at: '10m',
      fires: [],
    },
    {
      name: 'lines discarded as too long (not a limit): silent',
      input: [discarded('line_too_long', '0+60x30'), received('0+600x30')],
      at: '20m',
      fires: [],
    },
  ],
  LokiDiscardingLines: [
    {
      name: 'one line in ten too old for 20 minutes: fires',
      input: [discarded('greater_than_max_sample_age', '0+60x30'), received('0+600x30')],
      at: '20m',
      fires: [discarding],
    },
    {
      name: 'one line in two hundred too old: silent',
      input: [discarded('greater_than_max_sample_age', '0+3x30'), received('0+600x30')],
      at: '20m',
      fires: [],
    },
    {
      name: 'rate limited (the other alert): silent',
      input: [discarded('rate_limited', '0+60x30'), received('0+600x30')],
      at: '20m',
      fires: [],
    },
  ],
  LokiRulerEvaluationFailures: [
    {
      name: 'an evaluation fails every minute: fires',
      input: [
        loki(
          `loki_prometheus_rule_evaluation_failures_total{user="${TENANT}", rule_group="${RULE_GROUP}"}`,
          '0+1x30',
        ),
      ],
      at: '20m',
      fires: [evaluationFailures],
    },
    {
      name: 'old failures, none new: silent',
      input: [
        loki(
          `loki_prometheus_rule_evaluation_failures_total{user="${TENANT}", rule_group="${RULE_GROUP}"}`,
          '3x30',
        ),
      ],
      at: '20m',
      fires: [],
    },
  ],
  LokiRulerFailingToSendAlerts: [
    {
      name: 'every alert fails to reach Alertmanager: fires',
      input: [notifications('sent', '0+10x30'), notifications('errors', '0+10x30')],
      at: '20m',
      fires: [notSending],
    },
    {
      name: 'alerts reach Alertmanager: silent',
      input: [notifications('sent', '0+10x30'), notifications('errors', '0x30')],
      at: '20m',
      fires: [],
    },
  ],
};

/** The records of one route whose 60 requests a minute each take up to 1s (0.5s on average). */
const pushes: InputSeries[] = [
  ...[1, '+Inf'].map((le) =>
    loki(
      `loki_request_duration_seconds_bucket{route="${PUSH}", status_code="204", method="POST", le="${le}"}`,
      '0+60x10',
    ),
  ),
  loki(`loki_request_duration_seconds_sum{route="${PUSH}", status_code="204", method="POST"}`, '0+30x10'),
  loki(`loki_request_duration_seconds_count{route="${PUSH}", status_code="204", method="POST"}`, '0+60x10'),
];

const byRoute = requestRecords('cluster_namespace_job_route');
const byJob = requestRecords('cluster_job');
const routeLabels = `cluster="test", job="loki", namespace="monitoring", route="${PUSH}"`;

export const lokiRecordCases: RecordCases = {
  [RECORDING_GROUP]: [
    {
      name: 'the 99th percentile by route (all requests under 1s: 0.99s by interpolation)',
      input: pushes,
      at: '5m',
      expr: byRoute.p99,
      samples: [{ labels: `${byRoute.p99}{${routeLabels}}`, value: 0.99 }],
    },
    {
      name: 'the median by route',
      input: pushes,
      at: '5m',
      expr: byRoute.p50,
      samples: [{ labels: `${byRoute.p50}{${routeLabels}}`, value: 0.5 }],
    },
    {
      name: 'the average by job (the pod and route summed away)',
      input: pushes,
      at: '5m',
      expr: byJob.avg,
      samples: [{ labels: `${byJob.avg}{cluster="test", job="loki"}`, value: 0.5 }],
    },
    {
      name: 'the request rate by route',
      input: pushes,
      at: '5m',
      expr: byRoute.countRate,
      samples: [{ labels: `${byRoute.countRate}{${routeLabels}}`, value: 1 }],
    },
  ],
};
