import { runbookUrl } from '@mixstack/core';
import type { Duration, Severity } from './rules.js';

/**
 * The `promtool test rules` cases of a mixin, as data (tested with real tools: every alert fires when it
 * should and stays silent when it should not), and their translation into promtool's test
 * groups. Pure: writing the files and running promtool is the test harness's job
 * (`promtoolSuite` and `runPromtoolSuite` of `@mixstack/testing`).
 */

/** One input series in promtool's notation: `name{labels}` and expanding values (`0+60x30`, `1x20 0x10`, `_`). */
export interface InputSeries {
  series: string;
  values: string;
}

/** An alert expected to be firing: its exact labels (besides `alertname`) and texts. */
export interface ExpectedAlert {
  labels: Readonly<Record<string, string>>;
  summary: string;
  description: string;
}

export interface AlertCase {
  /** What the case shows: "a container in CrashLoopBackOff for 15 minutes". */
  name: string;
  /** Time between two input samples, and between two rule evaluations. @default '1m' */
  interval?: Duration;
  input: readonly InputSeries[];
  /** Evaluation time, counted from the first sample. */
  at: Duration;
  /** The alerts firing at `at`, with their labels and annotations; empty: the alert stays silent. */
  fires: readonly ExpectedAlert[];
}

/** Cases by alert name: at least one where it fires and one where it stays silent. */
export type AlertCases = Readonly<Record<string, readonly AlertCase[]>>;

export interface RecordCase {
  /** What the case shows. */
  name: string;
  /** Time between two input samples, and between two rule evaluations. @default '1m' */
  interval?: Duration;
  input: readonly InputSeries[];
  /** Evaluation time, counted from the first sample. */
  at: Duration;
  /** What to query: a recorded series, usually with matchers. */
  expr: string;
  /** The exact result: promtool compares every label and the value. */
  samples: readonly { labels: string; value: number }[];
}

/** Cases by recording group name. */
export type RecordCases = Readonly<Record<string, readonly RecordCase[]>>;

/** One test group of a `promtool test rules` file (an entry of its `tests`). */
export interface PromtoolTestGroup {
  name: string;
  /** The case's sample interval: the harness puts groups of one interval in one file. */
  interval: Duration;
  input_series: InputSeries[];
  alert_rule_test?: {
    eval_time: Duration;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
  }[];
  promql_expr_test?: {
    expr: string;
    eval_time: Duration;
    exp_samples: { labels: string; value: number }[];
  }[];
}

/** The test groups of a mixin: by alert name, and by recording group name. */
export interface PromtoolTests {
  alerts: Record<string, PromtoolTestGroup[]>;
  records: Record<string, PromtoolTestGroup[]>;
}

/**
 * A builder of input series that share labels (the job's), so cases only spell out the labels
 * that matter: `ksm('kube_pod_info{namespace="apps", pod="api-0"}', '1x30')`.
 */
export function seriesWith(shared: string): (series: string, values: string) => InputSeries {
  return (series, values) => {
    const brace = series.indexOf('{');
    if (brace === -1) return { series: `${series}{${shared}}`, values };
    const own = series.slice(brace + 1, series.lastIndexOf('}')).trim();
    return { series: `${series.slice(0, brace)}{${own ? `${shared}, ${own}` : shared}}`, values };
  };
}

/**
 * The expected firing alert of a mixin whose alerts share labels (`cluster`, `namespace`,
 * `pod`): `expect('warning', { rule_group: 'x' }, 'Prometheus ... failed ...')`.
 */
export function expectation(
  summary: string,
  shared: Readonly<Record<string, string>>,
): (severity: Severity, labels: Readonly<Record<string, string>>, description: string) => ExpectedAlert {
  return (severity, labels, description) => ({
    labels: { severity, ...shared, ...labels },
    summary,
    description,
  });
}

const inputSeries = (input: readonly InputSeries[]): InputSeries[] =>
  input.map((s) => ({ series: s.series, values: s.values }));

/** The promtool test group of an alert case; the runbook URL is the one `alert()` gives. */
export function alertTest(alertname: string, c: AlertCase): PromtoolTestGroup {
  return {
    name: `${alertname}: ${c.name}`,
    interval: c.interval ?? '1m',
    input_series: inputSeries(c.input),
    alert_rule_test: [
      {
        eval_time: c.at,
        alertname,
        exp_alerts: c.fires.map((expected) => ({
          exp_labels: { ...expected.labels },
          exp_annotations: {
            summary: expected.summary,
            description: expected.description,
            runbook_url: runbookUrl(alertname),
          },
        })),
      },
    ],
  };
}

/** The promtool test group of a recording-rule case. */
export function recordTest(group: string, c: RecordCase): PromtoolTestGroup {
  return {
    name: `${group}: ${c.name}`,
    interval: c.interval ?? '1m',
    input_series: inputSeries(c.input),
    promql_expr_test: [
      {
        expr: c.expr,
        eval_time: c.at,
        exp_samples: c.samples.map((sample) => ({ labels: sample.labels, value: sample.value })),
      },
    ],
  };
}

/** Every case of a mixin as promtool test groups, by alert and by recording group. */
export function promtoolTests(alerts: AlertCases, records: RecordCases = {}): PromtoolTests {
  const by = <C>(
    cases: Readonly<Record<string, readonly C[]>>,
    test: (name: string, c: C) => PromtoolTestGroup,
  ) =>
    Object.fromEntries(Object.entries(cases).map(([name, list]) => [name, list.map((c) => test(name, c))]));
  return { alerts: by(alerts, alertTest), records: by(records, recordTest) };
}
