import { findSyntaxError, options } from '@mixstack/core';
import type { Severity } from '@mixstack/kit';
import { DEFAULT_WINDOW, HIGHEST_FACTOR, LONGEST_WINDOW_DAYS } from './windows.js';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
export const SOURCE = '@mixstack/lib-slo';

/**
 * An event-ratio SLI: the share of events that failed, from two counters (PromQL selectors such
 * as `http_requests_total{job="api", code=~"5.."}`; the rules take their `rate()` per window).
 */
export interface RatioSli {
  /** The failed events: a counter selector. */
  errors: string;
  /** All events: a counter selector (the failed ones included). */
  total: string;
}

/**
 * A latency SLI: the share of requests slower than `threshold`, from a classic histogram.
 * The threshold must be one of the histogram's bucket bounds (`le`): Prometheus cannot count
 * the requests under a bound it has no bucket for.
 */
export interface LatencySli {
  /** The histogram's bucket series: a selector of a `_bucket` metric, such as `http_request_duration_seconds_bucket{job="api"}`. */
  histogram: string;
  /** In the histogram's unit (seconds, by Prometheus convention): a request slower than this is bad. */
  threshold: number;
}

/** The span metrics of Tempo's metrics generator, as a `spanMetrics(...)` SLI selects them. */
export interface SpanMetricsOptions {
  /** The traces' `service.name` (the span metrics' `service` label). */
  service: string;
  /**
   * In seconds: a server span slower than this is bad too. One of the generator's bucket
   * bounds (`TEMPO_LATENCY_BUCKETS`).
   * @default undefined (only failed spans are bad)
   */
  latency?: number;
  /**
   * Only failed spans are bad, whatever their latency: say so explicitly, which `latency`
   * then contradicts.
   * @default true without `latency`, false with it (failed or slow spans are bad)
   */
  errorsOnly?: boolean;
}

/** An SLI from traces: what `spanMetrics(...)` returns. */
export interface SpanMetricsSli {
  spanMetrics: SpanMetricsOptions;
}

export type Sli = RatioSli | LatencySli | SpanMetricsSli;

/**
 * An SLI from the span metrics Tempo's metrics generator writes
 * (`traces_spanmetrics_calls_total`, `traces_spanmetrics_latency_bucket`), over the server spans
 * of one service: the share of failed ones (status `STATUS_CODE_ERROR`), or of failed or slow
 * ones with `latency`. The stack must have Tempo; the build says so otherwise.
 *
 * ```ts
 * slo({ name: 'checkout-availability', service: 'checkout', objective: 99.9, sli: spanMetrics({ service: 'checkout' }) })
 * ```
 */
export function spanMetrics(spanOptions: SpanMetricsOptions): SpanMetricsSli {
  return { spanMetrics: spanOptions };
}

/** The bucket bounds (seconds) of Tempo's span-metrics latency histogram, as mixstack's Tempo leaves them (Tempo's defaults). */
export const TEMPO_LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192, 16.384,
]);

/** The spec of one SLO: what `slo(spec)` takes. */
export interface SloSpec {
  /**
   * kebab-case, unique in the stack: the `slo` label of every record and alert, and the mixin
   * `slo-<name>` (its folder and dashboard file).
   */
  name: string;
  /** The service the SLO is about: the `service` label of every record and alert. */
  service: string;
  /** In percent, such as `99.9`: the share of good events the service promises over `window`. */
  objective: number;
  /**
   * The SLO window the error budget is counted over: a whole number of days or weeks.
   * @default '30d'
   */
  window?: string;
  /** What counts as a bad event: `{ errors, total }`, `{ histogram, threshold }` or `spanMetrics(...)`. */
  sli: Sli;
  /**
   * One sentence on what the objective means to users, shown on the dashboard.
   * @default undefined (the dashboard states the objective and the SLI)
   */
  description?: string;
  /**
   * Labels on every record and alert of the SLO (Prometheus label names); `slo`, `service`,
   * `severity`, `long` and `short` are the SLO's own.
   * @default {}
   */
  labels?: Record<string, string>;
  /**
   * Annotations added to every alert (a dashboard or playbook link); they cannot replace
   * `summary`, `description` or `runbook_url`.
   * @default {}
   */
  annotations?: Record<string, string>;
  /**
   * The `team` label of the alerts, to route them (addon-slack, Alertmanager routes).
   * @default undefined (no team label)
   */
  team?: string;
  /**
   * The `severity` label of the page and ticket alerts.
   * @default { page: 'critical', ticket: 'warning' }
   */
  severity?: { page?: Severity; ticket?: Severity };
}

/** Labels the SLO's rules set themselves: a user label of the same name would change what the rule is. */
export const OWN_LABELS = ['slo', 'service', 'severity', 'long', 'short', 'alertname', 'team'] as const;

/** Annotations every alert has from kit's `alert()`. */
const OWN_ANNOTATIONS = ['summary', 'description', 'runbook_url'];

const PROMETHEUS_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `metric{matchers}`, `metric` or `{matchers}`: the two parts, or undefined when it is not a selector. */
export function splitSelector(selector: string): { metric: string; matchers: string } | undefined {
  const match = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/s.exec(selector);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  return { metric: match[1] ?? '', matchers: (match[2] ?? '').trim().replace(/,\s*$/, '') };
}

/** Why a string is not a series selector, or undefined when it is one. */
export function selectorProblem(selector: string): string | undefined {
  if (splitSelector(selector) === undefined)
    return 'is not a series selector such as http_requests_total{job="api"} (a metric name and label matchers, no function or range)';
  const syntax = findSyntaxError('promql', `rate(${selector}[5m])`);
  return syntax ? `does not parse: ${syntax.message}` : undefined;
}

const selector = (example: string) =>
  options.check(options.nonEmptyString(), selectorProblem, `pass a series selector such as ${example}`);

/** A finite number in an open interval. */
function numberBetween(min: number, max: number, expected: string): options.Schema<number> {
  return {
    expected,
    parse(value: unknown, at: options.Location) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= min || value >= max)
        throw options.invalidOption(at, value, expected);
      return value;
    },
  };
}

/** Above this objective the page threshold (`HIGHEST_FACTOR` × budget) is an error ratio over 100%: the page could never fire. */
export const LOWEST_OBJECTIVE = 100 - 100 / HIGHEST_FACTOR;

const objectiveSchema = options.check(
  numberBetween(0, 100, 'a percentage between 0 and 100 (exclusive), such as 99.9'),
  (objective) =>
    objective <= LOWEST_OBJECTIVE
      ? `an objective of ${objective}% leaves an error budget of ${Number((100 - objective).toPrecision(6))}%, and the fastest burn rate (${HIGHEST_FACTOR}× the budget) would be an error ratio over 100%: the page could never fire`
      : undefined,
  `pass an objective above ${LOWEST_OBJECTIVE.toFixed(2)} (a budget under ${(100 / HIGHEST_FACTOR).toFixed(2)}%)`,
);

/** The days of an SLO window (`30d`, `4w`), or undefined when it is not a whole number of days. */
export function windowDays(window: string): number | undefined {
  const match = /^([1-9][0-9]*)(d|w)$/.exec(window);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'w' ? 7 : 1);
}

const windowSchema = options.check(
  options.duration(),
  (window) => {
    const days = windowDays(window);
    if (days === undefined)
      return `the SLO window ${window} is not a whole number of days or weeks: the day-long burn-rate windows would not divide it`;
    if (days < LONGEST_WINDOW_DAYS)
      return `the SLO window ${window} is shorter than the longest burn-rate window (${LONGEST_WINDOW_DAYS}d)`;
    return undefined;
  },
  `pass a whole number of days or weeks, at least ${LONGEST_WINDOW_DAYS}d, such as "30d" or "4w"`,
);

/** Prometheus labels: names of letters, digits and `_`, none of the SLO's own. */
function promLabels(own: readonly string[], what: string): options.Schema<Record<string, string>> {
  return options.check(
    options.record(
      options.string({ expected: 'a string' }),
      options.string({
        pattern: PROMETHEUS_LABEL_NAME,
        expected: `a Prometheus ${what} name (letters, digits and "_", not starting with a digit)`,
      }),
    ),
    (entries) => {
      const taken = Object.keys(entries).filter((key) => own.includes(key));
      return taken.length > 0
        ? `${taken.join(' and ')} ${taken.length > 1 ? 'are' : 'is'} the SLO's own`
        : undefined;
    },
    `leave out ${own.join(', ')}: the SLO sets them`,
  );
}

const severitySchema = options.oneOf(['critical', 'warning', 'info'] as const);

const ratioSchema = options.object(
  {
    errors: options.required(selector('http_requests_total{job="api", code=~"5.."}')),
    total: options.required(selector('http_requests_total{job="api"}')),
  },
  'an event-ratio SLI { errors, total }',
);

const latencySchema = options.object(
  {
    histogram: options.required(
      options.check(
        selector('http_request_duration_seconds_bucket{job="api"}'),
        (histogram) => {
          const parts = splitSelector(histogram)!;
          if (!parts.metric.endsWith('_bucket'))
            return 'is not the selector of a histogram\'s "_bucket" metric';
          if (/(^|[\s,{])le\s*(=|!=|=~|!~)/.test(parts.matchers))
            return 'selects a bucket (le): the threshold does';
          return undefined;
        },
        'pass the bucket series without le, such as http_request_duration_seconds_bucket{job="api"}',
      ),
    ),
    threshold: options.required(
      numberBetween(
        0,
        Number.POSITIVE_INFINITY,
        "a positive number in the histogram's unit (one of its bucket bounds)",
      ),
    ),
  },
  'a latency SLI { histogram, threshold }',
);

const spanMetricsSchema = options.object(
  {
    spanMetrics: options.required(
      options.check(
        options.object(
          {
            service: options.required(options.nonEmptyString()),
            latency: options.check(
              numberBetween(0, Number.POSITIVE_INFINITY, 'a positive number of seconds'),
              (latency) =>
                TEMPO_LATENCY_BUCKETS.includes(latency)
                  ? undefined
                  : `${latency}s is not a bucket bound of Tempo's span-metrics latency histogram`,
              `pass one of ${TEMPO_LATENCY_BUCKETS.join(', ')}`,
            ),
            errorsOnly: options.boolean(),
          },
          'the options of spanMetrics()',
        ),
        (span) =>
          span.errorsOnly === true && span.latency !== undefined
            ? 'errorsOnly counts failed spans only, and latency would count slow ones too'
            : span.errorsOnly === false && span.latency === undefined
              ? 'errorsOnly: false asks for slow spans too, and no latency says which are slow'
              : undefined,
        'pass latency (failed or slow spans are bad) or errorsOnly: true (failed spans are bad), not both',
      ),
    ),
  },
  'spanMetrics({ service })',
);

/** Which SLI a value is meant to be, from its keys: its problems are then those of that kind. */
const SLI_EXPECTED = 'an SLI: { errors, total }, { histogram, threshold } or spanMetrics({ service })';
const sliSchema: options.Schema<Sli> = {
  expected: SLI_EXPECTED,
  parse(value: unknown, at: options.Location): Sli {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw options.invalidOption(at, value, SLI_EXPECTED);
    if ('spanMetrics' in value) return spanMetricsSchema.parse(value, at) as SpanMetricsSli;
    if ('histogram' in value || 'threshold' in value) return latencySchema.parse(value, at) as LatencySli;
    if ('errors' in value || 'total' in value) return ratioSchema.parse(value, at) as RatioSli;
    throw options.invalidOption(at, value, SLI_EXPECTED);
  },
};

export const sloSchema: options.Schema<SloSpec> = options.object({
  name: options.required(
    options.string({
      pattern: /^[a-z0-9]([a-z0-9-]{0,58}[a-z0-9])?$/,
      expected: 'a kebab-case name of at most 60 characters, such as "checkout-availability"',
    }),
  ),
  service: options.required(options.nonEmptyString()),
  objective: options.required(objectiveSchema),
  window: windowSchema,
  sli: options.required(sliSchema),
  description: options.nonEmptyString(),
  labels: promLabels(OWN_LABELS, 'label'),
  annotations: promLabels(OWN_ANNOTATIONS, 'annotation'),
  team: options.nonEmptyString(),
  severity: options.object({ page: severitySchema, ticket: severitySchema }, 'an object { page?, ticket? }'),
});

/** A spec with its defaults: what rules.ts and dashboard.ts build from. */
export interface ResolvedSlo {
  name: string;
  service: string;
  objective: number;
  window: string;
  windowDays: number;
  /** The error budget as a ratio (`0.001` for 99.9), rounded so that 100 − 99.9 reads 0.001. */
  budget: number;
  sli: Sli;
  description?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  team?: string;
  severity: { page: Severity; ticket: Severity };
}

/** Fills in the defaults of a parsed spec. */
export function resolveSpec(spec: SloSpec): ResolvedSlo {
  const window = spec.window ?? DEFAULT_WINDOW;
  return {
    name: spec.name,
    service: spec.service,
    objective: spec.objective,
    window,
    windowDays: windowDays(window)!,
    budget: Number(((100 - spec.objective) / 100).toPrecision(10)),
    sli: spec.sli,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    labels: { ...spec.labels },
    annotations: { ...spec.annotations },
    ...(spec.team === undefined ? {} : { team: spec.team }),
    severity: { page: spec.severity?.page ?? 'critical', ticket: spec.severity?.ticket ?? 'warning' },
  };
}

export const isRatioSli = (sli: Sli): sli is RatioSli => 'errors' in sli;
export const isLatencySli = (sli: Sli): sli is LatencySli => 'histogram' in sli;
export const isSpanMetricsSli = (sli: Sli): sli is SpanMetricsSli => 'spanMetrics' in sli;
