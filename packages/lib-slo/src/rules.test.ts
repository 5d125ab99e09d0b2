import { findSyntaxError, type Rule } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { BURN_RATE_ALERTS, BURN_RATE_WINDOWS, budgetConsumed, sloRules, spanMetrics } from './index.js';
import { errorRatioExpression, leMatcher } from './rules.js';
import { EXAMPLES, FROM_TRACES, HTTP_API, LATENCY } from './test-helpers.js';

const allRules = (rules: ReturnType<typeof sloRules>) =>
  [...rules.records, ...rules.alerts].flatMap((group): Rule[] => group.rules);

describe('the burn-rate table', () => {
  test("is the Workbook's: 2% and 5% of a 30-day budget page, 10% and 10% make a ticket", () => {
    expect(BURN_RATE_ALERTS.map((burn) => [burn.severity, burn.long, burn.short, burn.factor])).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
    expect(BURN_RATE_ALERTS.map((burn) => Number(budgetConsumed(burn, 30).toFixed(4)))).toEqual([
      0.02, 0.05, 0.1, 0.1,
    ]);
    // Every window an alert reads is recorded.
    for (const burn of BURN_RATE_ALERTS)
      expect(BURN_RATE_WINDOWS).toEqual(expect.arrayContaining([burn.long, burn.short]));
  });
});

describe('sloRules()', () => {
  test('records the error ratio over every burn-rate window and the SLO window, then the budget', () => {
    const { records } = sloRules(HTTP_API);
    expect(records.map((group) => group.name)).toEqual([
      'slo-checkout-availability-sli.rules',
      'slo-checkout-availability-meta.rules',
    ]);
    expect(records.flatMap((group) => group.rules.map((rule) => rule.record))).toEqual([
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}`),
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
    ]);
    const byName = Object.fromEntries(
      records.flatMap((g) => g.rules).map((rule) => [rule.record, rule.expr]),
    );
    expect(byName['slo:objective:ratio']).toBe('vector(0.999)');
    expect(byName['slo:error_budget:ratio']).toBe('vector(0.001)');
    expect(byName['slo:sli_error:ratio_rate30d']).toContain(
      'sum_over_time(slo:sli_error:ratio_rate5m{slo="checkout-availability", service="checkout"}[30d])',
    );
  });

  test('the SLO window is not recorded twice when it is a burn-rate window', () => {
    const names = sloRules({ ...HTTP_API, window: '3d' }).records[0]!.rules.map((rule) => rule.record);
    expect(names.filter((name) => name === 'slo:sli_error:ratio_rate3d')).toHaveLength(1);
  });

  test('the alerts compare both windows with factor × budget, wait their `for`, and carry the windows', () => {
    const { alerts } = sloRules(HTTP_API);
    const rules = alerts[0]!.rules;
    expect(
      rules.map((rule) => [rule.for, rule.labels?.severity, rule.labels?.long, rule.labels?.short]),
    ).toEqual([
      ['2m', 'critical', '1h', '5m'],
      ['15m', 'critical', '6h', '30m'],
      ['1h', 'warning', '1d', '2h'],
      ['3h', 'warning', '3d', '6h'],
    ]);
    expect(rules[0]!.expr).toBe(
      [
        'slo:sli_error:ratio_rate1h{slo="checkout-availability", service="checkout"} > (14.4 * 0.001)',
        'and slo:sli_error:ratio_rate5m{slo="checkout-availability", service="checkout"} > (14.4 * 0.001)',
      ].join('\n'),
    );
  });

  test('the alerts state the budget consumed, and link the one SLO runbook', () => {
    const [page, , ticket] = sloRules(HTTP_API).alerts[0]!.rules;
    expect(page!.annotations?.description).toContain(
      '2% of the 30d error budget is gone in 1h at this rate, all of it in 2d 2h',
    );
    expect(ticket!.annotations?.description).toContain(
      '10% of the 30d error budget is gone in 1d at this rate, all of it in 10d',
    );
    expect(page!.annotations?.runbook_url).toMatch(/docs\/runbooks\/SLOErrorBudgetBurn\.md$/);
    // A 4-week window spends a larger share per hour.
    const latencyPage = sloRules(LATENCY).alerts[0]!.rules[0]!;
    expect(latencyPage.annotations?.description).toContain('2.14% of the 4w error budget is gone in 1h');
  });

  test('labels, annotations, team and severity overrides reach the alerts; records keep only the labels', () => {
    const { records, alerts } = sloRules(LATENCY);
    expect(alerts[0]!.rules.map((rule) => rule.labels?.severity)).toEqual([
      'critical',
      'critical',
      'info',
      'info',
    ]);
    for (const rule of alerts[0]!.rules) {
      expect(rule.labels?.tier).toBe('frontend');
      expect(rule.annotations?.dashboard).toBe('https://grafana.example.com/d/checkout');
    }
    for (const rule of records.flatMap((g) => g.rules))
      expect(rule.labels).toEqual({ tier: 'frontend', slo: 'checkout-latency', service: 'checkout' });
  });

  test('every expression of every example parses as PromQL', () => {
    for (const spec of EXAMPLES)
      for (const multiCluster of [false, true])
        for (const rule of allRules(sloRules(spec, { multiCluster })))
          expect(findSyntaxError('promql', rule.expr), `${spec.name}: ${rule.expr}`).toBeUndefined();
  });
});

describe('the SLIs', () => {
  test('an event ratio: errors over total, 0 when there is no error series yet', () => {
    const expr = errorRatioExpression(HTTP_API.sli, '1h', false);
    expect(expr).toBe(
      [
        '(sum(rate(http_requests_total{job="checkout", code=~"5.."}[1h])) or 0 * sum(rate(http_requests_total{job="checkout"}[1h])))',
        '/',
        'sum(rate(http_requests_total{job="checkout"}[1h]))',
      ].join('\n'),
    );
  });

  test('a latency histogram: the requests over the threshold bucket, out of the count', () => {
    const expr = errorRatioExpression(LATENCY.sli, '5m', false);
    expect(expr).toBe(
      [
        '(sum(rate(http_request_duration_seconds_count{job="checkout"}[5m])) - sum(rate(http_request_duration_seconds_bucket{job="checkout", le="0.3"}[5m])))',
        '/',
        'sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))',
      ].join('\n'),
    );
  });

  test('an integer bucket bound matches as Prometheus 2 and 3 write it', () => {
    expect(leMatcher(1)).toBe('le=~"1|1.0"');
    expect(leMatcher(0.25)).toBe('le="0.25"');
  });

  test('span metrics: failed server spans, or failed and slow ones with a latency', () => {
    const failed = errorRatioExpression(spanMetrics({ service: 'cart' }), '5m', false);
    expect(failed).toContain(
      'traces_spanmetrics_calls_total{service="cart", span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR"}',
    );
    expect(failed).not.toContain('latency');
    const slow = errorRatioExpression(FROM_TRACES.sli, '5m', false);
    expect(slow).toContain(
      'traces_spanmetrics_latency_bucket{service="cart", span_kind="SPAN_KIND_SERVER", status_code!="STATUS_CODE_ERROR", le="0.512"}',
    );
  });
});
