import { createStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { RECORDS } from '../mixins/records.js';
import { prometheus } from '../prometheus.js';
import { builtDashboards, targetsOf } from './dashboards.test-helpers.js';

/**
 * Dashboards read the recording rules where one exists (mixins/records.ts) instead of
 * recomputing the aggregation from the raw metrics: cheaper queries, and the same numbers as
 * the alerts. For every record, a detector recognises its aggregation computed from raw
 * metrics; the test lists every panel query any detector flags. Adding a record to RECORDS
 * without a detector here fails to type-check.
 */

type Detector = (expr: string) => boolean;

/** A raw metric (not part of a recorded name such as `a:metric:rate5m`). */
const raw = (metric: string): RegExp => new RegExp(`(?<![\\w:])${metric}(?![\\w:])`);

/** `rate(metric...`, `irate(` or `increase(` of a raw counter. */
const rated = (metric: string): Detector => {
  const pattern = new RegExp(`\\b(?:i?rate|increase)\\(\\s*${metric}(?![\\w:])`);
  return (expr) => pattern.test(expr);
};

/** Any use of a raw metric. */
const uses =
  (metric: string): Detector =>
  (expr) =>
    raw(metric).test(expr);

/** The raw metric with a selector that keeps the given resource (or does not filter on resource at all). */
const resourceOf =
  (metric: string, resource: string): Detector =>
  (expr) =>
    [...expr.matchAll(new RegExp(`(?<![\\w:])${metric}(?![\\w:])(\\{[^}]*\\})?`, 'g'))].some(
      ([, selector = '']) => selector.includes(`resource="${resource}"`) || !selector.includes('resource'),
    );

/** Both raw metrics in one expression with a division: a ratio of them. */
const ratioOf =
  (...metrics: string[]): Detector =>
  (expr) =>
    expr.includes('/') && metrics.every((metric) => raw(metric).test(expr));

/** A histogram_quantile over the raw buckets of a histogram. */
const quantileOf = (metric: string): Detector => {
  const pattern = new RegExp(`histogram_quantile\\([^,]+,[\\s\\S]*(?<![\\w:])${metric}_bucket(?![\\w:])`);
  return (expr) => pattern.test(expr);
};

/**
 * An aggregation of the rate of a per-device counter that drops the device (the records sum
 * over devices); per-device queries are not recomputations.
 */
const deviceTotalOf = (metric: string): Detector => {
  const pattern = new RegExp(
    `\\b(?:sum|avg|max|min)\\s*(?:(by|without)\\s*\\(([^)]*)\\))?\\s*\\(\\s*(?:i?rate|increase)\\(\\s*${metric}(?![\\w:])`,
    'g',
  );
  return (expr) =>
    [...expr.matchAll(pattern)].some(([, clause, labels = '']) => {
      const named = labels.split(',').map((label) => label.trim());
      return clause === 'by' ? !named.includes('device') : clause !== 'without' || named.includes('device');
    });
};

/** `count(up == 1)` and `count(up == 0)`: what count:up1 and count:up0 record. */
const upCount =
  (value: 0 | 1): Detector =>
  (expr) =>
    new RegExp(
      `\\bcount\\s*(?:(?:by|without)\\s*\\([^)]*\\)\\s*)?\\(\\s*up(?![\\w:])(\\{[^}]*\\})?\\s*==\\s*${value}\\b`,
    ).test(expr);

const apiserverSli = rated('apiserver_request_sli_duration_seconds_(?:bucket|count)');

const RECOMPUTES: Record<keyof typeof RECORDS, Detector> = {
  containerCpuUsageRate: rated('container_cpu_usage_seconds_total'),
  containerMemoryWorkingSet: uses('container_memory_working_set_bytes'),
  containerMemoryRss: uses('container_memory_rss'),
  containerMemoryCache: uses('container_memory_cache'),
  containerMemorySwap: uses('container_memory_swap'),
  podCpuRequests: resourceOf('kube_pod_container_resource_requests', 'cpu'),
  podMemoryRequests: resourceOf('kube_pod_container_resource_requests', 'memory'),
  podCpuLimits: resourceOf('kube_pod_container_resource_limits', 'cpu'),
  podMemoryLimits: resourceOf('kube_pod_container_resource_limits', 'memory'),
  namespaceCpuRequests: resourceOf('kube_pod_container_resource_requests', 'cpu'),
  namespaceMemoryRequests: resourceOf('kube_pod_container_resource_requests', 'memory'),
  namespaceCpuLimits: resourceOf('kube_pod_container_resource_limits', 'cpu'),
  namespaceMemoryLimits: resourceOf('kube_pod_container_resource_limits', 'memory'),
  podWorkload: uses('kube_pod_owner'),
  podNode: uses('kube_pod_info'),
  nodeCpuUtilisation: (expr) =>
    /\b(?:i?rate|increase)\(\s*node_cpu_seconds_total\{[^}]*\bmode=~?"[^"]*idle/.test(expr),
  nodeLoad1PerCpu: (expr) => raw('node_load1').test(expr) && expr.includes('/'),
  nodeMemoryUtilisation: ratioOf('node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes'),
  nodeMajorPageFaults: rated('node_vmstat_pgmajfault'),
  nodeDiskIoTime: rated('node_disk_io_time_seconds_total'),
  nodeDiskIoTimeWeighted: rated('node_disk_io_time_weighted_seconds_total'),
  nodeNetworkReceiveBytes: deviceTotalOf('node_network_receive_bytes_total'),
  nodeNetworkTransmitBytes: deviceTotalOf('node_network_transmit_bytes_total'),
  nodeNetworkReceiveDrops: deviceTotalOf('node_network_receive_drop_total'),
  nodeNetworkTransmitDrops: deviceTotalOf('node_network_transmit_drop_total'),
  // CPUs per Kubernetes node: node-exporter's CPUs joined with the pod → node mapping.
  nodeCpuCount: (expr) => /\bcount\s+by\s*\([^)]*\bnode\b[^)]*\)\s*\(\s*node_cpu_seconds_total/.test(expr),
  apiserverRequestRate: rated('apiserver_request_total'),
  apiserverAvailability30d: (expr) => /\bapiserver_request\w*(?:\{[^}]*\})?\[30d\]/.test(expr),
  apiserverLatencyQuantile: quantileOf('apiserver_request_sli_duration_seconds'),
  apiserverBurnRate5m: apiserverSli,
  apiserverBurnRate30m: apiserverSli,
  apiserverBurnRate1h: apiserverSli,
  apiserverBurnRate2h: apiserverSli,
  apiserverBurnRate6h: apiserverSli,
  apiserverBurnRate1d: apiserverSli,
  apiserverBurnRate3d: apiserverSli,
  kubeletPlegQuantile: quantileOf('kubelet_pleg_relist_duration_seconds'),
  targetsUp: upCount(1),
  targetsDown: upCount(0),
};

const flagged = (expr: string): string[] =>
  Object.entries(RECOMPUTES)
    .filter(([, detect]) => detect(expr))
    .map(([key]) => key)
    .sort();

describe('the detectors', () => {
  test.each([
    [
      'sum by (namespace) (rate(container_cpu_usage_seconds_total{job="kubelet"}[5m]))',
      ['containerCpuUsageRate'],
    ],
    ['sum(irate(container_cpu_usage_seconds_total[1m]))', ['containerCpuUsageRate']],
    ['sum(container_memory_working_set_bytes{container!=""})', ['containerMemoryWorkingSet']],
    [
      'sum(kube_pod_container_resource_requests{resource="cpu"}) by (namespace)',
      ['namespaceCpuRequests', 'podCpuRequests'],
    ],
    [
      'sum(kube_pod_container_resource_limits{namespace="a"})',
      ['namespaceCpuLimits', 'namespaceMemoryLimits', 'podCpuLimits', 'podMemoryLimits'],
    ],
    ['count by (namespace) (kube_pod_owner{owner_kind="ReplicaSet"})', ['podWorkload']],
    ['1 - avg(rate(node_cpu_seconds_total{mode="idle"}[5m]))', ['nodeCpuUtilisation']],
    ['node_load1{job="node"} / count(node_cpu_seconds_total{mode="idle"})', ['nodeLoad1PerCpu']],
    ['1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', ['nodeMemoryUtilisation']],
    ['sum(rate(node_network_receive_bytes_total{device!="lo"}[5m]))', ['nodeNetworkReceiveBytes']],
    ['sum without (device) (rate(node_network_transmit_bytes_total[5m]))', ['nodeNetworkTransmitBytes']],
    ['sum by (instance) (rate(node_network_receive_drop_total[5m]))', ['nodeNetworkReceiveDrops']],
    [
      'count by (cluster, node) (node_cpu_seconds_total{mode="idle"} * on (pod) group_left (node) x)',
      ['nodeCpuCount'],
    ],
    ['sum by (code) (rate(apiserver_request_total{verb="GET"}[5m]))', ['apiserverRequestRate']],
    [
      'histogram_quantile(0.99, sum by (le) (rate(apiserver_request_sli_duration_seconds_bucket[5m])))',
      [
        'apiserverBurnRate1d',
        'apiserverBurnRate1h',
        'apiserverBurnRate2h',
        'apiserverBurnRate30m',
        'apiserverBurnRate3d',
        'apiserverBurnRate5m',
        'apiserverBurnRate6h',
        'apiserverLatencyQuantile',
      ],
    ],
    [
      'sum(increase(apiserver_request_total{code=~"5.."}[30d]))',
      ['apiserverAvailability30d', 'apiserverRequestRate'],
    ],
    [
      'histogram_quantile(0.99, sum by (le) (rate(kubelet_pleg_relist_duration_seconds_bucket[5m])))',
      ['kubeletPlegQuantile'],
    ],
    ['count by (job) (up{job="x"} == 0)', ['targetsDown']],
    ['count(up == 1)', ['targetsUp']],
  ])('flag %s', (expr, expected) => {
    expect(flagged(expr)).toEqual(expected);
  });

  test.each([
    'sum by (namespace) (node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m{cluster=~"$cluster"})',
    'sum(node_namespace_pod_container:container_memory_rss{container!=""})',
    'sum by (device) (rate(node_network_receive_bytes_total{device!="lo"}[5m]))',
    'rate(node_network_transmit_bytes_total{device!="lo"}[5m])',
    'sum by (mode) (rate(node_cpu_seconds_total{mode!="idle"}[5m]))',
    'count by (cluster, instance) (node_cpu_seconds_total{mode="idle"})',
    'max(node_load1{instance="a"})',
    'max(node_memory_MemTotal_bytes - node_memory_MemFree_bytes)',
    'histogram_quantile(0.99, sum by (le, verb) (rate(apiserver_request_duration_seconds_bucket[5m])))',
    'max by (node) (node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{quantile="0.99"})',
    'sum(up{job="kubelet"})',
  ])('leave %s alone', (expr) => {
    expect(flagged(expr)).toEqual([]);
  });
});

describe('dashboard panels', () => {
  const dashboards = builtDashboards(createStack({}, [prometheus()]));

  test('every record has a detector and the dashboards read most records', () => {
    const exprs = dashboards.flatMap((d) =>
      targetsOf(d.dashboard).map(({ target }) => target.expr as string),
    );
    const used = Object.entries(RECORDS)
      .filter(([, record]) => exprs.some((expr) => new RegExp(`(?<![\\w:])${record}(?![\\w:])`).test(expr)))
      .map(([key]) => key);
    // Records no panel reads: the 30-minute, 2-hour and 1-day burn rates (the panels show 5m, 1h,
    // 6h and 3d) and the CPUs per Kubernetes node (node-exporter dashboards count per instance).
    expect(Object.keys(RECORDS).filter((key) => !used.includes(key))).toEqual([
      'nodeCpuCount',
      'apiserverBurnRate30m',
      'apiserverBurnRate2h',
      'apiserverBurnRate1d',
    ]);
  });

  test('no panel recomputes a recorded aggregation', () => {
    const offenders = dashboards.flatMap((d) =>
      targetsOf(d.dashboard)
        .filter(({ target }) => flagged(target.expr).length > 0)
        .map(
          ({ panel, target }) =>
            `${d.file} / ${panel.title}: ${flagged(target.expr).join(', ')} in ${target.expr}`,
        ),
    );
    expect(offenders).toEqual([]);
  });
});
