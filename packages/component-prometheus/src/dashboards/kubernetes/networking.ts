import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  grafanaVar,
  type Link,
  type PanelSpec,
  type RowSpec,
  type TableSpec,
} from '@mixstack/kit';
import { RECORDS } from '../../mixins/records.js';
import { rate, sumBy } from '../promql.js';
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
  POD,
  seriesLabel,
  WORKLOAD,
  WORKLOAD_TYPE,
} from './shared.js';

/**
 * The Networking dashboards: cAdvisor's per-pod network counters (the pod's network namespace
 * is shared by its containers), summed by namespace, workload, pod or interface. There are no
 * recording rules for them: each dashboard reads the counters of one scope only.
 */

interface Slice {
  by: string[];
  matchers: string[];
  workload?: string[];
  legend: string;
}

/** The metrics of one direction, by what they count. */
const METRICS = {
  bytes: {
    received: 'container_network_receive_bytes_total',
    transmitted: 'container_network_transmit_bytes_total',
  },
  packets: {
    received: 'container_network_receive_packets_total',
    transmitted: 'container_network_transmit_packets_total',
  },
  dropped: {
    received: 'container_network_receive_packets_dropped_total',
    transmitted: 'container_network_transmit_packets_dropped_total',
  },
  errors: {
    received: 'container_network_receive_errors_total',
    transmitted: 'container_network_transmit_errors_total',
  },
} as const;

type Kind = keyof typeof METRICS;
type Direction = 'received' | 'transmitted';

const UNITS: Record<Kind, string> = { bytes: 'Bps', packets: 'pps', dropped: 'pps', errors: 'pps' };

const DESCRIBE: Record<Kind, (direction: Direction, what: string) => string> = {
  bytes: (direction, what) =>
    `Bytes per second ${what} ${direction} over the network (all interfaces of its pods).`,
  packets: (direction, what) => `Packets per second ${what} ${direction}.`,
  dropped: (direction, what) =>
    `Packets per second ${what} ${direction === 'received' ? 'should have received' : 'tried to send'} that were dropped: a sign of saturated interfaces, full socket buffers or network policy drops.`,
  errors: (direction, what) =>
    `Packets per second ${direction === 'received' ? 'received by' : 'transmitted by'} ${what} with errors (bad checksums, frame errors).`,
};

const TITLES: Record<Kind, string> = {
  bytes: 'Bandwidth',
  packets: 'Packets',
  dropped: 'Dropped packets',
  errors: 'Packet errors',
};

function networking(scope: Scope) {
  const k = kubeSelectors(scope);
  const c = scope.s.clusterLabel;
  /** Pod network series only: the node's own interfaces have no namespace. */
  const counter = (slice: Slice, metric: string): string => {
    const ofPods = slice.matchers.includes(NAMESPACE) ? [] : ['namespace!=""'];
    const series = rate(metric, k.cadvisor(...ofPods, ...slice.matchers));
    const joined = slice.workload
      ? `${series} * on (${c}, namespace, pod) group_left (workload, workload_type) ${RECORDS.podWorkload}${k.record(...slice.workload)}`
      : series;
    return sumBy(slice.by, joined);
  };
  return { k, counter };
}

type Networking = ReturnType<typeof networking>;

function graph(
  x: Networking,
  slice: Slice,
  kind: Kind,
  direction: Direction,
  what: string,
  links?: Link[],
): PanelSpec {
  const label = direction === 'received' ? 'received' : 'transmitted';
  return {
    kind: 'timeseries',
    title: `${TITLES[kind]} ${label}`,
    description: DESCRIBE[kind](direction, what),
    unit: UNITS[kind],
    width: 12,
    min: 0,
    queries: [{ expr: x.counter(slice, METRICS[kind][direction]), legend: slice.legend }],
    ...(links ? { links } : {}),
  };
}

/** Received and transmitted, side by side, for each kind. */
function rows(x: Networking, slice: Slice, what: string, kinds: Kind[], links?: Link[]): RowSpec[] {
  return kinds.map((kind) => ({
    title: TITLES[kind],
    panels: [
      graph(x, slice, kind, 'received', what, kind === 'bytes' ? links : undefined),
      graph(x, slice, kind, 'transmitted', what, kind === 'bytes' ? links : undefined),
    ],
  }));
}

function currentTable(x: Networking, slice: Slice, what: string, links?: Record<string, Link[]>): TableSpec {
  const col = (title: string, kind: Kind, direction: Direction) => ({
    title,
    expr: x.counter(slice, METRICS[kind][direction]),
    unit: UNITS[kind],
  });
  return {
    kind: 'table',
    title: `Current traffic by ${what}`,
    description: `Network traffic of each ${what} right now (rates over the rate interval): bandwidth, packets and dropped packets in each direction.`,
    unit: 'Bps',
    width: 24,
    height: 10,
    keys: slice.by,
    columns: [
      col('Received', 'bytes', 'received'),
      col('Transmitted', 'bytes', 'transmitted'),
      col('Packets received', 'packets', 'received'),
      col('Packets transmitted', 'packets', 'transmitted'),
      col('Dropped received', 'dropped', 'received'),
      col('Dropped transmitted', 'dropped', 'transmitted'),
    ],
    ...(links ? { links } : {}),
  };
}

const totals = (x: Networking, slice: Slice, what: string): PanelSpec[] =>
  (['received', 'transmitted'] as const).map((direction) => ({
    kind: 'stat',
    title: `Bandwidth ${direction}`,
    description: `Bytes per second ${what} ${direction} right now.`,
    unit: 'Bps',
    width: 12,
    query: { expr: x.counter({ ...slice, by: [] }, METRICS.bytes[direction]) },
  }));

const grafanaNamespace = grafanaVar('namespace');

/** Kubernetes / Networking / Cluster */
export function networkingClusterDashboard(scope: Scope): Dashboard {
  const x = networking(scope);
  const v = kubeVariables(scope);
  const slice: Slice = { by: ['namespace'], matchers: [], legend: '{{namespace}}' };
  const namespaceLinks = [
    dashboardLink('Namespace: network by pod', FILES.networkingNamespacePods, { namespace: CELL }),
    dashboardLink('Namespace: network by workload', FILES.networkingNamespaceWorkloads, { namespace: CELL }),
  ];
  const seriesLinks = [
    dashboardLink('Namespace: network by pod', FILES.networkingNamespacePods, {
      namespace: seriesLabel('namespace'),
    }),
  ];
  const tcp = (numerator: string, denominator: string) =>
    `${sumBy(['instance'], rate(numerator, x.k.nodeExporter()))} / ${sumBy(['instance'], rate(denominator, x.k.nodeExporter()))}`;
  return buildDashboard({
    title: 'Kubernetes / Networking / Cluster',
    description: 'Network traffic of the cluster by namespace, and TCP retransmissions on the nodes.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster()],
    rows: [
      ...rows(x, slice, 'each namespace', ['bytes'], seriesLinks),
      {
        title: 'Current traffic',
        panels: [currentTable(x, slice, 'namespace', { namespace: namespaceLinks })],
      },
      ...rows(x, slice, 'each namespace', ['packets', 'dropped']),
      {
        title: 'TCP on the nodes',
        panels: [
          {
            kind: 'timeseries',
            title: 'TCP retransmit rate by node',
            description:
              'Share of the TCP segments each node sent that were retransmissions (node-exporter). A few percent points to packet loss between nodes.',
            unit: 'percentunit',
            width: 12,
            min: 0,
            queries: [
              {
                expr: tcp('node_netstat_Tcp_RetransSegs', 'node_netstat_Tcp_OutSegs'),
                legend: '{{instance}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'TCP SYN retransmits by node',
            description:
              'Share of the retransmitted segments of each node that were SYNs: connections that could not be opened (a peer that is down or a firewall dropping them).',
            unit: 'percentunit',
            width: 12,
            min: 0,
            queries: [
              {
                expr: tcp('node_netstat_TcpExt_TCPSynRetrans', 'node_netstat_Tcp_RetransSegs'),
                legend: '{{instance}}',
              },
            ],
          },
        ],
      },
    ],
  });
}

/** Kubernetes / Networking / Namespace (Pods) */
export function networkingNamespacePodsDashboard(scope: Scope): Dashboard {
  const x = networking(scope);
  const v = kubeVariables(scope);
  const slice: Slice = { by: ['pod'], matchers: [NAMESPACE], legend: '{{pod}}' };
  const podLink = (pod: string) =>
    dashboardLink('Pod: network', FILES.networkingPod, { namespace: grafanaNamespace, pod });
  return buildDashboard({
    title: 'Kubernetes / Networking / Namespace (Pods)',
    description: 'Network traffic of the pods of one namespace.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace()],
    rows: [
      { title: 'Namespace', panels: totals(x, slice, 'the namespace') },
      ...rows(x, slice, 'each pod', ['bytes'], [podLink(seriesLabel('pod'))]),
      { title: 'Current traffic', panels: [currentTable(x, slice, 'pod', { pod: [podLink(CELL)] })] },
      ...rows(x, slice, 'each pod', ['packets', 'dropped']),
    ],
  });
}

/** Kubernetes / Networking / Namespace (Workloads) */
export function networkingNamespaceWorkloadsDashboard(scope: Scope): Dashboard {
  const x = networking(scope);
  const v = kubeVariables(scope);
  const slice: Slice = {
    by: ['workload', 'workload_type'],
    matchers: [NAMESPACE],
    workload: [NAMESPACE, WORKLOAD_TYPE],
    legend: '{{workload}} ({{workload_type}})',
  };
  const workloadLink = (type: string, workload: string) =>
    dashboardLink('Workload: network', FILES.networkingWorkload, {
      namespace: grafanaNamespace,
      type,
      workload,
    });
  return buildDashboard({
    title: 'Kubernetes / Networking / Namespace (Workloads)',
    description: 'Network traffic of the workloads of one namespace.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace(), v.type()],
    rows: [
      ...rows(
        x,
        slice,
        'each workload',
        ['bytes'],
        [workloadLink(seriesLabel('workload_type'), seriesLabel('workload'))],
      ),
      {
        title: 'Current traffic',
        panels: [
          currentTable(x, slice, 'workload', { workload: [workloadLink(column('workload_type'), CELL)] }),
        ],
      },
      ...rows(x, slice, 'each workload', ['packets', 'dropped']),
    ],
  });
}

/** Kubernetes / Networking / Workload */
export function networkingWorkloadDashboard(scope: Scope): Dashboard {
  const x = networking(scope);
  const v = kubeVariables(scope);
  const ofWorkload = [NAMESPACE, WORKLOAD, WORKLOAD_TYPE];
  const slice: Slice = { by: ['pod'], matchers: [NAMESPACE], workload: ofWorkload, legend: '{{pod}}' };
  const podLink = (pod: string) =>
    dashboardLink('Pod: network', FILES.networkingPod, { namespace: grafanaNamespace, pod });
  return buildDashboard({
    title: 'Kubernetes / Networking / Workload',
    description: 'Network traffic of the pods of one workload.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace(), v.type(), v.workload()],
    rows: [
      { title: 'Workload', panels: totals(x, slice, 'the workload') },
      ...rows(x, slice, 'each pod of the workload', ['bytes'], [podLink(seriesLabel('pod'))]),
      { title: 'Current traffic', panels: [currentTable(x, slice, 'pod', { pod: [podLink(CELL)] })] },
      ...rows(x, slice, 'each pod of the workload', ['packets', 'dropped']),
    ],
  });
}

/** Kubernetes / Networking / Pod */
export function networkingPodDashboard(scope: Scope): Dashboard {
  const x = networking(scope);
  const v = kubeVariables(scope);
  const slice: Slice = { by: ['interface'], matchers: [NAMESPACE, POD], legend: '{{interface}}' };
  return buildDashboard({
    title: 'Kubernetes / Networking / Pod',
    description: 'Network traffic of one pod, by interface.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [v.datasource(), v.cluster(), v.namespace(), v.pod()],
    rows: [
      { title: 'Pod', panels: totals(x, slice, 'the pod') },
      ...rows(x, slice, 'the pod', ['bytes', 'packets', 'dropped', 'errors']),
    ],
  });
}
