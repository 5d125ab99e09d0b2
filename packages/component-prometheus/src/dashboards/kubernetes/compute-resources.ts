import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  grafanaVar,
  type Link,
  type PanelSpec,
  type StatSpec,
  type TableColumn,
  type TableSpec,
  type TimeseriesSpec,
} from '@mixstack/kit';
import { RECORDS } from '../../mixins/records.js';
import { DISK_DEVICES, increase, rate, sumBy } from '../promql.js';
import type { Scope } from '../variables.js';
import {
  CELL,
  column,
  dashboardLink,
  KUBERNETES_FILES as FILES,
  KUBERNETES_LINK_TITLE,
  KUBERNETES_TAG,
  kubeSelectors,
  kubeVariables,
  NAMESPACE,
  NODE,
  POD,
  seriesLabel,
  WORKLOAD,
  WORKLOAD_TYPE,
} from './shared.js';

/**
 * How a compute dashboard slices the containers: the labels of a row or series (`by`), the
 * matchers on the container records, and for workloads the matchers on the pod → workload
 * record they are joined with.
 */
interface Slice {
  by: string[];
  matchers: string[];
  workload?: string[];
  /** Requests and limits per namespace come from the namespace records. */
  perNamespace?: boolean;
  /** Legend of a series. @default the `by` labels, joined with "/" */
  legend?: string;
}

const PERCENT_STEPS: [number, string][] = [
  [0.8, 'orange'],
  [0.9, 'red'],
];

function compute(scope: Scope) {
  const k = kubeSelectors(scope);
  const c = scope.s.clusterLabel;
  const joined = (slice: Slice, series: string): string =>
    slice.workload
      ? `${series} * on (${c}, namespace, pod) group_left (workload, workload_type) ${RECORDS.podWorkload}${k.record(...slice.workload)}`
      : series;
  const containers = (slice: Slice, record: string, ...extra: string[]): string =>
    sumBy(slice.by, joined(slice, `${record}${k.record(...slice.matchers, 'container!=""', ...extra)}`));
  const quota = (slice: Slice, pod: string, namespace: string): string =>
    slice.perNamespace
      ? sumBy(slice.by, `${namespace}${k.record(...slice.matchers)}`)
      : sumBy(slice.by, joined(slice, `${pod}${k.record(...slice.matchers)}`));
  const cpu = {
    usage: (slice: Slice) => containers(slice, RECORDS.containerCpuUsageRate),
    requests: (slice: Slice) => quota(slice, RECORDS.podCpuRequests, RECORDS.namespaceCpuRequests),
    limits: (slice: Slice) => quota(slice, RECORDS.podCpuLimits, RECORDS.namespaceCpuLimits),
  };
  const memory = {
    usage: (slice: Slice) => containers(slice, RECORDS.containerMemoryWorkingSet),
    requests: (slice: Slice) => quota(slice, RECORDS.podMemoryRequests, RECORDS.namespaceMemoryRequests),
    limits: (slice: Slice) => quota(slice, RECORDS.podMemoryLimits, RECORDS.namespaceMemoryLimits),
  };
  /** Share of CFS periods in which the containers were throttled (no record: cAdvisor's counters). */
  const throttling = (slice: Slice): string => {
    const series = (metric: string) =>
      sumBy(slice.by, joined(slice, increase(metric, k.cadvisor(...slice.matchers, 'container!=""'))));
    return `${series('container_cpu_cfs_throttled_periods_total')} / ${series('container_cpu_cfs_periods_total')}`;
  };
  const io = (slice: Slice, reads: string, writes: string): string => {
    const series = (metric: string) =>
      sumBy(
        slice.by,
        joined(slice, rate(metric, k.cadvisor(...slice.matchers, 'container!=""', DISK_DEVICES))),
      );
    return `${series(reads)} + ${series(writes)}`;
  };
  const allocatable = (resource: string, ...m: string[]) =>
    `sum(kube_node_status_allocatable${k.ksm(`resource="${resource}"`, ...m)})`;
  return { k, cpu, memory, throttling, io, allocatable, containers };
}

type Compute = ReturnType<typeof compute>;

function legendOf(slice: Slice): string {
  return slice.legend ?? slice.by.map((label) => `{{${label}}}`).join('/');
}

function cpuTable(
  x: Compute,
  slice: Slice,
  what: string,
  links?: Record<string, Link[]>,
  extra: TableColumn[] = [],
): TableSpec {
  const { usage, requests, limits } = x.cpu;
  return {
    kind: 'table',
    title: `CPU by ${what}`,
    description: `CPU cores the containers of each ${what} use (5-minute rate), their requests and limits, and usage as a share of each. A share above 100% of requests means the ${what} uses spare capacity it may lose under contention; near 100% of limits it is throttled.`,
    unit: 'short',
    width: 24,
    height: 10,
    keys: slice.by,
    columns: [
      ...extra,
      { title: 'CPU usage', expr: usage(slice), unit: 'short' },
      { title: 'CPU requests', expr: requests(slice), unit: 'short' },
      { title: 'Usage / requests', expr: `${usage(slice)} / ${requests(slice)}`, unit: 'percentunit' },
      { title: 'CPU limits', expr: limits(slice), unit: 'short' },
      { title: 'Usage / limits', expr: `${usage(slice)} / ${limits(slice)}`, unit: 'percentunit' },
    ],
    ...(links ? { links } : {}),
  };
}

function memoryTable(
  x: Compute,
  slice: Slice,
  what: string,
  links?: Record<string, Link[]>,
  detail = false,
): TableSpec {
  const { usage, requests, limits } = x.memory;
  return {
    kind: 'table',
    title: `Memory by ${what}`,
    description: `Working-set memory of the containers of each ${what} (what the kubelet compares with limits and evictions), their requests and limits, and usage as a share of each.${detail ? ' RSS, page cache and swap break the usage down.' : ''} Near 100% of limits a container risks being OOM-killed.`,
    unit: 'bytes',
    width: 24,
    height: 10,
    keys: slice.by,
    columns: [
      { title: 'Working set', expr: usage(slice), unit: 'bytes' },
      { title: 'Requests', expr: requests(slice), unit: 'bytes' },
      { title: 'Usage / requests', expr: `${usage(slice)} / ${requests(slice)}`, unit: 'percentunit' },
      { title: 'Limits', expr: limits(slice), unit: 'bytes' },
      { title: 'Usage / limits', expr: `${usage(slice)} / ${limits(slice)}`, unit: 'percentunit' },
      ...(detail
        ? [
            { title: 'RSS', expr: x.containers(slice, RECORDS.containerMemoryRss), unit: 'bytes' },
            { title: 'Cache', expr: x.containers(slice, RECORDS.containerMemoryCache), unit: 'bytes' },
            { title: 'Swap', expr: x.containers(slice, RECORDS.containerMemorySwap), unit: 'bytes' },
          ]
        : []),
    ],
    ...(links ? { links } : {}),
  };
}

function cpuUsage(x: Compute, slice: Slice, what: string, width: number, links?: Link[]): TimeseriesSpec {
  return {
    kind: 'timeseries',
    title: `CPU usage by ${what}`,
    description: `CPU cores used by the containers of each ${what} (5-minute rate of cAdvisor's counter, from the recording rule).`,
    unit: 'short',
    width,
    min: 0,
    queries: [{ expr: x.cpu.usage(slice), legend: legendOf(slice) }],
    ...(links ? { links } : {}),
  };
}

function cpuThrottling(x: Compute, slice: Slice, what: string, width: number): TimeseriesSpec {
  return {
    kind: 'timeseries',
    title: `CPU throttling by ${what}`,
    description: `Share of CFS scheduling periods in which the containers of each ${what} hit their CPU limit and were paused. Sustained throttling slows requests even when the node has idle CPU: raise the limit or remove it.`,
    unit: 'percentunit',
    width,
    min: 0,
    max: 1,
    queries: [{ expr: x.throttling(slice), legend: legendOf(slice) }],
  };
}

function memoryUsage(x: Compute, slice: Slice, what: string, width: number, links?: Link[]): TimeseriesSpec {
  return {
    kind: 'timeseries',
    title: `Memory usage by ${what}`,
    description: `Working-set memory of the containers of each ${what}: what the kubelet compares with memory limits (OOM kill) and uses for evictions.`,
    unit: 'bytes',
    width,
    min: 0,
    queries: [{ expr: x.memory.usage(slice), legend: legendOf(slice) }],
    ...(links ? { links } : {}),
  };
}

function memoryToLimits(x: Compute, slice: Slice, what: string, width: number): TimeseriesSpec {
  return {
    kind: 'timeseries',
    title: `Memory usage / limits by ${what}`,
    description: `Working set of each ${what} as a share of its memory limits (containers without a limit are left out). At 100% the kernel OOM-kills a container.`,
    unit: 'percentunit',
    width,
    min: 0,
    queries: [{ expr: `${x.memory.usage(slice)} / ${x.memory.limits(slice)}`, legend: legendOf(slice) }],
  };
}

function storageIo(x: Compute, slice: Slice, what: string): PanelSpec[] {
  return [
    {
      kind: 'timeseries',
      title: `Disk IOPS by ${what}`,
      description: `Read plus write operations per second the containers of each ${what} issue to block devices (cAdvisor; volumes on network storage are not included).`,
      unit: 'iops',
      width: 12,
      min: 0,
      queries: [
        {
          expr: x.io(slice, 'container_fs_reads_total', 'container_fs_writes_total'),
          legend: legendOf(slice),
        },
      ],
    },
    {
      kind: 'timeseries',
      title: `Disk throughput by ${what}`,
      description: `Bytes per second the containers of each ${what} read from and write to block devices (cAdvisor).`,
      unit: 'Bps',
      width: 12,
      min: 0,
      queries: [
        {
          expr: x.io(slice, 'container_fs_reads_bytes_total', 'container_fs_writes_bytes_total'),
          legend: legendOf(slice),
        },
      ],
    },
  ];
}

const ratioStat = (title: string, description: string, expr: string, width = 6): StatSpec => ({
  kind: 'stat',
  title,
  description,
  unit: 'percentunit',
  width,
  query: { expr },
  thresholds: PERCENT_STEPS,
});

/** The namespace of the dashboard a link is on. */
const grafanaNamespace = grafanaVar('namespace');

const podLink = (namespace: string) =>
  dashboardLink('Pod: compute resources', FILES.resourcesPod, { namespace, pod: CELL });

/** Kubernetes / Compute Resources / Cluster: capacity, commitment and usage by namespace. */
export function resourcesClusterDashboard(scope: Scope): Dashboard {
  const x = compute(scope);
  const v = kubeVariables(scope);
  const slice: Slice = { by: ['namespace'], matchers: [], perNamespace: true };
  const total: Slice = { by: [], matchers: [], perNamespace: true };
  const namespaceLinks = [
    dashboardLink('Namespace: pods', FILES.resourcesNamespacePods, { namespace: CELL }),
    dashboardLink('Namespace: workloads', FILES.resourcesNamespaceWorkloads, { namespace: CELL }),
  ];
  const seriesLink = [
    dashboardLink('Namespace: pods', FILES.resourcesNamespacePods, { namespace: seriesLabel('namespace') }),
  ];
  const share = (what: string, of: string) =>
    `${what} as a share of the ${of} that the nodes offer to pods (allocatable: capacity minus what is reserved for the system and the kubelet).`;
  const k = x.k;
  const pods = `count by (namespace) (${RECORDS.podNode}${k.record()})`;
  const workloads = `count by (namespace) (count by (namespace, workload, workload_type) (${RECORDS.podWorkload}${k.record()}))`;
  return buildDashboard({
    title: 'Kubernetes / Compute Resources / Cluster',
    description:
      'How much CPU and memory the cluster offers, how much is promised (requests, limits) and used, by namespace.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster()],
    rows: [
      {
        title: 'Cluster',
        panels: [
          ratioStat(
            'CPU utilisation',
            share('CPU the containers use', 'CPU'),
            `${x.cpu.usage(total)} / ${x.allocatable('cpu')}`,
            4,
          ),
          ratioStat(
            'CPU requests commitment',
            `${share('CPU requested by running pods', 'CPU')} Above 100% new pods cannot be scheduled.`,
            `${x.cpu.requests(total)} / ${x.allocatable('cpu')}`,
            4,
          ),
          ratioStat(
            'CPU limits commitment',
            share('CPU limits of running pods', 'CPU') +
              ' Above 100% the pods can ask for more than there is.',
            `${x.cpu.limits(total)} / ${x.allocatable('cpu')}`,
            4,
          ),
          ratioStat(
            'Memory utilisation',
            share('working-set memory the containers use', 'memory'),
            `${x.memory.usage(total)} / ${x.allocatable('memory')}`,
            4,
          ),
          ratioStat(
            'Memory requests commitment',
            `${share('memory requested by running pods', 'memory')} Above 100% new pods cannot be scheduled.`,
            `${x.memory.requests(total)} / ${x.allocatable('memory')}`,
            4,
          ),
          ratioStat(
            'Memory limits commitment',
            share('memory limits of running pods', 'memory') +
              ' Above 100% pods may be OOM-killed or evicted when they all use their limit.',
            `${x.memory.limits(total)} / ${x.allocatable('memory')}`,
            4,
          ),
        ],
      },
      {
        title: 'CPU',
        panels: [
          { ...cpuUsage(x, slice, 'namespace', 24, seriesLink), stack: true },
          cpuTable(x, slice, 'namespace', { namespace: namespaceLinks }, [
            { title: 'Pods', expr: pods, unit: 'none' },
            { title: 'Workloads', expr: workloads, unit: 'none' },
          ]),
        ],
      },
      {
        title: 'Memory',
        panels: [
          { ...memoryUsage(x, slice, 'namespace', 24, seriesLink), stack: true },
          memoryTable(x, slice, 'namespace', { namespace: namespaceLinks }),
        ],
      },
    ],
  });
}

/** Kubernetes / Compute Resources / Namespace (Pods) */
export function resourcesNamespacePodsDashboard(scope: Scope): Dashboard {
  const x = compute(scope);
  const v = kubeVariables(scope);
  const slice: Slice = { by: ['pod'], matchers: [NAMESPACE] };
  const total: Slice = { by: [], matchers: [NAMESPACE], perNamespace: true };
  const links = { pod: [podLink(grafanaNamespace)] };
  const seriesLink = [
    dashboardLink('Pod: compute resources', FILES.resourcesPod, {
      namespace: grafanaNamespace,
      pod: seriesLabel('pod'),
    }),
  ];
  return buildDashboard({
    title: 'Kubernetes / Compute Resources / Namespace (Pods)',
    description: 'CPU, memory and disk I/O of the pods of one namespace, against their requests and limits.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace()],
    rows: [
      {
        title: 'Namespace',
        panels: [
          ratioStat(
            'CPU usage / requests',
            'CPU the namespace uses as a share of what its running pods request.',
            `${x.cpu.usage(total)} / ${x.cpu.requests(total)}`,
          ),
          ratioStat(
            'CPU usage / limits',
            'CPU the namespace uses as a share of the CPU limits of its running pods.',
            `${x.cpu.usage(total)} / ${x.cpu.limits(total)}`,
          ),
          ratioStat(
            'Memory usage / requests',
            'Working-set memory of the namespace as a share of what its running pods request.',
            `${x.memory.usage(total)} / ${x.memory.requests(total)}`,
          ),
          ratioStat(
            'Memory usage / limits',
            'Working-set memory of the namespace as a share of the memory limits of its running pods.',
            `${x.memory.usage(total)} / ${x.memory.limits(total)}`,
          ),
        ],
      },
      {
        title: 'CPU',
        panels: [
          cpuUsage(x, slice, 'pod', 12, seriesLink),
          cpuThrottling(x, slice, 'pod', 12),
          cpuTable(x, slice, 'pod', links),
        ],
      },
      {
        title: 'Memory',
        panels: [
          memoryUsage(x, slice, 'pod', 12, seriesLink),
          memoryToLimits(x, slice, 'pod', 12),
          memoryTable(x, slice, 'pod', links, true),
        ],
      },
      { title: 'Storage I/O', panels: storageIo(x, slice, 'pod') },
    ],
  });
}

/** Kubernetes / Compute Resources / Namespace (Workloads) */
export function resourcesNamespaceWorkloadsDashboard(scope: Scope): Dashboard {
  const x = compute(scope);
  const v = kubeVariables(scope);
  const slice: Slice = {
    by: ['workload', 'workload_type'],
    legend: '{{workload}} ({{workload_type}})',
    matchers: [NAMESPACE],
    workload: [NAMESPACE, WORKLOAD_TYPE],
  };
  const workloadLink = dashboardLink('Workload: compute resources', FILES.resourcesWorkload, {
    namespace: grafanaNamespace,
    type: column('workload_type'),
    workload: CELL,
  });
  const seriesLink = [
    dashboardLink('Workload: compute resources', FILES.resourcesWorkload, {
      namespace: grafanaNamespace,
      type: seriesLabel('workload_type'),
      workload: seriesLabel('workload'),
    }),
  ];
  const pods = `count by (workload, workload_type) (${RECORDS.podWorkload}${x.k.record(NAMESPACE, WORKLOAD_TYPE)})`;
  return buildDashboard({
    title: 'Kubernetes / Compute Resources / Namespace (Workloads)',
    description:
      'CPU and memory of the workloads (Deployments, StatefulSets, DaemonSets, Jobs, ...) of one namespace, against their requests and limits.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace(), v.type()],
    rows: [
      {
        title: 'CPU',
        panels: [
          cpuUsage(x, slice, 'workload', 12, seriesLink),
          cpuThrottling(x, slice, 'workload', 12),
          cpuTable(x, slice, 'workload', { workload: [workloadLink] }, [
            { title: 'Pods', expr: pods, unit: 'none' },
          ]),
        ],
      },
      {
        title: 'Memory',
        panels: [
          memoryUsage(x, slice, 'workload', 12, seriesLink),
          memoryToLimits(x, slice, 'workload', 12),
          memoryTable(x, slice, 'workload', { workload: [workloadLink] }),
        ],
      },
    ],
  });
}

/** Kubernetes / Compute Resources / Workload */
export function resourcesWorkloadDashboard(scope: Scope): Dashboard {
  const x = compute(scope);
  const v = kubeVariables(scope);
  const ofWorkload = [NAMESPACE, WORKLOAD, WORKLOAD_TYPE];
  const slice: Slice = { by: ['pod'], matchers: [NAMESPACE], workload: ofWorkload };
  const total: Slice = { by: [], matchers: [NAMESPACE], workload: ofWorkload };
  const links = { pod: [podLink(grafanaNamespace)] };
  const seriesLink = [
    dashboardLink('Pod: compute resources', FILES.resourcesPod, {
      namespace: grafanaNamespace,
      pod: seriesLabel('pod'),
    }),
  ];
  const restarts = `sum(increase(kube_pod_container_status_restarts_total${x.k.ksm(NAMESPACE)}[$__range]) * on (${scope.s.clusterLabel}, namespace, pod) group_left () ${RECORDS.podWorkload}${x.k.record(...ofWorkload)})`;
  return buildDashboard({
    title: 'Kubernetes / Compute Resources / Workload',
    description: 'CPU and memory of the pods of one workload, against their requests and limits.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace(), v.type(), v.workload()],
    rows: [
      {
        title: 'Workload',
        panels: [
          {
            kind: 'stat',
            title: 'Pods',
            description:
              'Pods the workload owns right now (through its ReplicaSet for a Deployment, its Jobs for a CronJob).',
            unit: 'none',
            width: 6,
            query: { expr: `count(${RECORDS.podWorkload}${x.k.record(...ofWorkload)})` },
          },
          ratioStat(
            'CPU usage / requests',
            'CPU the pods of the workload use as a share of what they request.',
            `${x.cpu.usage(total)} / ${x.cpu.requests(total)}`,
          ),
          ratioStat(
            'Memory usage / requests',
            'Working-set memory of the pods of the workload as a share of what they request.',
            `${x.memory.usage(total)} / ${x.memory.requests(total)}`,
          ),
          {
            kind: 'stat',
            title: 'Container restarts',
            description:
              'Container restarts in the pods of the workload over the time range (crashes, OOM kills, failed liveness probes).',
            unit: 'none',
            width: 6,
            query: { expr: restarts },
            thresholds: [[1, 'orange']],
          },
        ],
      },
      {
        title: 'CPU',
        panels: [
          cpuUsage(x, slice, 'pod', 12, seriesLink),
          cpuThrottling(x, slice, 'pod', 12),
          cpuTable(x, slice, 'pod', links),
        ],
      },
      {
        title: 'Memory',
        panels: [
          memoryUsage(x, slice, 'pod', 12, seriesLink),
          memoryToLimits(x, slice, 'pod', 12),
          memoryTable(x, slice, 'pod', links, true),
        ],
      },
    ],
  });
}

/** Kubernetes / Compute Resources / Pod */
export function resourcesPodDashboard(scope: Scope): Dashboard {
  const x = compute(scope);
  const v = kubeVariables(scope);
  const k = x.k;
  const slice: Slice = { by: ['container'], matchers: [NAMESPACE, POD] };
  const total: Slice = { by: [], matchers: [NAMESPACE, POD] };
  const withQuota = (usage: TimeseriesSpec, requests: string, limits: string): TimeseriesSpec => ({
    ...usage,
    description: `${usage.description} The pod's requests and limits (sums over its containers) are drawn for comparison.`,
    queries: [...usage.queries, { expr: requests, legend: 'requests' }, { expr: limits, legend: 'limits' }],
  });
  return buildDashboard({
    title: 'Kubernetes / Compute Resources / Pod',
    description:
      'CPU, memory, disk I/O and restarts of the containers of one pod, against their requests and limits.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace(), v.pod()],
    rows: [
      {
        title: 'Pod',
        panels: [
          ratioStat(
            'CPU usage / requests',
            'CPU the pod uses as a share of what its containers request.',
            `${x.cpu.usage(total)} / ${x.cpu.requests(total)}`,
          ),
          ratioStat(
            'Memory usage / limits',
            'Working-set memory of the pod as a share of its memory limits; at 100% a container is OOM-killed.',
            `${x.memory.usage(total)} / ${x.memory.limits(total)}`,
          ),
          {
            kind: 'stat',
            title: 'Container restarts',
            description:
              'Container restarts in the pod over the time range (crashes, OOM kills, failed liveness probes).',
            unit: 'none',
            width: 6,
            query: {
              expr: `sum(increase(kube_pod_container_status_restarts_total${k.ksm(NAMESPACE, POD)}[$__range]))`,
            },
            thresholds: [[1, 'orange']],
          },
          {
            kind: 'stat',
            title: 'Containers last OOM-killed',
            description:
              'Containers of the pod whose last termination was an OOM kill: their memory limit is too low for them.',
            unit: 'none',
            width: 6,
            query: {
              expr: `sum(kube_pod_container_status_last_terminated_reason${k.ksm(NAMESPACE, POD, 'reason="OOMKilled"')})`,
            },
            thresholds: [[1, 'red']],
          },
        ],
      },
      {
        title: 'CPU',
        panels: [
          withQuota(cpuUsage(x, slice, 'container', 12), x.cpu.requests(total), x.cpu.limits(total)),
          cpuThrottling(x, slice, 'container', 12),
          cpuTable(x, slice, 'container'),
        ],
      },
      {
        title: 'Memory',
        panels: [
          withQuota(memoryUsage(x, slice, 'container', 12), x.memory.requests(total), x.memory.limits(total)),
          {
            kind: 'timeseries',
            title: 'Memory by kind',
            description:
              'The memory of the pod broken down: working set (what limits and evictions use), RSS (anonymous memory), page cache (reclaimable) and swap.',
            unit: 'bytes',
            width: 12,
            min: 0,
            queries: [
              { expr: x.memory.usage(total), legend: 'working set' },
              { expr: x.containers(total, RECORDS.containerMemoryRss), legend: 'RSS' },
              { expr: x.containers(total, RECORDS.containerMemoryCache), legend: 'cache' },
              { expr: x.containers(total, RECORDS.containerMemorySwap), legend: 'swap' },
            ],
          },
          memoryTable(x, slice, 'container', undefined, true),
        ],
      },
      { title: 'Storage I/O', panels: storageIo(x, slice, 'container') },
    ],
  });
}

/** Kubernetes / Compute Resources / Node (Pods) */
export function resourcesNodeDashboard(scope: Scope): Dashboard {
  const x = compute(scope);
  const v = kubeVariables(scope);
  const k = x.k;
  const slice: Slice = { by: ['namespace', 'pod'], matchers: [NODE] };
  const total: Slice = { by: [], matchers: [NODE] };
  const links = { pod: [podLink(column('namespace'))] };
  const seriesLink = [
    dashboardLink('Pod: compute resources', FILES.resourcesPod, {
      namespace: seriesLabel('namespace'),
      pod: seriesLabel('pod'),
    }),
  ];
  return buildDashboard({
    title: 'Kubernetes / Compute Resources / Node (Pods)',
    description:
      'What runs on one node: its pods, their CPU and memory, and how much of the node is promised to them.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.node()],
    rows: [
      {
        title: 'Node',
        panels: [
          ratioStat(
            'Pods / pod capacity',
            'Pods scheduled on the node as a share of the pods it accepts (its pod capacity).',
            `count(${RECORDS.podNode}${k.record(NODE)}) / sum(kube_node_status_capacity${k.ksm(NODE, 'resource="pods"')})`,
          ),
          ratioStat(
            'CPU utilisation',
            'CPU the containers on the node use as a share of its allocatable CPU.',
            `${x.cpu.usage(total)} / ${x.allocatable('cpu', NODE)}`,
          ),
          ratioStat(
            'CPU requests commitment',
            'CPU requested by the pods on the node as a share of its allocatable CPU.',
            `${x.cpu.requests(total)} / ${x.allocatable('cpu', NODE)}`,
          ),
          ratioStat(
            'Memory requests commitment',
            'Memory requested by the pods on the node as a share of its allocatable memory.',
            `${x.memory.requests(total)} / ${x.allocatable('memory', NODE)}`,
          ),
        ],
      },
      { title: 'CPU', panels: [cpuUsage(x, slice, 'pod', 24, seriesLink), cpuTable(x, slice, 'pod', links)] },
      {
        title: 'Memory',
        panels: [memoryUsage(x, slice, 'pod', 24, seriesLink), memoryTable(x, slice, 'pod', links)],
      },
    ],
  });
}
