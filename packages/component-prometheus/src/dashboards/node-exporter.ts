import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  type DashboardSpec,
  datasourceVariable,
  type PanelSpec,
  queryVariable,
  type RowSpec,
} from '@mixstack/kit';
import { RECORDS } from '../mixins/records.js';
import { DISK_DEVICES, REAL_FILESYSTEMS, rate, sumBy } from './promql.js';
import { clusterVariable, type Scope, sel } from './variables.js';

/**
 * The node-exporter mixin's dashboards: one node in detail (Nodes), and the USE method
 * (utilisation, saturation, errors) for the cluster and for one node, from the node
 * recording rules. Linux nodes only: node-exporter of this stack runs on Linux.
 */

export const NODE_EXPORTER_FILES = {
  nodes: 'nodes.json',
  useMethodCluster: 'use-method-cluster.json',
  useMethodNode: 'use-method-node.json',
} as const;

const TAG = 'node-exporter';
const LINK_TITLE = 'Node Exporter';
const INSTANCE = 'instance="$instance"';

function nodeScope(scope: Scope) {
  const c = scope.s.clusterLabel;
  const node = (...m: string[]) => sel(scope.s.nodeExporter, scope.cluster, ...m);
  const record = (name: string, ...m: string[]) => `${name}${sel(scope.cluster, ...m)}`;
  /** CPUs of each node (no recording rule per instance), to weigh the nodes' shares. */
  const cpus = (...m: string[]) =>
    `count by (${c}, instance) (node_cpu_seconds_total${node('mode="idle"', ...m)})`;
  const memory = (...m: string[]) => `sum by (${c}, instance) (node_memory_MemTotal_bytes${node(...m)})`;
  const filesystemUsed = (...m: string[]) =>
    `1 - node_filesystem_avail_bytes${node(REAL_FILESYSTEMS, ...m)} / node_filesystem_size_bytes${node(REAL_FILESYSTEMS, ...m)}`;
  return { c, node, record, cpus, memory, filesystemUsed };
}

function spec(
  scope: Scope,
  title: string,
  description: string,
  perNode: boolean,
  rows: RowSpec[],
): DashboardSpec {
  const n = nodeScope(scope);
  return {
    title,
    description,
    tag: TAG,
    linkTitle: LINK_TITLE,
    variables: [
      datasourceVariable(),
      clusterVariable(scope, scope.s.nodeExporter),
      ...(perNode
        ? [queryVariable('instance', 'Instance', `node_uname_info${n.node('sysname="Linux"')}`, 'instance')]
        : []),
    ],
    rows,
  };
}

const graph = (
  title: string,
  description: string,
  unit: string,
  width: number,
  queries: { expr: string; legend: string }[],
  extra: Partial<PanelSpec> = {},
): PanelSpec =>
  ({ kind: 'timeseries', title, description, unit, width, min: 0, queries, ...extra }) as PanelSpec;

/** Node Exporter / Nodes: one Linux node in detail. */
export function nodesDashboard(scope: Scope): Dashboard {
  const n = nodeScope(scope);
  const node = (...m: string[]) => n.node(INSTANCE, ...m);
  const stat = (
    title: string,
    description: string,
    unit: string,
    expr: string,
    thresholds?: [number, string][],
  ): PanelSpec => ({
    kind: 'stat',
    title,
    description,
    unit,
    width: 4,
    query: { expr },
    ...(thresholds ? { thresholds } : {}),
  });
  const busy: [number, string][] = [
    [0.8, 'orange'],
    [0.9, 'red'],
  ];
  const memoryPart = (expr: string, legend: string) => ({ expr, legend });
  return buildDashboard(
    spec(
      scope,
      'Node Exporter / Nodes',
      'One Linux node in detail: CPU, load, memory, disks, filesystems and network.',
      true,
      [
        {
          title: 'Overview',
          panels: [
            stat(
              'CPU utilisation',
              'Share of the CPU time of the node spent busy (not idle, iowait or steal), over 5 minutes (recording rule).',
              'percentunit',
              `max(${n.record(RECORDS.nodeCpuUtilisation, INSTANCE)})`,
              busy,
            ),
            stat(
              'Load per CPU',
              'One-minute load average divided by the number of CPUs (recording rule). Above 100% tasks wait for a CPU.',
              'percentunit',
              `max(${n.record(RECORDS.nodeLoad1PerCpu, INSTANCE)})`,
              [[1, 'orange']],
            ),
            stat(
              'Memory utilisation',
              'Share of the memory of the node not available to new processes (recording rule).',
              'percentunit',
              `max(${n.record(RECORDS.nodeMemoryUtilisation, INSTANCE)})`,
              busy,
            ),
            stat(
              'CPUs',
              'Logical CPUs of the node.',
              'none',
              `count(node_cpu_seconds_total${node('mode="idle"')})`,
            ),
            stat('Memory', 'Memory of the node.', 'bytes', `max(node_memory_MemTotal_bytes${node()})`),
            stat(
              'Uptime',
              'Time since the node booted.',
              's',
              `max(time() - node_boot_time_seconds${node()})`,
            ),
          ],
        },
        {
          title: 'CPU',
          panels: [
            graph(
              'CPU usage by mode',
              'Share of the CPU time of the node by mode (user, system, iowait, steal, ...), idle left out. Stacked, the top is the total utilisation.',
              'percentunit',
              12,
              [
                {
                  expr: `${sumBy(['mode'], rate('node_cpu_seconds_total', node('mode!="idle"')))} / scalar(count(node_cpu_seconds_total${node('mode="idle"')}))`,
                  legend: '{{mode}}',
                },
              ],
              { stack: true, max: 1 },
            ),
            graph(
              'Load average',
              'Load average over 1, 5 and 15 minutes, and the number of CPUs: above it, tasks wait for a CPU.',
              'short',
              12,
              [
                { expr: `max(node_load1${node()})`, legend: '1m' },
                { expr: `max(node_load5${node()})`, legend: '5m' },
                { expr: `max(node_load15${node()})`, legend: '15m' },
                { expr: `count(node_cpu_seconds_total${node('mode="idle"')})`, legend: 'CPUs' },
              ],
            ),
          ],
        },
        {
          title: 'Memory',
          panels: [
            graph(
              'Memory usage',
              'Memory of the node: used by processes, kernel buffers, page cache (reclaimable) and free. Stacked, the top is the total.',
              'bytes',
              12,
              [
                memoryPart(
                  `max(node_memory_MemTotal_bytes${node()} - node_memory_MemFree_bytes${node()} - node_memory_Buffers_bytes${node()} - node_memory_Cached_bytes${node()})`,
                  'used',
                ),
                memoryPart(`max(node_memory_Buffers_bytes${node()})`, 'buffers'),
                memoryPart(`max(node_memory_Cached_bytes${node()})`, 'cached'),
                memoryPart(`max(node_memory_MemFree_bytes${node()})`, 'free'),
              ],
              { stack: true },
            ),
            graph(
              'Major page faults',
              'Page faults per second that had to read from disk (recording rule): memory pressure pushes pages out and reads them back.',
              'cps',
              12,
              [{ expr: `max(${n.record(RECORDS.nodeMajorPageFaults, INSTANCE)})`, legend: 'major faults' }],
            ),
          ],
        },
        {
          title: 'Disks and filesystems',
          panels: [
            graph('Disk throughput', 'Bytes per second read from and written to each disk.', 'Bps', 8, [
              {
                expr: sumBy(['device'], rate('node_disk_read_bytes_total', node(DISK_DEVICES))),
                legend: '{{device}} read',
              },
              {
                expr: sumBy(['device'], rate('node_disk_written_bytes_total', node(DISK_DEVICES))),
                legend: '{{device}} written',
              },
            ]),
            graph(
              'Disk I/O utilisation',
              'Share of the time each disk was busy with I/O (recording rule). Near 100% the disk is the bottleneck.',
              'percentunit',
              8,
              [
                {
                  expr: `max by (device) (${n.record(RECORDS.nodeDiskIoTime, INSTANCE)})`,
                  legend: '{{device}}',
                },
              ],
            ),
            graph(
              'Filesystem space used',
              'Share of each filesystem in use, by mount point (space available to unprivileged users).',
              'percentunit',
              8,
              [{ expr: `max by (mountpoint) (${n.filesystemUsed(INSTANCE)})`, legend: '{{mountpoint}}' }],
              { max: 1 },
            ),
          ],
        },
        {
          title: 'Network',
          panels: [
            graph(
              'Network received by device',
              'Bytes per second received on each network interface (loopback left out).',
              'Bps',
              8,
              [
                {
                  expr: sumBy(['device'], rate('node_network_receive_bytes_total', node('device!="lo"'))),
                  legend: '{{device}}',
                },
              ],
            ),
            graph(
              'Network transmitted by device',
              'Bytes per second transmitted on each network interface (loopback left out).',
              'Bps',
              8,
              [
                {
                  expr: sumBy(['device'], rate('node_network_transmit_bytes_total', node('device!="lo"'))),
                  legend: '{{device}}',
                },
              ],
            ),
            graph(
              'Network errors by device',
              'Packets per second received or transmitted with errors on each interface: bad cables, duplex mismatches, driver problems.',
              'pps',
              8,
              [
                {
                  expr: sumBy(['device'], rate('node_network_receive_errs_total', node('device!="lo"'))),
                  legend: '{{device}} receive',
                },
                {
                  expr: sumBy(['device'], rate('node_network_transmit_errs_total', node('device!="lo"'))),
                  legend: '{{device}} transmit',
                },
              ],
            ),
          ],
        },
      ],
    ),
  );
}

/** Node Exporter / USE Method / Cluster: each node's share of the cluster's utilisation, and saturation. */
export function useMethodClusterDashboard(scope: Scope): Dashboard {
  const n = nodeScope(scope);
  const share = (record: string, weight: string) =>
    `${n.record(record)} * on (${n.c}, instance) group_left () ${weight} / scalar(sum(${weight}))`;
  const byInstance = (record: string) => ({ expr: n.record(record), legend: '{{instance}}' });
  return buildDashboard(
    spec(
      scope,
      'Node Exporter / USE Method / Cluster',
      'Utilisation and saturation of the CPU, memory, network and disks of all nodes (the USE method), from the node recording rules.',
      false,
      [
        {
          title: 'CPU',
          panels: [
            graph(
              'CPU utilisation',
              "Each node's busy CPU as a share of all CPUs of the cluster (recording rule, weighted by CPUs). Stacked, the top is the cluster's utilisation.",
              'percentunit',
              12,
              [{ expr: share(RECORDS.nodeCpuUtilisation, n.cpus()), legend: '{{instance}}' }],
              { stack: true, max: 1 },
            ),
            graph(
              'CPU saturation (load per CPU)',
              'One-minute load average of each node divided by its CPUs (recording rule). Above 100% tasks wait for a CPU.',
              'percentunit',
              12,
              [byInstance(RECORDS.nodeLoad1PerCpu)],
            ),
          ],
        },
        {
          title: 'Memory',
          panels: [
            graph(
              'Memory utilisation',
              "Each node's memory in use as a share of all memory of the cluster (recording rule, weighted by memory). Stacked, the top is the cluster's utilisation.",
              'percentunit',
              12,
              [{ expr: share(RECORDS.nodeMemoryUtilisation, n.memory()), legend: '{{instance}}' }],
              { stack: true, max: 1 },
            ),
            graph(
              'Memory saturation (major page faults)',
              'Page faults per second that had to read from disk, by node (recording rule).',
              'cps',
              12,
              [byInstance(RECORDS.nodeMajorPageFaults)],
            ),
          ],
        },
        {
          title: 'Network',
          panels: [
            graph(
              'Network utilisation',
              'Bytes per second received and transmitted by each node, loopback left out (recording rules).',
              'Bps',
              12,
              [
                { expr: n.record(RECORDS.nodeNetworkReceiveBytes), legend: '{{instance}} received' },
                { expr: n.record(RECORDS.nodeNetworkTransmitBytes), legend: '{{instance}} transmitted' },
              ],
            ),
            graph(
              'Network saturation (drops)',
              'Packets per second each node dropped on receive and transmit, loopback left out (recording rules).',
              'pps',
              12,
              [
                { expr: n.record(RECORDS.nodeNetworkReceiveDrops), legend: '{{instance}} received' },
                { expr: n.record(RECORDS.nodeNetworkTransmitDrops), legend: '{{instance}} transmitted' },
              ],
            ),
          ],
        },
        {
          title: 'Disks',
          panels: [
            graph(
              'Disk I/O utilisation',
              "Each disk's busy time as a share of all disks of the cluster (recording rule). Stacked, the top is the average over disks.",
              'percentunit',
              12,
              [
                {
                  expr: `${n.record(RECORDS.nodeDiskIoTime)} / scalar(count(${n.record(RECORDS.nodeDiskIoTime)}))`,
                  legend: '{{instance}} {{device}}',
                },
              ],
              { stack: true, max: 1 },
            ),
            graph(
              'Disk I/O saturation (queue length)',
              'Average number of I/O requests in flight on each disk (weighted I/O time, recording rule). Well above 1 requests queue.',
              'short',
              12,
              [{ expr: n.record(RECORDS.nodeDiskIoTimeWeighted), legend: '{{instance}} {{device}}' }],
            ),
            graph(
              'Disk space used (fullest filesystem)',
              'Share of the fullest filesystem of each node in use.',
              'percentunit',
              24,
              [{ expr: `max by (instance) (${n.filesystemUsed()})`, legend: '{{instance}}' }],
              { max: 1 },
            ),
          ],
        },
      ],
    ),
  );
}

/** Node Exporter / USE Method / Node: utilisation and saturation of one node. */
export function useMethodNodeDashboard(scope: Scope): Dashboard {
  const n = nodeScope(scope);
  const rec = (record: string) => n.record(record, INSTANCE);
  return buildDashboard(
    spec(
      scope,
      'Node Exporter / USE Method / Node',
      'Utilisation and saturation of the CPU, memory, network and disks of one node (the USE method), from the node recording rules.',
      true,
      [
        {
          title: 'CPU',
          panels: [
            graph(
              'CPU utilisation',
              'Share of the CPU time of the node spent busy (recording rule).',
              'percentunit',
              12,
              [{ expr: `max(${rec(RECORDS.nodeCpuUtilisation)})`, legend: 'utilisation' }],
              { max: 1 },
            ),
            graph(
              'CPU saturation (load per CPU)',
              'One-minute load average divided by the CPUs (recording rule). Above 100% tasks wait for a CPU.',
              'percentunit',
              12,
              [{ expr: `max(${rec(RECORDS.nodeLoad1PerCpu)})`, legend: 'load per CPU' }],
            ),
          ],
        },
        {
          title: 'Memory',
          panels: [
            graph(
              'Memory utilisation',
              'Share of the memory of the node not available to new processes (recording rule).',
              'percentunit',
              12,
              [{ expr: `max(${rec(RECORDS.nodeMemoryUtilisation)})`, legend: 'utilisation' }],
              { max: 1 },
            ),
            graph(
              'Memory saturation (major page faults)',
              'Page faults per second that had to read from disk (recording rule).',
              'cps',
              12,
              [{ expr: `max(${rec(RECORDS.nodeMajorPageFaults)})`, legend: 'major faults' }],
            ),
          ],
        },
        {
          title: 'Network',
          panels: [
            graph(
              'Network utilisation',
              'Bytes per second received and transmitted, loopback left out (recording rules).',
              'Bps',
              12,
              [
                { expr: `max(${rec(RECORDS.nodeNetworkReceiveBytes)})`, legend: 'received' },
                { expr: `max(${rec(RECORDS.nodeNetworkTransmitBytes)})`, legend: 'transmitted' },
              ],
            ),
            graph(
              'Network saturation (drops)',
              'Packets per second dropped on receive and transmit, loopback left out (recording rules).',
              'pps',
              12,
              [
                { expr: `max(${rec(RECORDS.nodeNetworkReceiveDrops)})`, legend: 'received' },
                { expr: `max(${rec(RECORDS.nodeNetworkTransmitDrops)})`, legend: 'transmitted' },
              ],
            ),
          ],
        },
        {
          title: 'Disks',
          panels: [
            graph(
              'Disk I/O utilisation',
              'Share of the time each disk was busy (recording rule).',
              'percentunit',
              8,
              [{ expr: `max by (device) (${rec(RECORDS.nodeDiskIoTime)})`, legend: '{{device}}' }],
              { max: 1 },
            ),
            graph(
              'Disk I/O saturation (queue length)',
              'Average number of I/O requests in flight on each disk (recording rule).',
              'short',
              8,
              [{ expr: `max by (device) (${rec(RECORDS.nodeDiskIoTimeWeighted)})`, legend: '{{device}}' }],
            ),
            graph(
              'Filesystem space used',
              'Share of each filesystem in use, by mount point.',
              'percentunit',
              8,
              [{ expr: `max by (mountpoint) (${n.filesystemUsed(INSTANCE)})`, legend: '{{mountpoint}}' }],
              { max: 1 },
            ),
          ],
        },
      ],
    ),
  );
}
