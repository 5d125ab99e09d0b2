import { type AlertingRule, options, type RecordingRule, type RuleGroup } from '@mixstack/core';
import { alert, alertGroup, durationSeconds, lines, record, recordGroup } from '@mixstack/kit';
import {
  isLatencySli,
  isRatioSli,
  type ResolvedSlo,
  resolveSpec,
  type Sli,
  type SloSpec,
  SOURCE,
  sloSchema,
  splitSelector,
} from './config.js';
import { BURN_RATE_ALERTS, BURN_RATE_WINDOWS, type BurnRateAlert } from './windows.js';

/**
 * The recording rules and alerts of one SLO, in the names Sloth gives them where they mean the
 * same (`slo:sli_error:ratio_rate5m`, `slo:period_error_budget_remaining:ratio`), labelled
 * `slo` and `service` (Sloth's `sloth_slo` and `sloth_service`) so that routes, silences and
 * dashboards can select them.
 */

/** The alert every burn-rate rule of every SLO has: one runbook, `docs/runbooks/SLOErrorBudgetBurn.md`. */
export const SLO_ALERT = 'SLOErrorBudgetBurn';

/** The error ratio over a window: `slo:sli_error:ratio_rate<window>`. */
export const errorRatioRecord = (window: string): string => `slo:sli_error:ratio_rate${window}`;

/** The names of the SLO's records that are not error ratios (Sloth's meta recordings). */
export const META_RECORDS = {
  objective: 'slo:objective:ratio',
  budget: 'slo:error_budget:ratio',
  days: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

/** The span metrics of Tempo's metrics generator. */
const SPAN_CALLS = 'traces_spanmetrics_calls_total';
const SPAN_LATENCY = 'traces_spanmetrics_latency';
const SPAN_ERROR = 'status_code="STATUS_CODE_ERROR"';

/** The SLO's rules, by kind. */
export interface SloRules {
  /** Error ratios per window, then the meta records (objective, budget, burn rates, budget remaining). */
  records: RuleGroup<RecordingRule>[];
  /** The four burn-rate alerts of `BURN_RATE_ALERTS`. */
  alerts: RuleGroup<AlertingRule>[];
}

/** A number as PromQL and people read it: `0.001`, not `0.0010000000000000009`. */
export const formatNumber = (value: number): string => String(Number(value.toPrecision(6)));

/** `{a="b", c="d"}` from matchers (already PromQL) and more. */
function withMatchers(metric: string, ...matchers: string[]): string {
  const inner = matchers.filter((m) => m !== '').join(', ');
  return `${metric}{${inner}}`;
}

/** The `le` matcher of a bucket bound; Prometheus 3 writes integer bounds as `1.0`, Prometheus 2 as `1`. */
export function leMatcher(bound: number): string {
  const text = formatNumber(bound);
  return Number.isInteger(bound) ? `le=~"${text}|${text}.0"` : `le="${text}"`;
}

/** A rate that may have no series (a counter appears with its first increment): 0 × the total then. */
const orZero = (rate: string, total: string): string => `(${rate} or 0 * ${total})`;

/**
 * The rates of bad and of all events of an SLI over a window, each summed (by cluster in a
 * multi-cluster stack). A service without a single failure has no error series at all: its
 * bad rate is 0, so the ratio is 0 and the budget full, not a missing series. A latency
 * histogram has its buckets as soon as it has requests: no fallback there, so that a threshold
 * that is not a bucket bound shows as a missing ratio, not as a perfect one.
 */
function sliExpressions(sli: Sli, window: string, multiCluster: boolean): { bad: string; total: string } {
  const rate = (selector: string) =>
    multiCluster ? `sum by (cluster) (rate(${selector}[${window}]))` : `sum(rate(${selector}[${window}]))`;
  if (isRatioSli(sli)) {
    const total = rate(sli.total);
    return { bad: orZero(rate(sli.errors), total), total };
  }
  if (isLatencySli(sli)) {
    const { metric, matchers } = splitSelector(sli.histogram)!;
    const base = metric.slice(0, -'_bucket'.length);
    const total = rate(withMatchers(`${base}_count`, matchers));
    const fast = rate(withMatchers(`${base}_bucket`, matchers, leMatcher(sli.threshold)));
    return { bad: `(${total} - ${fast})`, total };
  }
  const { service, latency } = sli.spanMetrics;
  const server = [`service=${JSON.stringify(service)}`, 'span_kind="SPAN_KIND_SERVER"'];
  const total = rate(withMatchers(SPAN_CALLS, ...server));
  const failed = orZero(rate(withMatchers(SPAN_CALLS, ...server, SPAN_ERROR)), total);
  if (latency === undefined) return { bad: failed, total };
  // Failed spans, plus the slow ones among the others: a slow failed span counts once.
  const ok = [...server, 'status_code!="STATUS_CODE_ERROR"'];
  const okTotal = rate(withMatchers(`${SPAN_LATENCY}_count`, ...ok));
  const okFast = rate(withMatchers(`${SPAN_LATENCY}_bucket`, ...ok, leMatcher(latency)));
  return { bad: lines('(', `  ${failed}`, `  + ${orZero(`(${okTotal} - ${okFast})`, total)}`, ')'), total };
}

/** The error ratio of an SLI over a window: bad events over all events. */
export function errorRatioExpression(sli: Sli, window: string, multiCluster: boolean): string {
  const { bad, total } = sliExpressions(sli, window, multiCluster);
  return lines(bad, '/', total);
}

/** `{slo="…", service="…"}`: what selects the records of one SLO. */
export const sloSelector = (slo: Pick<ResolvedSlo, 'name' | 'service'>): string =>
  `{slo=${JSON.stringify(slo.name)}, service=${JSON.stringify(slo.service)}}`;

/** The labels of every record and alert of the SLO. */
const ownLabels = (slo: ResolvedSlo): Record<string, string> => ({
  ...slo.labels,
  slo: slo.name,
  service: slo.service,
});

/** The windows the error ratio is recorded over: the burn-rate windows, then the SLO window (unless it is one of them). */
export const recordedWindows = (slo: Pick<ResolvedSlo, 'window'>): string[] =>
  BURN_RATE_WINDOWS.includes(slo.window as never)
    ? [...BURN_RATE_WINDOWS]
    : [...BURN_RATE_WINDOWS, slo.window];

function records(slo: ResolvedSlo, multiCluster: boolean): RuleGroup<RecordingRule>[] {
  const labels = ownLabels(slo);
  const selector = sloSelector(slo);
  const ratios = BURN_RATE_WINDOWS.map((window) =>
    record(errorRatioRecord(window), errorRatioExpression(slo.sli, window, multiCluster), labels),
  );
  // The SLO window from the 5m ratios, as Sloth does: a rate over 30 days of the raw series would
  // read a month of samples every evaluation.
  const short = `${errorRatioRecord('5m')}${selector}`;
  const period = BURN_RATE_WINDOWS.includes(slo.window as never)
    ? []
    : [
        record(
          errorRatioRecord(slo.window),
          lines(`sum_over_time(${short}[${slo.window}])`, `/`, `count_over_time(${short}[${slo.window}])`),
          labels,
        ),
      ];
  const budget = formatNumber(slo.budget);
  const meta = [
    record(META_RECORDS.objective, `vector(${formatNumber(slo.objective / 100)})`, labels),
    record(META_RECORDS.budget, `vector(${budget})`, labels),
    record(META_RECORDS.days, `vector(${slo.windowDays})`, labels),
    record(META_RECORDS.currentBurnRate, `${short} / ${budget}`, labels),
    record(META_RECORDS.periodBurnRate, `${errorRatioRecord(slo.window)}${selector} / ${budget}`, labels),
    record(META_RECORDS.budgetRemaining, `1 - ${META_RECORDS.periodBurnRate}${selector}`, labels),
  ];
  return [
    recordGroup(`slo-${slo.name}-sli.rules`, [...ratios, ...period]),
    recordGroup(`slo-${slo.name}-meta.rules`, meta),
  ];
}

/** Hours as `2d 2h`, rounded to the hour. */
function humanHours(hours: number): string {
  const rounded = Math.max(1, Math.round(hours));
  const [days, rest] = [Math.floor(rounded / 24), rounded % 24];
  return [days > 0 ? `${days}d` : '', rest > 0 ? `${rest}h` : ''].filter(Boolean).join(' ');
}

/** The share of the SLO window's budget one burn-rate alert has seen go when it fires. */
export function budgetConsumed(burn: BurnRateAlert, windowDays: number): number {
  return (burn.factor * durationSeconds(burn.long)) / (windowDays * 86_400);
}

/** What an SLI counts as bad, in words, for the alert's description. */
function sliText(sli: Sli): string {
  if (isRatioSli(sli)) return 'failed events';
  if (isLatencySli(sli)) return `requests slower than ${formatNumber(sli.threshold)}`;
  const { latency } = sli.spanMetrics;
  return latency === undefined
    ? 'failed server spans'
    : `server spans that failed or took longer than ${formatNumber(latency)}s`;
}

function burnRateAlert(slo: ResolvedSlo, burn: BurnRateAlert): AlertingRule {
  const threshold = `(${formatNumber(burn.factor)} * ${formatNumber(slo.budget)})`;
  const selector = sloSelector(slo);
  // Three digits say how much is gone; more would read as precision the windows do not have.
  const consumed = String(Number((budgetConsumed(burn, slo.windowDays) * 100).toPrecision(3)));
  const built = alert({
    alert: SLO_ALERT,
    severity: slo.severity[burn.severity],
    expr: lines(
      `${errorRatioRecord(burn.long)}${selector} > ${threshold}`,
      `and ${errorRatioRecord(burn.short)}${selector} > ${threshold}`,
    ),
    for: burn.for,
    labels: {
      ...ownLabels(slo),
      ...(slo.team === undefined ? {} : { team: slo.team }),
      long: burn.long,
      short: burn.short,
    },
    summary: 'An SLO spends its error budget too fast.',
    // Rule labels are not in $labels (templates see the expression's labels): the facts are written in.
    description: [
      `The SLO ${slo.name} of ${slo.service} (${formatNumber(slo.objective)}% over ${slo.window}) burns its error budget ${formatNumber(burn.factor)}× too fast:`,
      `{{ $value | humanizePercentage }} of its events were ${sliText(slo.sli)} over the last ${burn.long}, and still over the last ${burn.short}, against a budget of ${formatNumber(slo.budget * 100)}%.`,
      `${consumed}% of the ${slo.window} error budget is gone in ${burn.long} at this rate, all of it in ${humanHours((slo.windowDays * 24) / burn.factor)}.`,
    ].join(' '),
  });
  return { ...built, annotations: { ...built.annotations, ...slo.annotations } };
}

function alerts(slo: ResolvedSlo): RuleGroup<AlertingRule>[] {
  return [
    alertGroup(
      `slo-${slo.name}`,
      BURN_RATE_ALERTS.map((burn) => burnRateAlert(slo, burn)),
    ),
  ];
}

/** The rules of a resolved SLO; `multiCluster` sums by `cluster` (`common.multiCluster`). */
export function rulesOf(slo: ResolvedSlo, multiCluster: boolean): SloRules {
  return { records: records(slo, multiCluster), alerts: alerts(slo) };
}

/**
 * The records and alerts of one SLO, for tests and for users who load rules without a stack
 * (promtool, another Prometheus). Throws the first problem of the spec (a MixstackError);
 * `slo(spec)` reports them all instead.
 * @param context.multiCluster sum by `cluster`: the rules run over the series of several clusters. @default false
 */
export function sloRules(spec: SloSpec, context: { multiCluster?: boolean } = {}): SloRules {
  const parsed = options.parseOptions(sloSchema, spec, SOURCE);
  return rulesOf(resolveSpec(parsed), context.multiCluster ?? false);
}
