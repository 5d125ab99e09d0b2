import { options } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import {
  resolveSpec,
  type SloSpec,
  selectorProblem,
  sloSchema,
  splitSelector,
  windowDays,
} from './config.js';
import { spanMetrics } from './index.js';
import { HTTP_API, LATENCY } from './test-helpers.js';

const parse = (spec: SloSpec) => options.parseOptions(sloSchema, spec, 'slo') as SloSpec;

describe('the spec', () => {
  test('defaults: a 30-day window, pages critical and tickets warning, no labels', () => {
    expect(resolveSpec(parse(HTTP_API))).toEqual({
      name: 'checkout-availability',
      service: 'checkout',
      objective: 99.9,
      window: '30d',
      windowDays: 30,
      budget: 0.001,
      sli: HTTP_API.sli,
      labels: {},
      annotations: {},
      team: 'payments',
      severity: { page: 'critical', ticket: 'warning' },
    });
  });

  test('the budget reads as people write it, whatever the floating point', () => {
    expect(
      [99.9, 99.95, 99.99, 95, 99.5].map(
        (objective) => resolveSpec(parse({ ...HTTP_API, objective })).budget,
      ),
    ).toEqual([0.001, 0.0005, 0.0001, 0.05, 0.005]);
  });

  test('windows in days or weeks', () => {
    expect(resolveSpec(parse(LATENCY)).windowDays).toBe(28);
    expect([windowDays('30d'), windowDays('4w'), windowDays('36h'), windowDays('1d12h')]).toEqual([
      30,
      28,
      undefined,
      undefined,
    ]);
  });

  test('spanMetrics() is data: the spec stays serialisable', () => {
    const sli = spanMetrics({ service: 'cart', latency: 0.256 });
    expect(sli).toEqual({ spanMetrics: { service: 'cart', latency: 0.256 } });
    expect(JSON.parse(JSON.stringify(sli))).toEqual(sli);
    expect(parse({ ...HTTP_API, sli }).sli).toEqual(sli);
  });
});

describe('selectors', () => {
  test('split into the metric and its matchers', () => {
    expect(splitSelector('http_requests_total{job="a", code=~"5.."}')).toEqual({
      metric: 'http_requests_total',
      matchers: 'job="a", code=~"5.."',
    });
    expect(splitSelector('up')).toEqual({ metric: 'up', matchers: '' });
    expect(splitSelector('{__name__="up",}')).toEqual({ metric: '', matchers: '__name__="up"' });
    expect(splitSelector('rate(up[5m])')).toBeUndefined();
  });

  test('a selector that does not parse, or is more than a selector, says why', () => {
    expect(selectorProblem('http_requests_total{job="a"}')).toBeUndefined();
    expect(selectorProblem('http_requests_total{job=a}')).toMatch(/does not parse: PromQL syntax error/);
    expect(selectorProblem('sum(http_requests_total)')).toMatch(/is not a series selector/);
    expect(selectorProblem('up[5m]')).toMatch(/is not a series selector/);
  });
});
