import type { AlertingRule } from '@mixstack/core';
import { durationSeconds, type InputSeries, type PromtoolTestGroup } from '@mixstack/kit';
import { isLatencySli, isRatioSli, resolveSpec, type Sli, type SloSpec } from './config.js';
import { SLO_ALERT, sloRules } from './rules.js';
import { BURN_RATE_ALERTS, type BurnRateAlert } from './windows.js';

/**
 * The `promtool test rules` cases of an SLO, generated from its spec and the burn-rate table
 * (`BURN_RATE_ALERTS`): for every row of the table, a steady error ratio just under the row's
 * threshold (the row stays silent) and just over it (the row fires, with its severity, after the
 * time the windows and `for` take). The expected alerts of every case come from a model of the
 * windows (below), so a wrong window, factor, `for` or budget in the rules fails the case.
 *
 * Pure: it returns promtool test groups and test files (`sloPromtoolTestFiles`, with the order
 * of the groups the model needs); writing them and running promtool is the tests' job
 * (`promtoolTestRules` of `@mixstack/testing`). The input series are derived from the SLI's
 * selectors (a label value for each matcher, `5..` → `500`); a selector they cannot satisfy is
 * an error that says so.
 */

/** One label matcher of a series selector. */
interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A series selector `name{label="value", ...}`, as the SLI's `errors` and `total` are. */
interface Selector {
  name: string;
  matchers: Matcher[];
}

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/s;
const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;

/** Parses a series selector; throws on anything else (a selector with a function or a range). */
export function parseSelector(text: string): Selector {
  const match = SELECTOR.exec(text);
  if (!match)
    throw new Error(`cannot derive input series from ${JSON.stringify(text)}: not a series selector`);
  const matchers: Matcher[] = [];
  const body = match[2] ?? '';
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < body.length && body.slice(MATCHER.lastIndex).trim() !== '') {
    const m = MATCHER.exec(body);
    if (!m)
      throw new Error(`cannot derive input series from ${JSON.stringify(text)}: a matcher does not parse`);
    matchers.push({ label: m[1]!, op: m[2] as Matcher['op'], value: JSON.parse(`"${m[3]!}"`) as string });
  }
  const name = match[1] ?? matchers.find((m) => m.label === '__name__' && m.op === '=')?.value;
  if (!name) throw new Error(`cannot derive input series from ${JSON.stringify(text)}: it names no metric`);
  return { name, matchers: matchers.filter((m) => m.label !== '__name__') };
}

/** Does a label value satisfy a matcher? Prometheus anchors its regular expressions. */
function satisfies(matcher: Matcher, value: string): boolean {
  const regex = () => new RegExp(`^(?:${matcher.value})$`);
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return regex().test(value);
    case '!~':
      return !regex().test(value);
  }
}

/**
 * Candidate values of a label under a regular expression: the first alternative with every
 * `.`, class and quantifier resolved to one plain character (`5..|429` → `500`), and a few
 * common values. The caller keeps the first candidate that satisfies every matcher.
 */
function regexExamples(regex: string): string[] {
  const first = (source: string): string => {
    let depth = 0;
    for (let i = 0; i < source.length; i++) {
      const c = source[i];
      if (c === '\\') i++;
      else if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
      else if (c === '|' && depth === 0) return source.slice(0, i);
    }
    return source;
  };
  const plain = first(regex)
    .replace(/\(\?:/g, '(')
    .replace(/\(([^()]*)\)/g, (_, inner: string) => first(inner))
    .replace(/\[\^?([^\]]*)\]/g, (_, cls: string) =>
      /\d/.test(cls) ? '0' : cls[0] === '\\' ? 'a' : (cls[0] ?? 'a'),
    )
    .replace(/\\d/g, '0')
    .replace(/\\w/g, 'a')
    .replace(/\\(.)/g, '$1')
    .replace(/\.(?=[*+?{]|$)/g, '0')
    .replace(/\./g, '0')
    .replace(/[*?]|\{\d+(,\d*)?\}/g, '')
    .replace(/\+/g, '')
    .replace(/[\^$]/g, '');
  return [plain, '500', '200', 'STATUS_CODE_ERROR', 'STATUS_CODE_OK', 'error', 'ok', 'x', ''];
}

/** A value of `label` that satisfies every matcher in `must` and, when given, fails `mustNot`. */
function valueFor(label: string, must: readonly Matcher[], mustNot?: Matcher): string | undefined {
  const candidates = [
    ...must.filter((m) => m.op === '=').map((m) => m.value),
    ...must.filter((m) => m.op === '=~').flatMap((m) => regexExamples(m.value)),
    ...(mustNot?.op === '!=' ? [mustNot.value] : []),
    ...(mustNot?.op === '!~' ? regexExamples(mustNot.value) : []),
    ...regexExamples('').slice(1),
    `not-${label}`,
    '',
  ];
  return candidates.find(
    (value) => must.every((m) => satisfies(m, value)) && (!mustNot || !satisfies(mustNot, value)),
  );
}

const labelsText = (labels: ReadonlyMap<string, string>) =>
  [...labels].map(([label, value]) => `${label}=${JSON.stringify(value)}`).join(', ');

/**
 * The labels of one series that every selector in `all` selects and, when `notAll` is given,
 * that `notAll` does not (the good events of an error/total pair): one label of `notAll` is
 * set to a value failing its matcher. Labels only `!=`/`!~` ask about stay unset (an empty value).
 */
function seriesLabels(all: readonly Selector[], notAll?: Selector): Map<string, string> {
  const matchers = all.flatMap((s) => s.matchers);
  const labels = [...new Set(matchers.filter((m) => m.op === '=' || m.op === '=~').map((m) => m.label))];
  const build = (broken?: Matcher): Map<string, string> | undefined => {
    const result = new Map<string, string>();
    const names = broken && !labels.includes(broken.label) ? [...labels, broken.label] : labels;
    for (const label of names.sort()) {
      const value = valueFor(
        label,
        matchers.filter((m) => m.label === label),
        broken?.label === label ? broken : undefined,
      );
      if (value === undefined) return undefined;
      if (value !== '') result.set(label, value);
    }
    // Labels left unset are empty: they must satisfy the matchers that ask about them.
    for (const m of matchers) if (!result.has(m.label) && !satisfies(m, '')) return undefined;
    if (broken && !result.has(broken.label) && satisfies(broken, '')) return undefined;
    return result;
  };
  if (!notAll) {
    const labels = build();
    if (labels) return labels;
    throw new Error(`no series satisfies every matcher of ${all.map((s) => s.name).join(', ')}`);
  }
  for (const matcher of notAll.matchers.filter((m) => !matchers.includes(m))) {
    const labels = build(matcher);
    if (labels) return labels;
  }
  throw new Error(
    `no series is selected by ${all.map((s) => s.name).join(', ')} but not by the errors selector: the errors must be a subset of the total`,
  );
}

/** `name{labels}` in promtool's notation. */
function seriesText(name: string, labels: ReadonlyMap<string, string>): string {
  return labels.size > 0 ? `${name}{${labelsText(labels)}}` : name;
}

/** A burn-rate alert as the model needs it (a row of `BURN_RATE_ALERTS`, in seconds). */
export interface ModelRow {
  long: number;
  short: number;
  /** The error ratio both windows must exceed: the row's factor × the error budget. */
  threshold: number;
  for: number;
}

/**
 * The error ratio over a window of `window` seconds, `elapsed` seconds after the errors began
 * at `onset` seconds (the first sample is at 0, the traffic steady from there, the error ratio
 * `ratio` from `onset` on): the errors so far in the window over the traffic in it. Prometheus'
 * `rate()` gives exactly this on samples at fixed steps evaluated at a sample: a full window
 * holds the samples at both of its ends, and a counter that starts at 0 is not extrapolated
 * before its first sample.
 */
export function windowRatio(ratio: number, window: number, onset: number, elapsed: number): number {
  if (elapsed <= 0) return 0;
  return (ratio * Math.min(elapsed, window)) / Math.min(window, onset + elapsed);
}

/**
 * When a row first fires, in seconds after the onset, evaluating every `step` seconds; undefined
 * when it never does. Both windows must be over the threshold (the ratios only grow with a
 * steady error ratio, so the first evaluation where they are starts the `for`), and the alert
 * fires at the first evaluation at least `for` after that. The recording rules are evaluated
 * before the alerts at each step (`group_eval_order`), so the alerts read this step's ratios.
 */
export function firesAfter(row: ModelRow, ratio: number, onset: number, step: number): number | undefined {
  if (ratio <= row.threshold) return undefined;
  // Past the long window both ratios are `ratio`, over the threshold: the loop ends.
  for (let elapsed = step; ; elapsed += step) {
    const over = (window: number) => windowRatio(ratio, window, onset, elapsed) > row.threshold;
    if (over(row.long) && over(row.short)) return elapsed + Math.ceil(row.for / step) * step;
  }
}

/** Prometheus' `humanizePercentage` (Go's `%.4g%%` of the ratio × 100) for the ratios of these cases. */
export function humanizePercentage(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(4))}%`;
}

/** How far above and below a threshold the error ratio of a case is: 1%, so a threshold off by more fails. */
export const MARGIN = 0.01;

/** Traffic per sample interval: 1000 events, whatever the interval. */
const EVENTS_PER_STEP = 1000;

/**
 * A counter sampled every step from 0: `before` per step up to the onset (`onsetSteps` steps),
 * then `after` per step for `afterSteps` steps, in promtool's expanding notation.
 */
export function counterValues(before: number, after: number, onsetSteps: number, afterSteps: number): string {
  const round = (value: number) => Number(value.toPrecision(12));
  const atOnset = round(before * onsetSteps);
  return `0+${round(before)}x${onsetSteps} ${round(atOnset + after)}+${round(after)}x${afterSteps - 1}`;
}

/** The input series of an SLI whose error ratio is 0 up to the onset and `ratio` from there. */
export function sliInput(sli: Sli, ratio: number, onsetSteps: number, afterSteps: number): InputSeries[] {
  const n = EVENTS_PER_STEP;
  const counter = (series: string, before: number, after: number): InputSeries => ({
    series,
    values: counterValues(before, after, onsetSteps, afterSteps),
  });
  if (isRatioSli(sli)) {
    const [errors, total] = [parseSelector(sli.errors), parseSelector(sli.total)];
    if (errors.name !== total.name)
      return [
        counter(seriesText(errors.name, seriesLabels([errors])), 0, ratio * n),
        counter(seriesText(total.name, seriesLabels([total])), n, n),
      ];
    return [
      counter(seriesText(total.name, seriesLabels([errors, total])), 0, ratio * n),
      counter(seriesText(total.name, seriesLabels([total], errors)), n, (1 - ratio) * n),
    ];
  }
  if (isLatencySli(sli)) {
    const histogram = parseSelector(sli.histogram);
    const base = histogram.name.slice(0, -'_bucket'.length);
    const labels = seriesLabels([histogram]);
    const bucket = (le: string) => seriesText(`${base}_bucket`, new Map([...labels, ['le', le]]));
    return [
      counter(seriesText(`${base}_count`, labels), n, n),
      counter(bucket(String(sli.threshold)), n, (1 - ratio) * n),
      counter(bucket('+Inf'), n, n),
    ];
  }
  // Tempo's span metrics of the service's server spans: failed ones, or (with a latency) slow
  // ones that did not fail; the failed ones are then absent, as they are before the first failure.
  const { service, latency } = sli.spanMetrics;
  const server = (status: string, more: [string, string][] = []) =>
    new Map([['service', service], ['span_kind', 'SPAN_KIND_SERVER'], ['status_code', status], ...more]);
  if (latency === undefined)
    return [
      counter(seriesText('traces_spanmetrics_calls_total', server('STATUS_CODE_ERROR')), 0, ratio * n),
      counter(seriesText('traces_spanmetrics_calls_total', server('STATUS_CODE_OK')), n, (1 - ratio) * n),
    ];
  return [
    counter(seriesText('traces_spanmetrics_calls_total', server('STATUS_CODE_OK')), n, n),
    counter(seriesText('traces_spanmetrics_latency_count', server('STATUS_CODE_OK')), n, n),
    counter(
      seriesText('traces_spanmetrics_latency_bucket', server('STATUS_CODE_OK', [['le', String(latency)]])),
      n,
      (1 - ratio) * n,
    ),
  ];
}

/**
 * The sample interval of the cases of a burn-rate alert: a minute when its short window is
 * under an hour (5m, 30m), else 15 minutes (days of samples; the 2h window still holds 9). The
 * 5-minute ratio is then missing, which only the pages read: their thresholds are above any
 * error ratio of these cases, and the model says so.
 */
const stepOf = (burn: BurnRateAlert): number => (durationSeconds(burn.short) < 3600 ? 60 : 900);

/** `95m`: promtool's durations, in whole minutes (every step is). */
const minutes = (seconds: number): string => `${Math.round(seconds / 60)}m`;

/**
 * The firing alerts a case expects at `at` seconds: every burn-rate alert the model says has
 * fired by then, with the labels the spec gives it (not read from the rule: a wrong severity,
 * window or label fails), and the annotations of its rule with `$value` (the long window's
 * ratio) filled in.
 */
function expectedAlerts(
  rules: readonly AlertingRule[],
  spec: ReturnType<typeof resolveSpec>,
  ratio: number,
  onset: number,
  step: number,
  at: number,
  cluster: string | undefined,
) {
  return BURN_RATE_ALERTS.flatMap((burn, i) => {
    const fired = firesAfter(modelRow(burn, spec.budget), ratio, onset, step);
    if (fired === undefined || onset + fired > at) return [];
    const rule = rules[i]!;
    const value = windowRatio(ratio, durationSeconds(burn.long), onset, at - onset);
    const annotations = Object.fromEntries(
      Object.entries(rule.annotations ?? {}).map(([key, text]) => {
        const filled = text.replaceAll('{{ $value | humanizePercentage }}', humanizePercentage(value));
        if (filled.includes('{{'))
          throw new Error(`the ${key} of ${rule.alert} has a template the cases cannot predict: ${text}`);
        return [key, filled];
      }),
    );
    const labels = {
      ...spec.labels,
      slo: spec.name,
      service: spec.service,
      ...(spec.team === undefined ? {} : { team: spec.team }),
      long: burn.long,
      short: burn.short,
      severity: spec.severity[burn.severity],
      ...(cluster === undefined ? {} : { cluster }),
    };
    return [{ exp_labels: labels, exp_annotations: annotations }];
  });
}

/** A row of the table in the model's terms: seconds, and the threshold as an error ratio. */
const modelRow = (burn: BurnRateAlert, budget: number): ModelRow => ({
  long: durationSeconds(burn.long),
  short: durationSeconds(burn.short),
  threshold: burn.factor * budget,
  for: durationSeconds(burn.for),
});

const times = (factor: number) => `${Number(factor.toPrecision(6))}×`;

/**
 * The promtool test groups of one SLO (alert `SLOErrorBudgetBurn`): for every burn-rate alert,
 * the error ratio `1 − MARGIN` times its threshold (it stays silent after its long window and
 * `for`) and `1 + MARGIN` times it (silent one step before the model says it fires, firing
 * from that step on). Traffic is steady from the first sample; the errors begin at the longest
 * window of the alerts sampled at the same step, so those windows are full of traffic. Every
 * expectation lists all the alerts the model has firing then, not only the one under test.
 */
export function sloPromtoolTests(spec: SloSpec, options: SloCaseOptions = {}): PromtoolTestGroup[] {
  const multiCluster = options.multiCluster ?? false;
  const rules = sloRules(spec, { multiCluster }).alerts.flatMap((group) => group.rules);
  const resolved = resolveSpec(spec);
  return BURN_RATE_ALERTS.flatMap((burn) => {
    const step = stepOf(burn);
    const onset = Math.max(
      ...BURN_RATE_ALERTS.filter((other) => stepOf(other) === step).map((other) =>
        durationSeconds(other.long),
      ),
    );
    const row = modelRow(burn, resolved.budget);
    // With several clusters, one burns and the other has no errors: only the first one's alerts fire.
    const input = (ratio: number, onsetSteps: number, afterSteps: number) =>
      multiCluster
        ? [
            ...inCluster(BURNING, sliInput(resolved.sli, ratio, onsetSteps, afterSteps)),
            ...inCluster(HEALTHY, sliInput(resolved.sli, 0, onsetSteps, afterSteps)),
          ]
        : sliInput(resolved.sli, ratio, onsetSteps, afterSteps);
    const name = `${resolved.name}: ${burn.severity} over ${burn.long} and ${burn.short} at`;
    const group = (title: string, ratio: number, at: readonly number[]): PromtoolTestGroup => ({
      name: `${name} ${title}`,
      interval: minutes(step) as PromtoolTestGroup['interval'],
      input_series: input(ratio, onset / step, Math.max(...at) / step - onset / step + 1),
      alert_rule_test: at.map((t) => ({
        eval_time: minutes(t) as PromtoolTestGroup['interval'],
        alertname: SLO_ALERT,
        exp_alerts: expectedAlerts(
          rules,
          resolved,
          ratio,
          onset,
          step,
          t,
          multiCluster ? BURNING : undefined,
        ),
      })),
    });
    const under = Math.min(1, row.threshold * (1 - MARGIN));
    const cases = [
      group(
        `${times((burn.factor * under) / row.threshold)} the budget: silent after ${burn.long} and ${burn.for}`,
        under,
        [onset + Math.ceil((row.long + row.for) / step) * step + step],
      ),
    ];
    const over = row.threshold * (1 + MARGIN);
    const fires = firesAfter(row, over, onset, step);
    // A threshold over 100% errors cannot be crossed (config.ts refuses such objectives).
    if (over <= 1 && fires !== undefined)
      cases.push(
        group(
          `${times((burn.factor * over) / row.threshold)} the budget: fires ${minutes(fires)} after the errors begin`,
          over,
          [onset + fires - step, onset + fires],
        ),
      );
    return cases;
  });
}

/** The options of the generated cases. */
export interface SloCaseOptions {
  /**
   * The rules of a multi-cluster stack (`common.multiCluster`: summed by `cluster`): the
   * series come from two clusters, one burning its budget, the other without errors, and the
   * alerts must fire for the first one only, with its `cluster` label.
   * @default false
   */
  multiCluster?: boolean;
}

/** The clusters of the multi-cluster cases. */
const [BURNING, HEALTHY] = ['burning', 'healthy'];

/** The series with a `cluster` label, as the external labels of a cluster's Prometheus give them. */
function inCluster(cluster: string, input: readonly InputSeries[]): InputSeries[] {
  return input.map(({ series, values }) => {
    const label = `cluster=${JSON.stringify(cluster)}`;
    const brace = series.indexOf('{');
    return {
      series:
        brace === -1
          ? `${series}{${label}}`
          : `${series.slice(0, brace + 1)}${label}, ${series.slice(brace + 1)}`,
      values,
    };
  });
}

/** A `promtool test rules` file: what `promtool test rules <file>` reads. */
export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  /** The SLO's recording groups, then its alerts: the alerts read the ratios of the same step. */
  group_eval_order: string[];
  tests: PromtoolTestGroup[];
}

/**
 * The test files of one SLO, by file name (`<name>.<interval>.test.yaml`, one per sample
 * interval), for its rules written to `ruleFile` (`{ groups: [...records, ...alerts] }` of
 * `sloRules(spec)`). Without `group_eval_order`, promtool evaluates the groups in a random
 * order, and an alert would read the ratios of this step or of the previous one.
 */
export function sloPromtoolTestFiles(
  spec: SloSpec,
  options: SloCaseOptions & {
    /** The rule file the tests name. @default 'rules.yaml' */
    ruleFile?: string;
  } = {},
): Map<string, PromtoolTestFile> {
  const { records, alerts } = sloRules(spec, { multiCluster: options.multiCluster ?? false });
  const order = [...records, ...alerts].map((group) => group.name);
  const tests = sloPromtoolTests(spec, options);
  const ruleFile = options.ruleFile ?? 'rules.yaml';
  const intervals = [...new Set(tests.map((group) => group.interval))];
  return new Map(
    intervals.map((interval) => [
      `${spec.name}.${interval}.test.yaml`,
      {
        rule_files: [ruleFile],
        evaluation_interval: interval,
        group_eval_order: order,
        tests: tests.filter((group) => group.interval === interval),
      },
    ]),
  );
}
