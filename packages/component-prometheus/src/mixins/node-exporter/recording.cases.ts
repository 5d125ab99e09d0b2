import { type RecordCases, seriesWith } from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const n1 = seriesWith(`cluster="${CLUSTER}", job="node-exporter", instance="node-1"`);
const at = (name: string, labels = '') => `${name}{cluster="${CLUSTER}", instance="node-1"${labels}}`;

export const nodeExporterRecordCases: RecordCases = {
  'node-exporter.rules': [
    {
      name: 'CPU: count, utilisation (idle, iowait and steal are not busy), load per CPU',
      input: [
        n1('node_cpu_seconds_total{cpu="0", mode="idle"}', '0+24x10'),
        n1('node_cpu_seconds_total{cpu="0", mode="iowait"}', '0+6x10'),
        n1('node_cpu_seconds_total{cpu="0", mode="user"}', '0+30x10'),
        n1('node_cpu_seconds_total{cpu="1", mode="idle"}', '0+60x10'),
        n1('node_load1', '1x10'),
      ],
      at: '10m',
      expr: '{__name__=~"instance:node_num_cpu:sum|instance:node_cpu_utilisation:rate5m|instance:node_load1_per_cpu:ratio|node:node_num_cpu:sum|instance:node_cpu:rate:sum|cluster:node_cpu:.+"}',
      samples: [
        // Busy: cpu 0 user 0.5 of its second; cpu 1 idle. Not busy: cpu 0 idle and iowait, cpu 1 idle.
        { labels: at('instance:node_cpu:rate:sum'), value: 0.5 },
        { labels: `cluster:node_cpu:sum_rate5m{cluster="${CLUSTER}"}`, value: 0.5 },
        { labels: `cluster:node_cpu:ratio_rate5m{cluster="${CLUSTER}"}`, value: 0.25 },
        { labels: at('instance:node_num_cpu:sum'), value: 2 },
        { labels: at('instance:node_cpu_utilisation:rate5m'), value: 0.25 },
        { labels: at('instance:node_load1_per_cpu:ratio'), value: 0.5 },
        { labels: `node:node_num_cpu:sum{cluster="${CLUSTER}", node="node-1"}`, value: 2 },
      ],
    },
    {
      name: 'memory: utilisation and major page faults',
      input: [
        n1('node_memory_MemAvailable_bytes', '250x10'),
        n1('node_memory_MemTotal_bytes', '1000x10'),
        n1('node_vmstat_pgmajfault', '0+60x10'),
      ],
      at: '10m',
      expr: '{__name__=~"instance:node_memory_utilisation:ratio|instance:node_vmstat_pgmajfault:rate5m|.*:node_memory_.+"}',
      samples: [
        { labels: `:node_memory_MemAvailable_bytes:sum{cluster="${CLUSTER}"}`, value: 250 },
        { labels: `cluster:node_memory_utilisation:ratio{cluster="${CLUSTER}"}`, value: 0.75 },
        { labels: at('instance:node_memory_utilisation:ratio'), value: 0.75 },
        { labels: at('instance:node_vmstat_pgmajfault:rate5m'), value: 1 },
      ],
    },
    {
      name: 'disks: busy time and queue per disk, loop devices left out',
      input: [
        n1('node_disk_io_time_seconds_total{device="sda"}', '0+30x10'),
        n1('node_disk_io_time_weighted_seconds_total{device="sda"}', '0+120x10'),
        n1('node_disk_io_time_seconds_total{device="loop0"}', '0+60x10'),
        n1('node_disk_io_time_weighted_seconds_total{device="loop0"}', '0+60x10'),
      ],
      at: '10m',
      expr: '{__name__=~"instance_device:node_disk_io_time_seconds:rate5m|instance_device:node_disk_io_time_weighted_seconds:rate5m"}',
      samples: [
        { labels: at('instance_device:node_disk_io_time_seconds:rate5m', ', device="sda"'), value: 0.5 },
        {
          labels: at('instance_device:node_disk_io_time_weighted_seconds:rate5m', ', device="sda"'),
          value: 2,
        },
      ],
    },
    {
      name: 'network: bytes and drops per node, loopback left out',
      input: [
        n1('node_network_receive_bytes_total{device="eth0"}', '0+6000x10'),
        n1('node_network_receive_bytes_total{device="lo"}', '0+60000x10'),
        n1('node_network_transmit_bytes_total{device="eth0"}', '0+3000x10'),
        n1('node_network_transmit_bytes_total{device="lo"}', '0+60000x10'),
        n1('node_network_receive_drop_total{device="eth0"}', '0+60x10'),
        n1('node_network_receive_drop_total{device="lo"}', '0+600x10'),
        n1('node_network_transmit_drop_total{device="eth0"}', '0+30x10'),
        n1('node_network_transmit_drop_total{device="lo"}', '0+600x10'),
      ],
      at: '10m',
      expr: '{__name__=~"instance:node_network_.+_excluding_lo:rate5m"}',
      samples: [
        { labels: at('instance:node_network_receive_bytes_excluding_lo:rate5m'), value: 100 },
        { labels: at('instance:node_network_transmit_bytes_excluding_lo:rate5m'), value: 50 },
        { labels: at('instance:node_network_receive_drop_excluding_lo:rate5m'), value: 1 },
        { labels: at('instance:node_network_transmit_drop_excluding_lo:rate5m'), value: 0.5 },
      ],
    },
  ],
};
