import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines, noTargetUp } from '@mixstack/kit';

/**
 * The series the mixin reads, with where each name and label comes from (Grafana Alloy 1.18):
 *
 * - `up{job="alloy"}`: Prometheus, one target per pod; the ServiceMonitor adds `namespace`, `pod`
 *   and `container` (the job is the Service's `app.kubernetes.io/name`), and the component's
 *   scrape target sets `instance` to the pod's node.
 * - `alloy_build_info`: Alloy's version collector (`version`, `revision`, ...); the upstream mixin
 *   (grafana/alloy operations/alloy-mixin, dashboards/resources.libsonnet) uses it to tell Alloy
 *   from other Go processes.
 * - `alloy_component_controller_running_components{health_type}`: running components by health
 *   (`healthy`, `unhealthy`, `unknown`, `exited`), documented in Alloy's "Monitor the component
 *   controller" page and read by the upstream `UnhealthyComponents` alert
 *   (operations/alloy-mixin/alerts/controller.libsonnet) as `health_type!="healthy"`.
 * - `alloy_config_last_load_successful` (gauge, 1 or 0) and `alloy_config_load_failures_total`:
 *   Alloy's config metrics (`newConfigMetrics` in grafana/alloy), set on every (re)load.
 * - `loki_write_sent_entries_total{host, tenant}`, `loki_write_dropped_entries_total{host,
 *   tenant, reason}` (reason `ingester_error`, `rate_limited`, `stream_limited`, `line_too_long`,
 *   `queue_is_full`) and the histogram `loki_write_request_duration_seconds{status_code, host,
 *   tenant}`: loki.write's client (internal/component/common/loki/client/metrics.go in
 *   grafana/alloy). `status_code` is the HTTP status of each push, `-1` when there was no answer
 *   (shards.go); Alloy adds `component_id` and `component_path` to every component's metrics.
 * - `alloy_resources_process_cpu_seconds_total` and `alloy_resources_process_resident_memory_bytes`:
 *   Alloy's resources collector (upstream dashboards/resources.libsonnet).
 * - `kube_daemonset_status_desired_number_scheduled` and `kube_pod_container_resource_limits`:
 *   kube-state-metrics, when the stack runs it (else the alerts reading them stay silent).
 */

/** The scrape job of Alloy's pods: the Service's `app.kubernetes.io/name`. */
export const JOB = 'job="alloy"';
/** kube-state-metrics' job, as the kubernetes mixin selects it. */
export const KUBE_STATE_METRICS = 'job="kube-state-metrics"';
/** Alloy's DaemonSet and its container: the component's `NAME`. */
export const DAEMONSET = 'alloy';
export const CONTAINER = 'alloy';

/** Push requests to a log store that took longer than this at the 99th percentile are slow (loki.write's timeout is 10s). */
export const SLOW_WRITE_SECONDS = 5;

/**
 * `by (cluster, ...)`: every aggregation keeps `cluster`. Within one Prometheus the series do
 * not carry it (an external label); where clusters share a store they do.
 */
const by = (...labels: string[]): string => `by (${['cluster', 'namespace', ...labels].join(', ')})`;
const on = (...labels: string[]): string => `on (${['cluster', 'namespace', ...labels].join(', ')})`;

const where = 'in namespace {{ $labels.namespace }}';
const pod = 'Alloy pod {{ $labels.namespace }}/{{ $labels.pod }}';

/** The collectors themselves: are they there on every node, running their components, on the latest config, within their memory. */
function collectorAlerts(multiCluster: boolean): AlertingRule[] {
  const up = `up{${JOB}}`;
  return [
    alert({
      alert: 'AlloyDown',
      severity: 'critical',
      // Also when the targets are gone (a failed rollout deleted the pods); per cluster with multiCluster.
      expr: noTargetUp(up, multiCluster),
      for: '5m',
      summary: 'No Alloy pod answers: no logs are collected.',
      description:
        'No Alloy target has answered a scrape for 5 minutes: no node of the cluster has a working collector.',
    }),
    alert({
      alert: 'AlloyPodDown',
      severity: 'warning',
      // Only while another pod is up: all of them down is AlloyDown.
      expr: lines(`max ${by('pod', 'instance')} (${up}) == 0`, `and ${on()} count ${by()} (${up} == 1)`),
      for: '10m',
      summary: 'An Alloy pod does not answer: the logs of its node are not collected.',
      description: `${pod} on {{ $labels.instance }} has not answered a scrape for 10 minutes; the logs of its node are not collected while it is down.`,
    }),
    alert({
      alert: 'AlloyPodsMissing',
      severity: 'warning',
      // Discovered targets, whatever their state (a pod that is there but down is AlloyPodDown).
      expr: lines(
        `max ${by()} (kube_daemonset_status_desired_number_scheduled{${KUBE_STATE_METRICS}, daemonset="${DAEMONSET}"})`,
        `- ${on()} count ${by()} (${up})`,
        '> 0',
      ),
      for: '15m',
      summary: 'Fewer Alloy pods run than there are nodes to collect from.',
      description: `{{ $value }} of the nodes that should run Alloy ${where} have had no Alloy pod to scrape for 15 minutes; the logs of those nodes are not collected.`,
    }),
    alert({
      alert: 'AlloyUnhealthyComponents',
      severity: 'warning',
      expr: `sum ${by()} (alloy_component_controller_running_components{${JOB}, health_type!="healthy"}) > 0`,
      for: '15m',
      summary: 'Alloy components are not healthy.',
      description: `{{ $value }} components of Alloy ${where} (summed over its pods) have not been healthy for 15 minutes; the pipelines they belong to may collect or send nothing.`,
    }),
    alert({
      alert: 'AlloyConfigLoadFailed',
      severity: 'warning',
      expr: `count ${by()} (alloy_config_last_load_successful{${JOB}} == 0)`,
      for: '10m',
      summary: 'Alloy failed to load its configuration and runs the previous one.',
      description: `{{ $value }} Alloy pods ${where} failed to load their latest configuration and keep running the one they had before.`,
    }),
    alert({
      alert: 'AlloyMemoryNearLimit',
      severity: 'warning',
      expr: lines(
        `100 * max ${by('pod')} (alloy_resources_process_resident_memory_bytes{${JOB}})`,
        `/ ${on('pod')} max ${by('pod')} (kube_pod_container_resource_limits{${KUBE_STATE_METRICS}, container="${CONTAINER}", resource="memory"})`,
        '> 90',
      ),
      for: '15m',
      summary: 'An Alloy pod is close to its memory limit.',
      description: `${pod} uses {{ $value | humanize }}% of its memory limit; when it is OOM-killed, the logs of its node are not collected until it restarts.`,
    }),
  ];
}

/** loki.write: do the logs reach the log store, in time. */
function logAlerts(): AlertingRule[] {
  const requests = (...matchers: string[]) =>
    `rate(loki_write_request_duration_seconds_count{${[JOB, ...matchers].join(', ')}}[5m])`;
  return [
    alert({
      alert: 'AlloyLogEntriesDropped',
      severity: 'warning',
      expr: `sum ${by('host', 'reason')} (rate(loki_write_dropped_entries_total{${JOB}}[10m])) > 0`,
      for: '5m',
      summary: 'Alloy drops log entries instead of sending them.',
      description: `Alloy ${where} drops {{ $value | humanize }} log entries per second on their way to {{ $labels.host }} (reason: {{ $labels.reason }}); they are lost.`,
    }),
    alert({
      alert: 'AlloyLogWritesFailing',
      severity: 'warning',
      // Not 2xx: 5xx and 429 from the log store, and `-1` when it did not answer at all.
      expr: lines(
        `100 * sum ${by('host')} (${requests('status_code!~"2.."')})`,
        `/ sum ${by('host')} (${requests()})`,
        '> 10',
      ),
      for: '15m',
      summary: 'The log store refuses or fails many of the pushes from Alloy.',
      description: `{{ $value | humanize }}% of the pushes from Alloy ${where} to {{ $labels.host }} fail (a 5xx or 429 answer, or none); Alloy retries them and drops the entries when its retries run out.`,
    }),
    alert({
      alert: 'AlloyLogWritesSlow',
      severity: 'warning',
      expr: lines(
        `histogram_quantile(0.99, sum ${by('host', 'le')} (rate(loki_write_request_duration_seconds_bucket{${JOB}}[5m])))`,
        `> ${SLOW_WRITE_SECONDS}`,
      ),
      for: '15m',
      summary: 'Pushing logs from Alloy to the log store is slow.',
      description: `The slowest 1% of the pushes from Alloy ${where} to {{ $labels.host }} take {{ $value | humanizeDuration }} or more; logs arrive late and Alloy's send queues fill up.`,
    }),
  ];
}

/**
 * The mixin's alerts; each has its promtool cases (`alerts.cases.ts`) and its runbook
 * (`docs/runbooks/<alert>.md`, the `runbook_url` that `alert()` sets).
 */
export function alloyAlerts(multiCluster = false): RuleGroup<AlertingRule>[] {
  return [alertGroup('alloy', collectorAlerts(multiCluster)), alertGroup('alloy-logs', logAlerts())];
}
