import type { AlertingRule } from '@mixstack/core';
import type { PromtoolTestGroup } from '@mixstack/kit';
import { promtoolCheckRules, promtoolTestRules, type RuleFileSpec } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { type SloSpec, spanMetrics } from './config.js';
import {
  counterValues,
  firesAfter,
  humanizePercentage,
  parseSelector,
  sliInput,
  sloPromtoolTestFiles,
  sloPromtoolTests,
  windowRatio,
} from './promtool-cases.js';
import { sloRules } from './rules.js';
import { EXAMPLES, FROM_TRACES, HTTP_API } from './test-helpers.js';
import { BURN_RATE_ALERTS } from './windows.js';

/**
 * The README's SLOs (an HTTP API, a latency histogram, failed or slow spans), and SLIs they do
 * not show: failed spans only, errors and total from two counters, a negative matcher.
 */
const SLOS: readonly SloSpec[] = [
  ...EXAMPLES,
  { name: 'cart-availability', service: 'cart', objective: 99.95, sli: spanMetrics({ service: 'cart' }) },
  {
    name: 'emails',
    service: 'worker',
    objective: 99.5,
    sli: { errors: 'jobs_failed_total{queue="emails"}', total: 'jobs_processed_total{queue="emails"}' },
  },
  {
    name: 'grpc',
    service: 'search',
    objective: 99.9,
    sli: { errors: 'grpc_server_handled_total{grpc_code!="OK"}', total: 'grpc_server_handled_total' },
  },
];

/** The rule file of one SLO, as Prometheus reads it. */
const ruleFile = (spec: SloSpec) => {
  const { records, alerts } = sloRules(spec);
  return { groups: [...records, ...alerts] };
};

describe('promtool check rules', () => {
  test('passes every rule of every example SLO, in one file each and all together', () => {
    const files = Object.fromEntries(SLOS.map((spec) => [`${spec.name}.yaml`, ruleFile(spec)]));
    const result = promtoolCheckRules(files);
    expect(result.output).not.toMatch(/FAILED|error/i);
    expect(result.code, result.output).toBe(0);
    // promtool counts the rules it read: every record and alert of every SLO.
    const rules = SLOS.map((spec) => ruleFile(spec).groups.reduce((n, g) => n + g.rules.length, 0));
    expect([...result.output.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) => Number(m[1]))).toEqual(
      rules,
    );
  });

  test('passes the rules of a multi-cluster stack (summed by cluster)', () => {
    const { records, alerts } = sloRules(SLOS[0]!, { multiCluster: true });
    const result = promtoolCheckRules({ 'multi.yaml': { groups: [...records, ...alerts] } });
    expect(result.code, result.output).toBe(0);
  });
});

/** Runs the generated test files of one SLO (those of one interval, when given) against a rule file. */
function runCases(
  spec: SloSpec,
  rules: RuleFileSpec,
  options: { interval?: string; multiCluster?: boolean } = {},
) {
  return [...sloPromtoolTestFiles(spec, { multiCluster: options.multiCluster ?? false })]
    .filter(([, file]) => options.interval === undefined || file.evaluation_interval === options.interval)
    .map(([name, { rule_files, ...file }]) => {
      const result = promtoolTestRules({ [rule_files[0]!]: rules }, file);
      return { name, ...result };
    });
}

describe('promtool test rules: the burn-rate alerts of every example SLO', () => {
  test.each(SLOS.map((spec) => [spec.name, spec] as const))('%s', (_name, spec) => {
    // Every alert of the table: silent just under its threshold, firing just over it.
    expect(sloPromtoolTests(spec)).toHaveLength(BURN_RATE_ALERTS.length * 2);
    const results = runCases(spec, ruleFile(spec));
    expect(results.map((r) => r.name)).toEqual([`${spec.name}.1m.test.yaml`, `${spec.name}.15m.test.yaml`]);
    for (const result of results) {
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain('SUCCESS');
    }
  });

  test.each([HTTP_API, FROM_TRACES].map((spec) => [spec.name, spec] as const))(
    '%s in a multi-cluster stack: the burning cluster alerts, with its cluster label, the other stays silent',
    (_name, spec) => {
      const { records, alerts } = sloRules(spec, { multiCluster: true });
      const [page] = sloPromtoolTests(spec, { multiCluster: true }).filter((group) =>
        /fires/.test(group.name),
      );
      expect(
        page!.input_series.map((s) => s.series).every((s) => /cluster="(burning|healthy)"/.test(s)),
      ).toBe(true);
      expect(page!.alert_rule_test!.at(-1)!.exp_alerts.map((a) => a.exp_labels.cluster)).toEqual(['burning']);
      for (const result of runCases(spec, { groups: [...records, ...alerts] } as RuleFileSpec, {
        multiCluster: true,
      }))
        expect(result.code, result.output).toBe(0);
    },
  );

  test('a rule with a wrong threshold, window or for fails its cases', () => {
    const spec = SLOS[0]!;
    // The pages' cases (sampled every minute); the edits are to the 1h page.
    const run = (edit: (rule: AlertingRule) => AlertingRule) => {
      const file = ruleFile(spec);
      const groups = file.groups.map((group) => ({
        ...group,
        rules: group.rules.map((rule) => ('alert' in rule && rule.labels?.long === '1h' ? edit(rule) : rule)),
      }));
      return runCases(spec, { groups } as RuleFileSpec, { interval: '1m' })[0]!.code;
    };
    // 2% higher than 14.4× the budget: the alert 1% over the threshold no longer fires.
    expect(run((rule) => ({ ...rule, expr: rule.expr.replaceAll('(14.4 *', '(14.7 *') }))).not.toBe(0);
    // The 2h window instead of 1h: the ratio grows half as fast, the alert fires later.
    expect(run((rule) => ({ ...rule, expr: rule.expr.replace('ratio_rate1h', 'ratio_rate2h') }))).not.toBe(0);
    // A longer for: it fires later than the model says.
    expect(run((rule) => ({ ...rule, for: '5m' }))).not.toBe(0);
    // Unchanged, it passes: the failures are the edits'.
    expect(run((rule) => rule)).toBe(0);
  });
});

describe('the case generator', () => {
  test('parses selectors and derives series the errors select and series only the total selects', () => {
    expect(parseSelector('http_requests_total{job="api", code=~"5.."}')).toEqual({
      name: 'http_requests_total',
      matchers: [
        { label: 'job', op: '=', value: 'api' },
        { label: 'code', op: '=~', value: '5..' },
      ],
    });
    expect(() => parseSelector('sum(rate(x[5m]))')).toThrow(/not a series selector/);
    const input = sliInput(
      {
        errors: 'http_requests_total{job="api", code=~"(5..|429)"}',
        total: 'http_requests_total{job="api"}',
      },
      0.01,
      2,
      3,
    );
    expect(input).toEqual([
      { series: 'http_requests_total{code="500", job="api"}', values: '0+0x2 10+10x2' },
      { series: 'http_requests_total{code="200", job="api"}', values: '0+1000x2 2990+990x2' },
    ]);
    const negated = sliInput(
      { errors: 'grpc_server_handled_total{grpc_code!="OK"}', total: 'grpc_server_handled_total' },
      0.5,
      1,
      1,
    );
    expect(negated.map((s) => s.series)).toEqual([
      'grpc_server_handled_total',
      'grpc_server_handled_total{grpc_code="OK"}',
    ]);
  });

  test('says when the errors are not a subset of the total', () => {
    expect(() =>
      sliInput(
        { errors: 'http_requests_total{code="500"}', total: 'http_requests_total{code="200"}' },
        0.1,
        1,
        1,
      ),
    ).toThrow(/no series satisfies/);
  });

  test('counter values in promtool notation: one sample per step from 0, the slope changing at the onset', () => {
    // 0 1 2 3 | 5 7 9: 3 steps of 1, then 3 of 2.
    expect(counterValues(1, 2, 3, 3)).toBe('0+1x3 5+2x2');
  });

  test('the window model: partial history, a growing window, then the steady ratio', () => {
    expect(windowRatio(0.1, 3600, 7200, 1800)).toBeCloseTo(0.05);
    expect(windowRatio(0.1, 3600, 7200, 7200)).toBeCloseTo(0.1);
    expect(windowRatio(0.1, 86_400, 3600, 3600)).toBeCloseTo(0.05);
    expect(windowRatio(0.1, 3600, 0, 0)).toBe(0);
  });

  test('an alert fires its for after both windows are over the threshold, never under it', () => {
    const row = { long: 3600, short: 300, threshold: 0.0144, for: 120 };
    // 1.01× the threshold: the 1h window crosses it after 3600/1.01 s (59.4 min → the 60th minute), then 2 min.
    expect(firesAfter(row, 0.0144 * 1.01, 3600, 60)).toBe(62 * 60);
    expect(firesAfter(row, 0.0144 * 0.99, 3600, 60)).toBeUndefined();
  });

  test('humanizePercentage writes 4 significant digits as Prometheus does', () => {
    expect(humanizePercentage(0.014544)).toBe('1.454%');
    expect(humanizePercentage(0.00606)).toBe('0.606%');
    expect(humanizePercentage(1)).toBe('100%');
  });

  test('the cases name the alert, its windows and how far from the threshold they are', () => {
    const names = sloPromtoolTests(SLOS[0]!).map((group: PromtoolTestGroup) => group.name);
    expect(names[0]).toBe(
      'checkout-availability: page over 1h and 5m at 14.256× the budget: silent after 1h and 2m',
    );
    expect(names[1]).toMatch(
      /^checkout-availability: page over 1h and 5m at 14.544× the budget: fires 62m after/,
    );
  });
});
