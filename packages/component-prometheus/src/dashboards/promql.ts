/**
 * PromQL fragments the dashboards share. Everything here is accepted by Prometheus 2.42 and
 * by core's (3.x) grammar: no duration arithmetic, no newer functions.
 */

/** `[$__rate_interval]`: Grafana's range for rate(), at least four scrape intervals. */
export const RATE_INTERVAL = '[$__rate_interval]';

/** `rate(metric{...}[$__rate_interval])` */
export const rate = (metric: string, selector: string): string =>
  `rate(${metric}${selector}${RATE_INTERVAL})`;

/** `increase(metric{...}[$__rate_interval])` */
export const increase = (metric: string, selector: string): string =>
  `increase(${metric}${selector}${RATE_INTERVAL})`;

/** `sum by (a, b) (expr)`, or `sum(expr)` without labels. */
export const sumBy = (labels: readonly string[], expr: string): string =>
  labels.length > 0 ? `sum by (${labels.join(', ')}) (${expr})` : `sum(${expr})`;

/** The 99th percentile of a histogram (`<metric>_bucket`) by labels, over the rate interval. */
export const p99 = (metric: string, selector: string, by: readonly string[]): string =>
  `histogram_quantile(0.99, ${sumBy(['le', ...by], rate(`${metric}_bucket`, selector))})`;

/** Block devices node-exporter and cAdvisor report for disks (not loop, ram or optical devices). */
export const DISK_DEVICES = 'device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"';

/** Filesystems that are real storage (tmpfs and friends report a size too; an empty fstype is a bind). */
export const REAL_FILESYSTEMS = 'fstype!="", fstype!~"tmpfs|ramfs|squashfs|nsfs|overlay", mountpoint!=""';
