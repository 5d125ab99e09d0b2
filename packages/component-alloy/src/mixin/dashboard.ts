import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  queryVariable,
  type StatSpec,
  type TimeseriesSpec,
  type VariableSpec,
} from '@mixstack/kit';
import { CONTAINER, DAEMONSET, JOB, KUBE_STATE_METRICS } from './alerts.js';

/** File name of the dashboard in the `alloy` mixin. */
export const DASHBOARD_FILE = 'collector-health.json';

/**
 * The chosen cluster, in every selector and in the namespace variable's query. Series carry the
 * `cluster` label only where it is added (remote write, Thanos, a fleet's observer): in the
 * stack's own Prometheus they have none. The variable's "All" entry, its default, matches `.*`,
 * which also matches a series without the label, so the dashboard has data in one cluster as in
 * a fleet, where the user picks one.
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** Every query is scoped to the Alloy of the chosen cluster and namespace. */
const SCOPE = `${CLUSTER}, ${JOB}, namespace="$namespace"`;
/** kube-state-metrics' series of the same cluster and namespace. */
const KSM_SCOPE = `${CLUSTER}, ${KUBE_STATE_METRICS}, namespace="$namespace"`;

/** Datasource, then cluster (the clusters with an Alloy) and namespace (the chosen cluster's). */
const VARIABLES: readonly VariableSpec[] = [
  datasourceVariable(),
  queryVariable('cluster', 'Cluster', `alloy_build_info{${JOB}}`, 'cluster', { allValue: '.*' }),
  queryVariable('namespace', 'Namespace', `alloy_build_info{${CLUSTER}, ${JOB}}`, 'namespace'),
];

/** A stat of the top line: a quarter of the grid. */
const stat = (spec: Omit<StatSpec, 'kind' | 'width'>): StatSpec => ({ kind: 'stat', width: 6, ...spec });
/** A graph: half the grid. */
const graph = (spec: Omit<TimeseriesSpec, 'kind' | 'width'>): TimeseriesSpec => ({
  kind: 'timeseries',
  width: 12,
  ...spec,
});

const rate = (metric: string, ...matchers: string[]) =>
  `rate(${metric}{${[SCOPE, ...matchers].join(', ')}}[$__rate_interval])`;

const STATS: StatSpec[] = [
  stat({
    title: 'Pods up',
    description: 'Alloy pods that answered their last scrape: one per node when all is well.',
    unit: 'none',
    query: { expr: `sum(up{${SCOPE}})` },
  }),
  stat({
    title: 'Nodes without a collector',
    description:
      "Nodes that should run Alloy (the DaemonSet's desired pods, from kube-state-metrics) minus the pods that answer: their logs are not collected.",
    unit: 'none',
    thresholds: [[1, 'red']],
    query: {
      // Desired pods per cluster (max: one value whatever the kube-state-metrics replicas), summed
      // over the clusters chosen, like the pods that answer.
      expr: `sum(max by (cluster) (kube_daemonset_status_desired_number_scheduled{${KSM_SCOPE}, daemonset="${DAEMONSET}"})) - sum(up{${SCOPE}})`,
    },
  }),
  stat({
    title: 'Components not healthy',
    description: 'Alloy components that are unhealthy, unknown or exited, over all pods.',
    unit: 'none',
    thresholds: [[1, 'orange']],
    query: {
      expr: `sum(alloy_component_controller_running_components{${SCOPE}, health_type!="healthy"})`,
    },
  }),
  stat({
    title: 'Pods on an old configuration',
    description:
      'Alloy pods whose last configuration load failed: they run the configuration they had before.',
    unit: 'none',
    thresholds: [[1, 'orange']],
    query: { expr: `count(alloy_config_last_load_successful{${SCOPE}} == 0) or vector(0)` },
  }),
];

const GRAPHS: TimeseriesSpec[] = [
  graph({
    title: 'Pods up per node',
    description:
      'Alloy pods answering scrapes on each node (joined with the node from kube_pod_info); a node at 0 collects no logs.',
    unit: 'none',
    min: 0,
    queries: [
      {
        // Joined on the cluster too: with All, two clusters may have a pod of the same name.
        expr: `sum by (node) (up{${SCOPE}} * on (cluster, namespace, pod) group_left (node) max by (cluster, namespace, pod, node) (kube_pod_info{${KSM_SCOPE}}))`,
        legend: '{{node}}',
      },
    ],
  }),
  graph({
    title: 'Running components by health',
    description:
      'Components of every Alloy pod, by health: healthy, unhealthy, unknown (starting) or exited.',
    unit: 'none',
    stack: true,
    queries: [
      {
        expr: `sum by (health_type) (alloy_component_controller_running_components{${SCOPE}})`,
        legend: '{{health_type}}',
      },
    ],
  }),
  graph({
    title: 'Log entries sent',
    description: 'Log entries loki.write delivered to each log store per second, over all pods.',
    unit: 'cps',
    queries: [{ expr: `sum by (host) (${rate('loki_write_sent_entries_total')})`, legend: '{{host}}' }],
  }),
  graph({
    title: 'Log entries dropped',
    description:
      'Log entries loki.write gave up on per second, by log store and reason (rate_limited, ingester_error, stream_limited, line_too_long, queue_is_full): they are lost.',
    unit: 'cps',
    queries: [
      {
        expr: `sum by (host, reason) (${rate('loki_write_dropped_entries_total')})`,
        legend: '{{host}} {{reason}}',
      },
    ],
  }),
  graph({
    title: 'Pushes by status code',
    description:
      'Push requests to the log stores per second by HTTP status; -1 is a push that got no answer. Failed pushes are retried.',
    unit: 'reqps',
    queries: [
      {
        expr: `sum by (status_code) (${rate('loki_write_request_duration_seconds_count')})`,
        legend: '{{status_code}}',
      },
    ],
  }),
  graph({
    title: 'Push latency (p99)',
    description: '99th percentile of the time a push to each log store takes, over all pods.',
    unit: 's',
    queries: [
      {
        expr: `histogram_quantile(0.99, sum by (le, host) (${rate('loki_write_request_duration_seconds_bucket')}))`,
        legend: '{{host}}',
      },
    ],
  }),
  graph({
    title: 'CPU',
    description: "CPU cores each Alloy process uses (Alloy's own process metrics).",
    unit: 'short',
    queries: [
      { expr: `sum by (pod) (${rate('alloy_resources_process_cpu_seconds_total')})`, legend: '{{pod}}' },
    ],
  }),
  graph({
    title: 'Memory (resident)',
    description: "Resident memory of each Alloy process, and the container's memory limit.",
    unit: 'bytes',
    queries: [
      { expr: `sum by (pod) (alloy_resources_process_resident_memory_bytes{${SCOPE}})`, legend: '{{pod}}' },
      {
        expr: `max(kube_pod_container_resource_limits{${KSM_SCOPE}, container="${CONTAINER}", resource="memory"})`,
        legend: 'limit',
      },
    ],
  }),
];

/**
 * Collector / Health: is there a working Alloy on every node, are its components healthy, do
 * the logs reach the log store (and how fast), and what it costs. Each call builds a new
 * dashboard.
 */
export function alloyDashboard(): Dashboard {
  return buildDashboard({
    title: 'Collector / Health',
    description:
      "Health of the stack's collector (Grafana Alloy): pods per node, components, logs sent and dropped, resources.",
    tag: 'alloy',
    from: 'now-6h',
    style: 'overview',
    variables: [...VARIABLES],
    rows: [{ panels: [...STATS, ...GRAPHS] }],
  });
}
