import {
  type AlertCase,
  type AlertCases,
  type ExpectedAlert,
  expectation,
  type InputSeries,
  seriesWith,
} from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const on = (instance: string) =>
  seriesWith(`cluster="${CLUSTER}", job="node-exporter", instance="${instance}"`);
const n1 = on('node-1');
const NODE1 = { cluster: CLUSTER, instance: 'node-1' };
const VAR = { device: '/dev/sda1', mountpoint: '/var' };
const fsLabels = 'device="/dev/sda1", mountpoint="/var", fstype="ext4"';
const WHERE = 'filesystem /var (/dev/sda1) of node node-1';

/** A filesystem of `size`, free `free` (expanding notation), read-only or not. */
function filesystem(
  kind: 'space' | 'files',
  size: number,
  free: string,
  samples: number,
  readonly = 0,
): InputSeries[] {
  const [freeMetric, sizeMetric] =
    kind === 'space'
      ? ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes']
      : ['node_filesystem_files_free', 'node_filesystem_files'];
  return [
    n1(`${freeMetric}{${fsLabels}}`, free),
    n1(`${sizeMetric}{${fsLabels}}`, `${size}x${samples}`),
    n1(`node_filesystem_readonly{${fsLabels}}`, `${readonly}x${samples}`),
  ];
}

const fsAlert = (summary: string, severity: 'warning' | 'critical', description: string): ExpectedAlert =>
  expectation(summary, NODE1)(severity, VAR, description);

const spaceFilling = {
  warning: (left: string) =>
    fsAlert(
      'A filesystem is predicted to run out of space within 24 hours.',
      'warning',
      `The ${WHERE} has ${left}% of its space left and, at the rate of the last 6 hours, fills up within 24 hours.`,
    ),
  critical: (left: string) =>
    fsAlert(
      'A filesystem is predicted to run out of space within 4 hours.',
      'critical',
      `The ${WHERE} has ${left}% of its space left and, at the rate of the last 6 hours, fills up within 4 hours.`,
    ),
};
const filesFilling = {
  warning: (left: string) =>
    fsAlert(
      'A filesystem is predicted to run out of inodes within 24 hours.',
      'warning',
      `The ${WHERE} has ${left}% of its inodes left and, at the rate of the last 6 hours, runs out within 24 hours.`,
    ),
  critical: (left: string) =>
    fsAlert(
      'A filesystem is predicted to run out of inodes within 4 hours.',
      'critical',
      `The ${WHERE} has ${left}% of its inodes left and, at the rate of the last 6 hours, runs out within 4 hours.`,
    ),
};
const outOfSpace = {
  warning: (left: string) =>
    fsAlert(
      'A filesystem has less than 5% space left.',
      'warning',
      `The ${WHERE} has ${left}% of its space left.`,
    ),
  critical: (left: string) =>
    fsAlert(
      'A filesystem has less than 3% space left.',
      'critical',
      `The ${WHERE} has ${left}% of its space left.`,
    ),
};
const outOfFiles = {
  warning: (left: string) =>
    fsAlert(
      'A filesystem has less than 5% inodes left.',
      'warning',
      `The ${WHERE} has ${left}% of its inodes left.`,
    ),
  critical: (left: string) =>
    fsAlert(
      'A filesystem has less than 3% inodes left.',
      'critical',
      `The ${WHERE} has ${left}% of its inodes left.`,
    ),
};

/** A node-level alert whose labels are cluster and instance (plus `labels`). */
const nodeAlert = (
  summary: string,
  severity: 'info' | 'warning' | 'critical',
  description: string,
  labels = {},
) => expectation(summary, NODE1)(severity, labels, description);

/** Two cases from one input builder: the value that fires and the value that does not. */
function threshold(
  input: (value: string) => InputSeries[],
  fire: { value: string; at: AlertCase['at']; fires: ExpectedAlert[] },
  calm: { value: string; name: string },
  interval?: AlertCase['interval'],
): AlertCase[] {
  const base = interval ? { interval } : {};
  return [
    { ...base, name: `at ${fire.value}`, input: input(fire.value), at: fire.at, fires: fire.fires },
    { ...base, name: calm.name, input: input(calm.value), at: fire.at, fires: [] },
  ];
}

export const nodeExporterAlertCases: AlertCases = {
  NodeFilesystemSpaceFillingUp: [
    {
      name: 'at 15% and losing 1% an hour: full within a day, not within 4 hours',
      interval: '1h',
      input: filesystem('space', 1000, '220-10x10', 10),
      at: '7h',
      fires: [spaceFilling.warning('15.0')],
    },
    {
      name: 'at 4% and losing 2% an hour: both severities',
      interval: '1h',
      input: filesystem('space', 1000, '200-20x12', 12),
      at: '8h',
      fires: [spaceFilling.warning('4.0'), spaceFilling.critical('4.0')],
    },
    {
      name: 'a read-only filesystem filling up (an image being written elsewhere)',
      interval: '1h',
      input: filesystem('space', 1000, '200-20x12', 12, 1),
      at: '8h',
      fires: [],
    },
    {
      name: 'at 15% but steady',
      interval: '1h',
      input: filesystem('space', 1000, '150x12', 12),
      at: '8h',
      fires: [],
    },
  ],
  NodeFilesystemAlmostOutOfSpace: [
    {
      name: '4% left',
      interval: '10m',
      input: filesystem('space', 1000, '40x10', 10),
      at: '1h',
      fires: [outOfSpace.warning('4.0')],
    },
    {
      name: '2% left: both severities',
      interval: '10m',
      input: filesystem('space', 1000, '20x10', 10),
      at: '1h',
      fires: [outOfSpace.warning('2.0'), outOfSpace.critical('2.0')],
    },
    {
      name: '10% left',
      interval: '10m',
      input: filesystem('space', 1000, '100x10', 10),
      at: '1h',
      fires: [],
    },
  ],
  NodeFilesystemFilesFillingUp: [
    {
      name: 'at 32% of inodes and losing 2% an hour',
      interval: '1h',
      input: filesystem('files', 1000, '460-20x10', 10),
      at: '7h',
      fires: [filesFilling.warning('32.0')],
    },
    {
      name: 'at 6% of inodes and losing 4% an hour: both severities',
      interval: '1h',
      input: filesystem('files', 1000, '300-40x10', 10),
      at: '6h',
      fires: [filesFilling.warning('6.0'), filesFilling.critical('6.0')],
    },
    {
      name: 'plenty of inodes',
      interval: '1h',
      input: filesystem('files', 1000, '800x10', 10),
      at: '7h',
      fires: [],
    },
  ],
  NodeFilesystemAlmostOutOfFiles: [
    {
      name: '4% of inodes left',
      interval: '10m',
      input: filesystem('files', 1000, '40x10', 10),
      at: '90m',
      fires: [outOfFiles.warning('4.0')],
    },
    {
      name: '2% of inodes left: both severities',
      interval: '10m',
      input: filesystem('files', 1000, '20x10', 10),
      at: '90m',
      fires: [outOfFiles.warning('2.0'), outOfFiles.critical('2.0')],
    },
    {
      name: '10% of inodes left',
      interval: '10m',
      input: filesystem('files', 1000, '100x10', 10),
      at: '90m',
      fires: [],
    },
  ],
  NodeNetworkReceiveErrs: threshold(
    (errors) => [
      n1('node_network_receive_errs_total{device="eth0"}', `0+${errors}x90`),
      n1('node_network_receive_packets_total{device="eth0"}', '0+300x90'),
    ],
    {
      value: '6',
      at: '80m',
      fires: [
        nodeAlert(
          'A network interface receives many packets with errors.',
          'warning',
          'Interface eth0 of node node-1 receives 2% of its packets with errors.',
          { device: 'eth0' },
        ),
      ],
    },
    { value: '1', name: 'one packet in 300 with errors' },
  ),
  NodeNetworkTransmitErrs: threshold(
    (errors) => [
      n1('node_network_transmit_errs_total{device="eth0"}', `0+${errors}x90`),
      n1('node_network_transmit_packets_total{device="eth0"}', '0+300x90'),
    ],
    {
      value: '6',
      at: '80m',
      fires: [
        nodeAlert(
          'A network interface fails to send many packets.',
          'warning',
          'Interface eth0 of node node-1 fails to send 2% of its packets.',
          { device: 'eth0' },
        ),
      ],
    },
    { value: '1', name: 'one packet in 300 fails' },
  ),
  NodeHighNumberConntrackEntriesUsed: threshold(
    (entries) => [
      n1('node_nf_conntrack_entries', `${entries}x20`),
      n1('node_nf_conntrack_entries_limit', '100000x20'),
    ],
    {
      value: '80000',
      at: '10m',
      fires: [
        nodeAlert(
          'The connection tracking table of a node is filling up.',
          'warning',
          'The conntrack table of node node-1 is 80% full; when it is full, new connections are dropped.',
        ),
      ],
    },
    { value: '10000', name: 'a tenth full' },
  ),
  NodeTextFileCollectorScrapeError: threshold(
    (error) => [n1('node_textfile_scrape_error', `${error}x20`)],
    {
      value: '1',
      at: '10m',
      fires: [
        nodeAlert(
          'node-exporter fails to read its text files.',
          'warning',
          'node-exporter on node node-1 cannot read one of the metrics files of its textfile directory.',
        ),
      ],
    },
    { value: '0', name: 'the text files are read' },
  ),
  NodeClockSkewDetected: [
    {
      name: 'one clock 100 ms ahead, another 100 ms behind, neither converging',
      input: [
        n1('node_timex_offset_seconds', '0.1x30'),
        on('node-2')('node_timex_offset_seconds', '-0.1x30'),
      ],
      at: '20m',
      fires: [
        nodeAlert(
          'The clock of a node drifts.',
          'warning',
          'The clock of node node-1 is 0.100 s off and not converging back.',
        ),
        expectation('The clock of a node drifts.', { cluster: CLUSTER, instance: 'node-2' })(
          'warning',
          {},
          'The clock of node node-2 is -0.100 s off and not converging back.',
        ),
      ],
    },
    {
      name: 'an offset that NTP is reducing, and a small one',
      input: [
        n1('node_timex_offset_seconds', '0.2-0.005x30'),
        on('node-2')('node_timex_offset_seconds', '0.01x30'),
      ],
      at: '20m',
      fires: [],
    },
  ],
  NodeClockNotSynchronising: threshold(
    (status) => [n1('node_timex_sync_status', `${status}x30`), n1('node_timex_maxerror_seconds', '16x30')],
    {
      value: '0',
      at: '20m',
      fires: [
        nodeAlert(
          'The clock of a node is not synchronised.',
          'warning',
          'The clock of node node-1 is not synchronised by NTP; its error may grow without bound.',
        ),
      ],
    },
    { value: '1', name: 'synchronised' },
  ),
  NodeRAIDDegraded: threshold(
    (active) => [
      n1('node_md_disks_required{device="md0"}', '2x30'),
      n1(`node_md_disks{device="md0", state="active"}`, `${active}x30`),
    ],
    {
      value: '1',
      at: '20m',
      fires: [
        nodeAlert(
          'A RAID array is degraded.',
          'critical',
          'RAID array md0 of node node-1 misses 1 disk(s); one more failure may lose data.',
          { device: 'md0' },
        ),
      ],
    },
    { value: '2', name: 'both disks active' },
  ),
  NodeRAIDDiskFailure: threshold(
    (failed) => [n1(`node_md_disks{device="md0", state="failed"}`, `${failed}x20`)],
    {
      value: '1',
      at: '10m',
      fires: [
        nodeAlert(
          'A disk of a RAID array failed.',
          'warning',
          '1 disk(s) of RAID array md0 of node node-1 failed and must be replaced.',
          { device: 'md0' },
        ),
      ],
    },
    { value: '0', name: 'no failed disk' },
  ),
  NodeFileDescriptorLimit: [
    {
      name: '80% of the file descriptors open',
      input: [n1('node_filefd_allocated', '80x30'), n1('node_filefd_maximum', '100x30')],
      at: '20m',
      fires: [
        nodeAlert(
          'A node uses more than 70% of its file descriptors.',
          'warning',
          'Node node-1 has 80.0% of its file descriptors open.',
        ),
      ],
    },
    {
      name: '95% open: both severities',
      input: [n1('node_filefd_allocated', '95x30'), n1('node_filefd_maximum', '100x30')],
      at: '20m',
      fires: [
        nodeAlert(
          'A node uses more than 70% of its file descriptors.',
          'warning',
          'Node node-1 has 95.0% of its file descriptors open.',
        ),
        nodeAlert(
          'A node uses more than 90% of its file descriptors.',
          'critical',
          'Node node-1 has 95.0% of its file descriptors open.',
        ),
      ],
    },
    {
      name: 'half open',
      input: [n1('node_filefd_allocated', '50x30'), n1('node_filefd_maximum', '100x30')],
      at: '20m',
      fires: [],
    },
  ],
  NodeCPUHighUsage: threshold(
    (idlePerMinute) => [n1('node_cpu_seconds_total{cpu="0", mode="idle"}', `0+${idlePerMinute}x30`)],
    {
      value: '3',
      at: '25m',
      fires: [nodeAlert('A node is busy.', 'info', 'Node node-1 has used 95% of its CPU for 15 minutes.')],
    },
    { value: '30', name: 'half idle' },
  ),
  NodeSystemSaturation: threshold(
    (load) => [
      n1('node_load1', `${load}x30`),
      n1('node_cpu_seconds_total{cpu="0", mode="idle"}', '0+30x30'),
      n1('node_cpu_seconds_total{cpu="1", mode="idle"}', '0+30x30'),
    ],
    {
      value: '5',
      at: '25m',
      fires: [
        nodeAlert(
          'A node is saturated: processes wait.',
          'warning',
          'The load of node node-1 is 2.50 per CPU: processes wait for CPU or I/O.',
        ),
      ],
    },
    { value: '1', name: 'a load of one on two CPUs' },
  ),
  NodeMemoryMajorPagesFaults: threshold(
    (perMinute) => [n1('node_vmstat_pgmajfault', `0+${perMinute}x30`)],
    {
      value: '36000',
      at: '25m',
      fires: [
        nodeAlert(
          'A node reads memory pages back from disk.',
          'warning',
          'Node node-1 has 600 major page faults per second: it is short of memory and pages back from disk.',
        ),
      ],
    },
    { value: '60', name: 'a major fault a second' },
  ),
  NodeMemoryHighUtilization: threshold(
    (available) => [
      n1('node_memory_MemAvailable_bytes', `${available}x30`),
      n1('node_memory_MemTotal_bytes', '1000x30'),
    ],
    {
      value: '50',
      at: '25m',
      fires: [
        nodeAlert('A node is running out of memory.', 'warning', 'Node node-1 uses 95% of its memory.'),
      ],
    },
    { value: '500', name: 'half the memory available' },
  ),
  NodeDiskIOSaturation: threshold(
    (perMinute) => [n1('node_disk_io_time_weighted_seconds_total{device="sda"}', `0+${perMinute}x60`)],
    {
      value: '720',
      at: '45m',
      fires: [
        nodeAlert(
          'A disk of a node has a long I/O queue.',
          'warning',
          'Disk sda of node node-1 has 12.0 I/O operations waiting on average.',
          { device: 'sda' },
        ),
      ],
    },
    { value: '60', name: 'one operation waiting on average' },
  ),
  NodeSystemdServiceFailed: threshold(
    (failed) => [
      n1('node_systemd_unit_state{name="kubelet.service", state="failed", type="simple"}', `${failed}x20`),
      n1('node_systemd_unit_state{name="kubelet.service", state="active", type="simple"}', '0x20'),
    ],
    {
      value: '1',
      at: '10m',
      fires: [
        nodeAlert(
          'A systemd service of a node failed.',
          'warning',
          'The systemd unit kubelet.service of node node-1 is in the failed state.',
          { name: 'kubelet.service' },
        ),
      ],
    },
    { value: '0', name: 'not failed' },
  ),
  NodeSystemdServiceCrashlooping: [
    {
      name: 'a restart every minute',
      input: [n1('node_systemd_service_restart_total{name="containerd.service"}', '0+1x30')],
      at: '25m',
      fires: [
        nodeAlert(
          'A systemd service of a node keeps restarting.',
          'warning',
          'The systemd unit containerd.service of node node-1 restarted 5 times in 5 minutes.',
          { name: 'containerd.service' },
        ),
      ],
    },
    {
      name: 'restarted a few times long ago',
      input: [n1('node_systemd_service_restart_total{name="containerd.service"}', '3x30')],
      at: '25m',
      fires: [],
    },
  ],
  NodeBondingDegraded: threshold(
    (active) => [
      n1('node_bonding_slaves{master="bond0"}', '2x20'),
      n1('node_bonding_active{master="bond0"}', `${active}x20`),
    ],
    {
      value: '1',
      at: '10m',
      fires: [
        nodeAlert(
          'A bonded network interface lost links.',
          'warning',
          'Bond bond0 of node node-1 has 1 inactive link(s).',
          {
            master: 'bond0',
          },
        ),
      ],
    },
    { value: '2', name: 'both links active' },
  ),
};
