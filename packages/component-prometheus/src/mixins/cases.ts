// Test cases of the mixins as data (`<mixin>/alerts.cases.ts`, `<mixin>/recording.cases.ts`)
// and their translation into `promtool test rules` files. Used by the tests only: index.ts does
// not export it, so it never reaches dist/.
import { runbookUrl } from '@mixstack/core';
import type { Duration } from './builders.js';

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
  /** Time between two input samples. @default '1m' */
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
  name: string;
  /** @default '1m' */
  interval?: Duration;
  input: readonly InputSeries[];
  at: Duration;
  /** What to query: a recorded series, usually with matchers. */
  expr: string;
  /** The exact result: promtool compares every label and the value. */
  samples: readonly { labels: string; value: number }[];
}

/** Cases by recording group name. */
export type RecordCases = Readonly<Record<string, readonly RecordCase[]>>;

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

/** The cluster name every input series of the cases carries, and the alerts must keep. */
export const CLUSTER = 'prod';

/** Plain series with only the cluster label added. */
export const plain = seriesWith(`cluster="${CLUSTER}"`);

/** One promtool test group (`tests[]` of a `promtool test rules` file) for an alert case. */
export function alertTest(alertname: string, c: AlertCase): Record<string, unknown> {
  return {
    name: `${alertname}: ${c.name}`,
    interval: c.interval ?? '1m',
    input_series: c.input.map((s) => ({ series: s.series, values: s.values })),
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

/** One promtool test group for a recording-rule case. */
export function recordTest(group: string, c: RecordCase): Record<string, unknown> {
  return {
    name: `${group}: ${c.name}`,
    interval: c.interval ?? '1m',
    input_series: c.input.map((s) => ({ series: s.series, values: s.values })),
    promql_expr_test: [
      {
        expr: c.expr,
        eval_time: c.at,
        exp_samples: c.samples.map((sample) => ({ labels: sample.labels, value: sample.value })),
      },
    ],
  };
}

/**
 * The expected firing alert of a mixin whose alerts share labels (`cluster`, `namespace`,
 * `pod`): `expect('warning', { rule_group: 'x' }, 'Prometheus ... failed ...')`.
 */
export function expectation(
  summary: string,
  shared: Readonly<Record<string, string>>,
): (
  severity: 'critical' | 'warning' | 'info',
  labels: Readonly<Record<string, string>>,
  description: string,
) => ExpectedAlert {
  return (severity, labels, description) => ({
    labels: { severity, ...shared, ...labels },
    summary,
    description,
  });
}
