import { describe, expect, test } from 'vitest';
import type { SloSpec } from './config.js';
import { META_RECORDS, SLO_ALERT, sloRules } from './rules.js';

/**
 * What Sloth (https://github.com/slok/sloth) generates for its getting-started SLO, as its
 * repository documents it: the spec `examples/getting-started.yml` and its generated rules
 * `examples/_gen/getting-started.yml`, and the alert windows `internal/alert/windows/google-30d.yaml`
 * (the Workbook's table, which Sloth takes for a 30-day SLO). Facts read from those files, not
 * their text: record names, the labels that select an SLO, the windows and factors of the alerts.
 * The README's section "Sloth and lib-slo" says where and why we differ; the tests below hold it
 * to that.
 */
const SLOTH = {
  sources: [
    'https://github.com/slok/sloth/blob/20ea5015609d9a408ce261c1ca472c267774f5a4/examples/_gen/getting-started.yml',
    'https://github.com/slok/sloth/blob/7833d8b7b9677faddc2e15c29cbdb7cae876bedf/internal/alert/windows/google-30d.yaml',
  ],
  /** The SLO: service `myservice`, SLO `requests-availability`, 99.9% over 30 days, 5xx and 429 are errors. */
  spec: {
    service: 'myservice',
    name: 'requests-availability',
    objective: 99.9,
    errors: 'http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}',
    total: 'http_request_duration_seconds_count{job="myservice"}',
  },
  /** Group `sloth-slo-sli-recordings-…`: the error ratio per window, the 30d one from the 5m ones. */
  sliRecords: ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}`),
  /** The window of the SLO: the average of the 5m ratios over it (`sum_over_time / count_over_time`). */
  periodFromShortest: {
    record: 'slo:sli_error:ratio_rate5m',
    functions: ['sum_over_time', 'count_over_time'],
  },
  /** Group `sloth-slo-meta-recordings-…`. */
  metaRecords: [
    'slo:objective:ratio',
    'slo:error_budget:ratio',
    'slo:time_period:days',
    'slo:current_burn_rate:ratio',
    'slo:period_burn_rate:ratio',
    'slo:period_error_budget_remaining:ratio',
    'sloth_slo_info',
  ],
  /** The labels every record carries to say which SLO it belongs to (the SLI records add `sloth_window`). */
  sloLabels: ['sloth_id', 'sloth_service', 'sloth_slo'],
  /** The error budget as Sloth writes it into the thresholds: 1 − 0.999 in floating point. */
  budget: 0.0009999999999999432,
  /**
   * Group `sloth-slo-alerts-…`: one alert per severity (label `sloth_severity`), each firing when
   * either of its two conditions holds; a condition is both windows over factor × budget. No
   * `for` unless the spec sets one.
   */
  alerts: [
    {
      severity: 'page',
      conditions: [
        { short: '5m', long: '1h', factor: 14.4 },
        { short: '30m', long: '6h', factor: 6 },
      ],
    },
    {
      severity: 'ticket',
      conditions: [
        { short: '2h', long: '1d', factor: 3 },
        { short: '6h', long: '3d', factor: 1 },
      ],
    },
  ],
} as const;

/** The same SLO in lib-slo's spec. */
const SAME_SLO: SloSpec = {
  name: SLOTH.spec.name,
  service: SLOTH.spec.service,
  objective: SLOTH.spec.objective,
  sli: { errors: SLOTH.spec.errors, total: SLOTH.spec.total },
};

const { records, alerts } = sloRules(SAME_SLO);
const recordRules = records.flatMap((group) => group.rules);
const alertRules = alerts.flatMap((group) => group.rules);

/** `name{...} > (factor * budget)`: the comparisons of an alert's expression. */
function comparisons(expr: string): { record: string; factor: number; budget: number }[] {
  return [...expr.matchAll(/([a-z_:0-9]+)\{[^}]*\}\s*>\s*\(([\d.]+)\s*\*\s*([\d.e-]+)\)/g)].map((m) => ({
    record: m[1]!,
    factor: Number(m[2]),
    budget: Number(m[3]),
  }));
}

const windowOf = (record: string) => /ratio_rate(\w+)$/.exec(record)![1]!;

describe('lib-slo and Sloth, for the SLO of Sloth’s getting-started example', () => {
  test('the error-ratio records have Sloth’s names, one per window, the SLO window included', () => {
    const names = recordRules.map((rule) => rule.record).filter((name) => name.startsWith('slo:sli_error:'));
    expect(names).toEqual([...SLOTH.sliRecords]);
  });

  test('each ratio reads the errors and the total over its own window, as Sloth’s does', () => {
    for (const rule of recordRules.filter((r) => r.record.startsWith('slo:sli_error:'))) {
      const window = windowOf(rule.record);
      if (window === '30d') {
        // Like Sloth: the average of the 5m ratios, not a rate over a month of raw samples.
        for (const fn of SLOTH.periodFromShortest.functions)
          expect(rule.expr).toContain(`${fn}(${SLOTH.periodFromShortest.record}{`);
        continue;
      }
      expect(rule.expr).toContain(`rate(${SLOTH.spec.errors}[${window}])`);
      expect(rule.expr).toContain(`rate(${SLOTH.spec.total}[${window}])`);
    }
  });

  test('the meta records are Sloth’s but its info metric (sloth_slo_info: our labels and dashboard say it)', () => {
    const names = recordRules.map((rule) => rule.record).filter((name) => !name.startsWith('slo:sli_error:'));
    expect(names).toEqual(SLOTH.metaRecords.filter((name) => name !== 'sloth_slo_info'));
    expect(Object.values(META_RECORDS)).toEqual(names);
  });

  test('the alert conditions are Sloth’s: the same windows, factors and budget, pages and tickets', () => {
    const ours = alertRules.map((rule) => {
      const [long, short] = comparisons(rule.expr);
      expect(long!.factor).toBe(short!.factor);
      return {
        severity: rule.labels!.severity === 'critical' ? 'page' : 'ticket',
        condition: { short: windowOf(short!.record), long: windowOf(long!.record), factor: long!.factor },
        budget: long!.budget,
      };
    });
    const theirs = SLOTH.alerts.flatMap(({ severity, conditions }) =>
      conditions.map((condition) => ({ severity, condition })),
    );
    expect(ours.map(({ severity, condition }) => ({ severity, condition }))).toEqual(theirs);
    // Sloth's budget is 1 − 0.999 in floating point, ours is rounded: the same threshold.
    for (const { budget } of ours) expect(budget).toBeCloseTo(SLOTH.budget, 15);
  });

  test('where we differ: the labels `slo` and `service` instead of sloth_*, and no window label', () => {
    for (const rule of recordRules) {
      expect(rule.labels).toMatchObject({ slo: SLOTH.spec.name, service: SLOTH.spec.service });
      for (const label of [...SLOTH.sloLabels, 'sloth_window']) expect(rule.labels).not.toHaveProperty(label);
    }
  });

  test('where we differ: one rule per condition, of one alert for every SLO, with its windows as labels and a for', () => {
    // Sloth: two alerts (page, ticket), each the `or` of two conditions, named per SLO by the spec.
    expect(alertRules).toHaveLength(SLOTH.alerts.reduce((n, a) => n + a.conditions.length, 0));
    for (const rule of alertRules) {
      expect(rule.alert).toBe(SLO_ALERT);
      expect(rule.expr).not.toMatch(/\bor\b/);
      expect(rule.labels).toHaveProperty('long');
      expect(rule.labels).toHaveProperty('short');
      expect(rule.for).toMatch(/^[1-9]\d*[mh]$/);
    }
  });

  test('where we differ: a service without a single failed event has a ratio of 0, not none', () => {
    // Sloth divides the errors' rate by the total's: no error series, no ratio, no budget shown.
    const ratio = recordRules.find((rule) => rule.record === 'slo:sli_error:ratio_rate5m')!;
    expect(ratio.expr).toMatch(/ or 0 \* /);
  });
});
