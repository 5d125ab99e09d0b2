import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines } from '@mixstack/kit';
import { by, hours, m, on } from '../promql.js';
import { RECORDS } from '../records.js';
import type { MixinSelectors } from '../selectors.js';
import { DISK_DEVICES } from './recording.js';

/** Alerts on the nodes, from node-exporter: filesystems, network, clock, RAID, saturation, systemd. */
export function nodeExporterAlerts(s: MixinSelectors): RuleGroup<AlertingRule>[] {
  const ne = (metric: string, ...matchers: string[]) => m(metric, s.nodeExporter, ...matchers);
  const fs = (metric: string) => ne(metric, 'fstype!=""', 'mountpoint!=""');
  const filesystem = by('instance', 'device', 'mountpoint');
  const where = 'filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) of node {{ $labels.instance }}';
  const writable = `max ${filesystem} (${fs('node_filesystem_readonly')}) == 0`;
  /** Percentage of `free` in `size` per filesystem. */
  const left = (free: string, size: string) =>
    `max ${filesystem} (${fs(free)}) * 100 / max ${filesystem} (${fs(size)})`;
  const fillingUp = (free: string, size: string, below: number, horizonHours: number) =>
    lines(
      `${left(free, size)} < ${below}`,
      `and ${on('instance', 'device', 'mountpoint')} max ${filesystem} (predict_linear(${fs(free)}[6h], ${hours(horizonHours)})) < 0`,
      `and ${on('instance', 'device', 'mountpoint')} ${writable}`,
    );
  const almostOut = (free: string, size: string, below: number) =>
    lines(`${left(free, size)} < ${below}`, `and ${on('instance', 'device', 'mountpoint')} ${writable}`);
  const errorRatio = (errors: string, packets: string) =>
    lines(
      `sum ${by('instance', 'device')} (rate(${ne(errors)}[2m]))`,
      `/ sum ${by('instance', 'device')} (rate(${ne(packets)}[2m]))`,
      '> 0.01',
    );
  const node = 'node {{ $labels.instance }}';
  const Node = 'Node {{ $labels.instance }}';
  const fdUse = `max ${by('instance')} (${ne('node_filefd_allocated')}) * 100 / max ${by('instance')} (${ne('node_filefd_maximum')})`;

  return [
    alertGroup('node-exporter', [
      alert({
        alert: 'NodeFilesystemSpaceFillingUp',
        severity: 'warning',
        expr: fillingUp('node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 20, 24),
        for: '1h',
        summary: 'A filesystem is predicted to run out of space within 24 hours.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its space left and, at the rate of the last 6 hours, fills up within 24 hours.`,
      }),
      alert({
        alert: 'NodeFilesystemSpaceFillingUp',
        severity: 'critical',
        expr: fillingUp('node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 10, 4),
        for: '1h',
        summary: 'A filesystem is predicted to run out of space within 4 hours.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its space left and, at the rate of the last 6 hours, fills up within 4 hours.`,
      }),
      alert({
        alert: 'NodeFilesystemAlmostOutOfSpace',
        severity: 'warning',
        expr: almostOut('node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 5),
        for: '30m',
        summary: 'A filesystem has less than 5% space left.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its space left.`,
      }),
      alert({
        alert: 'NodeFilesystemAlmostOutOfSpace',
        severity: 'critical',
        expr: almostOut('node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 3),
        for: '30m',
        summary: 'A filesystem has less than 3% space left.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its space left.`,
      }),
      alert({
        alert: 'NodeFilesystemFilesFillingUp',
        severity: 'warning',
        expr: fillingUp('node_filesystem_files_free', 'node_filesystem_files', 40, 24),
        for: '1h',
        summary: 'A filesystem is predicted to run out of inodes within 24 hours.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its inodes left and, at the rate of the last 6 hours, runs out within 24 hours.`,
      }),
      alert({
        alert: 'NodeFilesystemFilesFillingUp',
        severity: 'critical',
        expr: fillingUp('node_filesystem_files_free', 'node_filesystem_files', 20, 4),
        for: '1h',
        summary: 'A filesystem is predicted to run out of inodes within 4 hours.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its inodes left and, at the rate of the last 6 hours, runs out within 4 hours.`,
      }),
      alert({
        alert: 'NodeFilesystemAlmostOutOfFiles',
        severity: 'warning',
        expr: almostOut('node_filesystem_files_free', 'node_filesystem_files', 5),
        for: '1h',
        summary: 'A filesystem has less than 5% inodes left.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its inodes left.`,
      }),
      alert({
        alert: 'NodeFilesystemAlmostOutOfFiles',
        severity: 'critical',
        expr: almostOut('node_filesystem_files_free', 'node_filesystem_files', 3),
        for: '1h',
        summary: 'A filesystem has less than 3% inodes left.',
        description: `The ${where} has {{ printf "%.1f" $value }}% of its inodes left.`,
      }),
      alert({
        alert: 'NodeNetworkReceiveErrs',
        severity: 'warning',
        expr: errorRatio('node_network_receive_errs_total', 'node_network_receive_packets_total'),
        for: '1h',
        summary: 'A network interface receives many packets with errors.',
        description: `Interface {{ $labels.device }} of ${node} receives {{ $value | humanizePercentage }} of its packets with errors.`,
      }),
      alert({
        alert: 'NodeNetworkTransmitErrs',
        severity: 'warning',
        expr: errorRatio('node_network_transmit_errs_total', 'node_network_transmit_packets_total'),
        for: '1h',
        summary: 'A network interface fails to send many packets.',
        description: `Interface {{ $labels.device }} of ${node} fails to send {{ $value | humanizePercentage }} of its packets.`,
      }),
      alert({
        alert: 'NodeHighNumberConntrackEntriesUsed',
        severity: 'warning',
        expr: `max ${by('instance')} (${ne('node_nf_conntrack_entries')}) / max ${by('instance')} (${ne('node_nf_conntrack_entries_limit')}) > 0.75`,
        for: '5m',
        summary: 'The connection tracking table of a node is filling up.',
        description: `The conntrack table of ${node} is {{ $value | humanizePercentage }} full; when it is full, new connections are dropped.`,
      }),
      alert({
        alert: 'NodeTextFileCollectorScrapeError',
        severity: 'warning',
        expr: `max ${by('instance')} (${ne('node_textfile_scrape_error')}) == 1`,
        for: '5m',
        summary: 'node-exporter fails to read its text files.',
        description: `node-exporter on ${node} cannot read one of the metrics files of its textfile directory.`,
      }),
      alert({
        alert: 'NodeClockSkewDetected',
        severity: 'warning',
        expr: lines(
          '(',
          `  max ${by('instance')} (${ne('node_timex_offset_seconds')}) > 0.05`,
          `  and ${on('instance')} max ${by('instance')} (deriv(${ne('node_timex_offset_seconds')}[5m])) >= 0`,
          ')',
          'or',
          '(',
          `  min ${by('instance')} (${ne('node_timex_offset_seconds')}) < -0.05`,
          `  and ${on('instance')} min ${by('instance')} (deriv(${ne('node_timex_offset_seconds')}[5m])) <= 0`,
          ')',
        ),
        for: '10m',
        summary: 'The clock of a node drifts.',
        description: `The clock of ${node} is {{ printf "%.3f" $value }} s off and not converging back.`,
      }),
      alert({
        alert: 'NodeClockNotSynchronising',
        severity: 'warning',
        expr: lines(
          `min ${by('instance')} (min_over_time(${ne('node_timex_sync_status')}[5m])) == 0`,
          `and ${on('instance')} max ${by('instance')} (${ne('node_timex_maxerror_seconds')}) >= 16`,
        ),
        for: '10m',
        summary: 'The clock of a node is not synchronised.',
        description: `The clock of ${node} is not synchronised by NTP; its error may grow without bound.`,
      }),
      alert({
        alert: 'NodeRAIDDegraded',
        severity: 'critical',
        expr: lines(
          `max ${by('instance', 'device')} (${ne('node_md_disks_required', DISK_DEVICES)})`,
          `- max ${by('instance', 'device')} (${ne('node_md_disks', 'state="active"', DISK_DEVICES)})`,
          '> 0',
        ),
        for: '15m',
        summary: 'A RAID array is degraded.',
        description: `RAID array {{ $labels.device }} of ${node} misses {{ $value }} disk(s); one more failure may lose data.`,
      }),
      alert({
        alert: 'NodeRAIDDiskFailure',
        severity: 'warning',
        expr: `max ${by('instance', 'device')} (${ne('node_md_disks', 'state="failed"', DISK_DEVICES)}) > 0`,
        for: '5m',
        summary: 'A disk of a RAID array failed.',
        description: `{{ $value }} disk(s) of RAID array {{ $labels.device }} of ${node} failed and must be replaced.`,
      }),
      alert({
        alert: 'NodeFileDescriptorLimit',
        severity: 'warning',
        expr: `${fdUse} > 70`,
        for: '15m',
        summary: 'A node uses more than 70% of its file descriptors.',
        description: `${Node} has {{ printf "%.1f" $value }}% of its file descriptors open.`,
      }),
      alert({
        alert: 'NodeFileDescriptorLimit',
        severity: 'critical',
        expr: `${fdUse} > 90`,
        for: '15m',
        summary: 'A node uses more than 90% of its file descriptors.',
        description: `${Node} has {{ printf "%.1f" $value }}% of its file descriptors open.`,
      }),
      alert({
        alert: 'NodeCPUHighUsage',
        severity: 'info',
        expr: `${RECORDS.nodeCpuUtilisation} * 100 > 90`,
        for: '15m',
        summary: 'A node is busy.',
        description: `${Node} has used {{ printf "%.0f" $value }}% of its CPU for 15 minutes.`,
      }),
      alert({
        alert: 'NodeSystemSaturation',
        severity: 'warning',
        expr: `${RECORDS.nodeLoad1PerCpu} > 2`,
        for: '15m',
        summary: 'A node is saturated: processes wait.',
        description: `The load of ${node} is {{ printf "%.2f" $value }} per CPU: processes wait for CPU or I/O.`,
      }),
      alert({
        alert: 'NodeMemoryMajorPagesFaults',
        severity: 'warning',
        expr: `${RECORDS.nodeMajorPageFaults} > 500`,
        for: '15m',
        summary: 'A node reads memory pages back from disk.',
        description: `${Node} has {{ printf "%.0f" $value }} major page faults per second: it is short of memory and pages back from disk.`,
      }),
      alert({
        alert: 'NodeMemoryHighUtilization',
        severity: 'warning',
        expr: `${RECORDS.nodeMemoryUtilisation} * 100 > 90`,
        for: '15m',
        summary: 'A node is running out of memory.',
        description: `${Node} uses {{ printf "%.0f" $value }}% of its memory.`,
      }),
      alert({
        alert: 'NodeDiskIOSaturation',
        severity: 'warning',
        expr: `${RECORDS.nodeDiskIoTimeWeighted} > 10`,
        for: '30m',
        summary: 'A disk of a node has a long I/O queue.',
        description: `Disk {{ $labels.device }} of ${node} has {{ printf "%.1f" $value }} I/O operations waiting on average.`,
      }),
      alert({
        alert: 'NodeSystemdServiceFailed',
        severity: 'warning',
        expr: `max ${by('instance', 'name')} (${ne('node_systemd_unit_state', 'state="failed"')}) == 1`,
        for: '5m',
        summary: 'A systemd service of a node failed.',
        description: `The systemd unit {{ $labels.name }} of ${node} is in the failed state.`,
      }),
      alert({
        alert: 'NodeSystemdServiceCrashlooping',
        severity: 'warning',
        expr: `sum ${by('instance', 'name')} (increase(${ne('node_systemd_service_restart_total')}[5m])) > 2`,
        for: '15m',
        summary: 'A systemd service of a node keeps restarting.',
        description: `The systemd unit {{ $labels.name }} of ${node} restarted {{ printf "%.0f" $value }} times in 5 minutes.`,
      }),
      alert({
        alert: 'NodeBondingDegraded',
        severity: 'warning',
        expr: `max ${by('instance', 'master')} (${ne('node_bonding_slaves')}) - max ${by('instance', 'master')} (${ne('node_bonding_active')}) > 0`,
        for: '5m',
        summary: 'A bonded network interface lost links.',
        description: `Bond {{ $labels.master }} of ${node} has {{ $value }} inactive link(s).`,
      }),
    ]),
  ];
}
