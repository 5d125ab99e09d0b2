import type { RecordingRule, RuleGroup } from '@mixstack/core';
import { record, recordGroup } from '@mixstack/kit';
import { by, m, on } from '../promql.js';
import { RECORDS } from '../records.js';
import type { MixinSelectors } from '../selectors.js';

/** Block devices that are disks (not loop devices, not device-mapper snapshots of containers' layers). */
export const DISK_DEVICES = 'device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"';

/**
 * Node utilisation per node (USE method): what the node dashboards and the node alerts read.
 * `instance` is the node's name (node-exporter's ServiceMonitor sets it).
 */
export function nodeExporterRecordingRules(s: MixinSelectors): RuleGroup<RecordingRule>[] {
  const ne = (metric: string, ...matchers: string[]) => m(metric, s.nodeExporter, ...matchers);
  const node = by('instance');
  const idleCpus = ne('node_cpu_seconds_total', 'mode="idle"');
  return [
    recordGroup('node-exporter.rules', [
      record('instance:node_num_cpu:sum', `count ${node} (${idleCpus})`),
      record(
        RECORDS.nodeCpuUtilisation,
        // Idle, waiting for I/O or taken by the hypervisor: time the CPU did no work of this node.
        `1 - avg ${node} (sum ${by('instance', 'cpu')} (rate(${ne('node_cpu_seconds_total', 'mode=~"idle|iowait|steal"')}[5m])))`,
      ),
      record(RECORDS.nodeLoad1PerCpu, `sum ${node} (${ne('node_load1')}) / count ${node} (${idleCpus})`),
      record(
        RECORDS.nodeMemoryUtilisation,
        `1 - sum ${node} (${ne('node_memory_MemAvailable_bytes')}) / sum ${node} (${ne('node_memory_MemTotal_bytes')})`,
      ),
      record(RECORDS.nodeMajorPageFaults, `sum ${node} (rate(${ne('node_vmstat_pgmajfault')}[5m]))`),
      record(
        RECORDS.nodeDiskIoTime,
        `sum ${by('instance', 'device')} (rate(${ne('node_disk_io_time_seconds_total', DISK_DEVICES)}[5m]))`,
      ),
      record(
        RECORDS.nodeDiskIoTimeWeighted,
        `sum ${by('instance', 'device')} (rate(${ne('node_disk_io_time_weighted_seconds_total', DISK_DEVICES)}[5m]))`,
      ),
      record(
        RECORDS.nodeNetworkReceiveBytes,
        `sum ${node} (rate(${ne('node_network_receive_bytes_total', 'device!="lo"')}[5m]))`,
      ),
      record(
        RECORDS.nodeNetworkTransmitBytes,
        `sum ${node} (rate(${ne('node_network_transmit_bytes_total', 'device!="lo"')}[5m]))`,
      ),
      record(
        RECORDS.nodeNetworkReceiveDrops,
        `sum ${node} (rate(${ne('node_network_receive_drop_total', 'device!="lo"')}[5m]))`,
      ),
      record(
        RECORDS.nodeNetworkTransmitDrops,
        `sum ${node} (rate(${ne('node_network_transmit_drop_total', 'device!="lo"')}[5m]))`,
      ),
      // The same count by the Kubernetes `node` label, which the Kubernetes dashboards join on.
      record(
        RECORDS.nodeCpuCount,
        `count ${by('node')} (label_replace(${idleCpus}, "node", "$1", "instance", "(.+)"))`,
      ),
      // Busy cores per node and in the cluster, and the cluster's CPU and memory utilisation (capacity planning).
      record(
        'instance:node_cpu:rate:sum',
        `sum ${node} (rate(${ne('node_cpu_seconds_total', 'mode!~"idle|iowait|steal"')}[5m]))`,
      ),
      record('cluster:node_cpu:sum_rate5m', `sum ${by()} (instance:node_cpu:rate:sum)`),
      record(
        'cluster:node_cpu:ratio_rate5m',
        `cluster:node_cpu:sum_rate5m / ${on()} count ${by()} (${idleCpus})`,
      ),
      record(':node_memory_MemAvailable_bytes:sum', `sum ${by()} (${ne('node_memory_MemAvailable_bytes')})`),
      record(
        'cluster:node_memory_utilisation:ratio',
        `1 - :node_memory_MemAvailable_bytes:sum / ${on()} sum ${by()} (${ne('node_memory_MemTotal_bytes')})`,
      ),
    ]),
  ];
}
