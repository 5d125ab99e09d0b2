// The promtool cases of the mixin's alerts (tests only): each alert fires when it should and
// stays silent when it should not. The series carry the labels Alloy and the ServiceMonitor
// give them (see alerts.ts); `cluster` is an external label, absent within one Prometheus.
import { type AlertCases, type ExpectedAlert, type Severity, seriesWith } from '@mixstack/kit';

const NAMESPACE = 'monitoring';
const HOST = 'loki-gateway.monitoring.svc:80';

/** A series of the Alloy pod `pod` (a, b, c: one per node). */
const alloy = (pod: string) =>
  seriesWith(`job="alloy", namespace="${NAMESPACE}", pod="alloy-${pod}", container="alloy"`);
const ksm = seriesWith(`job="kube-state-metrics", namespace="${NAMESPACE}", instance="10.0.3.4:8443"`);
/** The node of each pod: the scrape target sets `instance` to it. */
const NODES: Record<string, string> = { a: 'node-1', b: 'node-2', c: 'node-3' };
const up = (pod: string, values: string) => alloy(pod)(`up{instance="${NODES[pod]}"}`, values);

/** A series of the loki.write component `loki.write.default` of pod a. */
const write = (series: string, values: string) =>
  seriesWith(`component_id="loki.write.default", component_path="/", host="${HOST}", tenant="fake"`)(
    alloy('a')(series, values).series,
    values,
  );

const fires = (
  severity: Severity,
  summary: string,
  labels: Record<string, string>,
  description: string,
): ExpectedAlert => ({
  labels: { severity, namespace: NAMESPACE, ...labels },
  summary,
  description,
});

const podDown = fires(
  'warning',
  'An Alloy pod does not answer: the logs of its node are not collected.',
  { pod: 'alloy-a', instance: 'node-1' },
  'Alloy pod monitoring/alloy-a on node-1 has not answered a scrape for 10 minutes; the logs of its node are not collected while it is down.',
);

const missing = fires(
  'warning',
  'Fewer Alloy pods run than there are nodes to collect from.',
  {},
  '1 of the nodes that should run Alloy in namespace monitoring have had no Alloy pod to scrape for 15 minutes; the logs of those nodes are not collected.',
);

const unhealthy = fires(
  'warning',
  'Alloy components are not healthy.',
  {},
  '3 components of Alloy in namespace monitoring (summed over its pods) have not been healthy for 15 minutes; the pipelines they belong to may collect or send nothing.',
);

const components = (pod: string, health: string, values: string) =>
  alloy(pod)(
    `alloy_component_controller_running_components{controller_path="/", controller_id="", health_type="${health}"}`,
    values,
  );

const configFailed = fires(
  'warning',
  'Alloy failed to load its configuration and runs the previous one.',
  {},
  '2 Alloy pods in namespace monitoring failed to load their latest configuration and keep running the one they had before.',
);

const memory = (bytes: number) => alloy('a')('alloy_resources_process_resident_memory_bytes', `${bytes}x30`);
const memoryLimit = ksm(
  'kube_pod_container_resource_limits{pod="alloy-a", container="alloy", node="node-1", resource="memory", unit="byte"}',
  '1000000000x30',
);

const dropped = (reason: string, values: string) =>
  write(`loki_write_dropped_entries_total{reason="${reason}"}`, values);
const droppedFires = fires(
  'warning',
  'Alloy drops log entries instead of sending them.',
  { host: HOST, reason: 'rate_limited' },
  `Alloy in namespace monitoring drops 1 log entries per second on their way to ${HOST} (reason: rate_limited); they are lost.`,
);

const pushes = (status: string, values: string) =>
  write(`loki_write_request_duration_seconds_count{status_code="${status}"}`, values);
const failing = fires(
  'warning',
  'The log store refuses or fails many of the pushes from Alloy.',
  { host: HOST },
  `66.67% of the pushes from Alloy in namespace monitoring to ${HOST} fail (a 5xx or 429 answer, or none); Alloy retries them and drops the entries when its retries run out.`,
);
const twoThirdsFail = [pushes('204', '0+60x30'), pushes('500', '0+60x30'), pushes('-1', '0+60x30')];

/** A push-duration histogram (Prometheus' default buckets, as loki.write has) with every push in the bucket up to `bound`. */
const latency = (bound: string) =>
  ['0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'].map((le) =>
    write(
      `loki_write_request_duration_seconds_bucket{status_code="204", le="${le}"}`,
      le === '+Inf' || Number(le) >= Number(bound) ? '0+60x30' : '0x30',
    ),
  );
const slow = fires(
  'warning',
  'Pushing logs from Alloy to the log store is slow.',
  { host: HOST },
  `The slowest 1% of the pushes from Alloy in namespace monitoring to ${HOST} take 9.95s or more; logs arrive late and Alloy's send queues fill up.`,
);

const down = {
  labels: { severity: 'critical' },
  summary: 'No Alloy pod answers: no logs are collected.',
  description:
    'No Alloy target has answered a scrape for 5 minutes: no node of the cluster has a working collector.',
};

export const alloyAlertCases: AlertCases = {
  AlloyDown: [
    {
      name: 'every pod down for 10 minutes: fires',
      input: [up('a', '0x15'), up('b', '0x15')],
      at: '10m',
      fires: [down],
    },
    { name: 'down for 2 minutes: not yet', input: [up('a', '1x5 0x10')], at: '8m', fires: [] },
    {
      name: 'no target at all: fires',
      input: [{ series: 'up{job="other"}', values: '1x15' }],
      at: '10m',
      fires: [down],
    },
    { name: 'one of two pods up: silent', input: [up('a', '0x15'), up('b', '1x15')], at: '10m', fires: [] },
  ],
  AlloyPodDown: [
    {
      name: 'one pod down for 15 minutes: fires',
      input: [up('a', '0x20'), up('b', '1x20')],
      at: '15m',
      fires: [podDown],
    },
    {
      name: 'one pod down for 4 minutes: not yet',
      input: [up('a', '1x11 0x9'), up('b', '1x20')],
      at: '15m',
      fires: [],
    },
    {
      name: 'every pod down: silent (AlloyDown says it once)',
      input: [up('a', '0x20'), up('b', '0x20')],
      at: '15m',
      fires: [],
    },
  ],
  AlloyPodsMissing: [
    {
      name: 'three nodes, two pods discovered (one of them down): fires',
      input: [
        ksm('kube_daemonset_status_desired_number_scheduled{daemonset="alloy"}', '3x30'),
        up('a', '1x30'),
        up('b', '0x30'),
      ],
      at: '20m',
      fires: [missing],
    },
    {
      name: 'a pod on every node, one of them down: silent (AlloyPodDown names it)',
      input: [
        ksm('kube_daemonset_status_desired_number_scheduled{daemonset="alloy"}', '2x30'),
        up('a', '1x30'),
        up('b', '0x30'),
      ],
      at: '20m',
      fires: [],
    },
    {
      name: 'another DaemonSet short of pods: silent',
      input: [
        ksm('kube_daemonset_status_desired_number_scheduled{daemonset="alloy"}', '1x30'),
        ksm('kube_daemonset_status_desired_number_scheduled{daemonset="node-exporter"}', '5x30'),
        up('a', '1x30'),
      ],
      at: '20m',
      fires: [],
    },
  ],
  AlloyUnhealthyComponents: [
    {
      name: 'three components unhealthy on two pods for 20 minutes: fires',
      input: [
        components('a', 'healthy', '10x30'),
        components('a', 'unhealthy', '2x30'),
        components('b', 'healthy', '11x30'),
        components('b', 'exited', '1x30'),
      ],
      at: '20m',
      fires: [unhealthy],
    },
    {
      name: 'every component healthy: silent',
      input: [components('a', 'healthy', '12x30'), components('a', 'unhealthy', '0x30')],
      at: '20m',
      fires: [],
    },
    {
      name: 'unhealthy for 9 minutes: not yet',
      input: [components('a', 'healthy', '12x30'), components('a', 'unhealthy', '0x11 1x19')],
      at: '20m',
      fires: [],
    },
  ],
  AlloyConfigLoadFailed: [
    {
      name: 'two of three pods failed to load the new config: fires',
      input: [
        alloy('a')('alloy_config_last_load_successful', '0x20'),
        alloy('b')('alloy_config_last_load_successful', '0x20'),
        alloy('c')('alloy_config_last_load_successful', '1x20'),
      ],
      at: '15m',
      fires: [configFailed],
    },
    {
      name: 'every pod loaded it: silent',
      input: [alloy('a')('alloy_config_last_load_successful', '1x20')],
      at: '15m',
      fires: [],
    },
    {
      name: 'a failed load, fixed 5 minutes later: silent',
      input: [alloy('a')('alloy_config_last_load_successful', '0x5 1x15')],
      at: '15m',
      fires: [],
    },
  ],
  AlloyMemoryNearLimit: [
    {
      name: '95% of the limit for 20 minutes: fires',
      input: [memory(950_000_000), memoryLimit],
      at: '20m',
      fires: [
        fires(
          'warning',
          'An Alloy pod is close to its memory limit.',
          { pod: 'alloy-a' },
          'Alloy pod monitoring/alloy-a uses 95% of its memory limit; when it is OOM-killed, the logs of its node are not collected until it restarts.',
        ),
      ],
    },
    { name: 'half of the limit: silent', input: [memory(500_000_000), memoryLimit], at: '20m', fires: [] },
    {
      name: 'no limit known (no kube-state-metrics): silent',
      input: [memory(950_000_000)],
      at: '20m',
      fires: [],
    },
  ],
  AlloyLogEntriesDropped: [
    {
      name: 'one entry per second dropped as rate-limited: fires',
      input: [dropped('rate_limited', '0+60x30'), dropped('ingester_error', '0x30')],
      at: '20m',
      fires: [droppedFires],
    },
    {
      name: 'nothing dropped: silent',
      input: [dropped('rate_limited', '0x30'), write('loki_write_sent_entries_total', '0+600x30')],
      at: '20m',
      fires: [],
    },
    {
      name: 'drops that stopped 15 minutes ago: resolved',
      input: [dropped('rate_limited', '0+60x5 300x25')],
      at: '20m',
      fires: [],
    },
  ],
  AlloyLogWritesFailing: [
    {
      name: 'two thirds of the pushes fail for 20 minutes: fires',
      input: twoThirdsFail,
      at: '20m',
      fires: [failing],
    },
    {
      name: 'two thirds of the pushes fail for 10 minutes: not yet',
      input: twoThirdsFail,
      at: '10m',
      fires: [],
    },
    {
      name: 'one push in a hundred rate-limited: silent',
      input: [pushes('204', '0+594x30'), pushes('429', '0+6x30')],
      at: '20m',
      fires: [],
    },
  ],
  AlloyLogWritesSlow: [
    { name: 'pushes take 5 to 10 seconds: fires', input: latency('10'), at: '25m', fires: [slow] },
    { name: 'pushes take under a quarter of a second: silent', input: latency('0.25'), at: '25m', fires: [] },
  ],
};
