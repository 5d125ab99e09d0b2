import type { Duration, Severity } from '@mixstack/kit';

/**
 * The multi-window multi-burn-rate alerts of the Google SRE Workbook (chapter "Alerting on
 * SLOs", table 5-8): each alert compares the error ratio over a long and a short window with a
 * multiple (`factor`) of the error budget. The long window makes the alert significant (enough
 * budget is gone to matter), the short one makes it reset soon after the errors stop.
 */

/** Who the alert is for: `page` wakes someone now, `ticket` is work for the day. */
export type BurnRateSeverity = 'page' | 'ticket';

/** One burn-rate alert of the table. */
export interface BurnRateAlert {
  severity: BurnRateSeverity;
  /** The `severity` label it renders with, unless the SLO's `severity` option overrides it. */
  severityLabel: Severity;
  /** The window that makes the alert significant. */
  long: Duration;
  /** The window (1/12 of `long`) that makes it stop soon after the errors stop. */
  short: Duration;
  /** The burn rate: how many times faster than the objective allows the budget is spent. */
  factor: number;
  /**
   * How long both windows must stay over the threshold: a blip of one evaluation does not page
   * (the values kube-prometheus uses for the API server's own burn-rate alerts).
   */
  for: Duration;
}

/**
 * The four alerts, pages first. With a 30-day window they fire when 2% (page, 1h), 5% (page,
 * 6h), 10% (ticket, 1d) and 10% (ticket, 3d) of the budget is gone: `factor × long / window`.
 */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = Object.freeze([
  { severity: 'page', severityLabel: 'critical', long: '1h', short: '5m', factor: 14.4, for: '2m' },
  { severity: 'page', severityLabel: 'critical', long: '6h', short: '30m', factor: 6, for: '15m' },
  { severity: 'ticket', severityLabel: 'warning', long: '1d', short: '2h', factor: 3, for: '1h' },
  { severity: 'ticket', severityLabel: 'warning', long: '3d', short: '6h', factor: 1, for: '3h' },
] as const);

/**
 * The windows the error ratio is recorded over (`slo:sli_error:ratio_rate<window>`): every
 * window of `BURN_RATE_ALERTS`, shortest first. The SLO's own window is recorded too, from the
 * 5m record (see rules.ts).
 */
export const BURN_RATE_WINDOWS: readonly Duration[] = Object.freeze([
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
]);

/** The highest burn rate of the table: an error budget this many times over 100% can never be burnt that fast. */
export const HIGHEST_FACTOR = Math.max(...BURN_RATE_ALERTS.map((alert) => alert.factor));

/** The longest burn-rate window, in days: an SLO window must be at least this long. */
export const LONGEST_WINDOW_DAYS = 3;

/** @default '30d' — the SLO window of the Workbook's table, and Sloth's and Pyrra's default. */
export const DEFAULT_WINDOW = '30d';
