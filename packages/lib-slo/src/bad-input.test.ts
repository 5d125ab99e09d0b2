import {
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type SloSpec, slo, spanMetrics } from './index.js';
import { HTTP_API, LATENCY } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value. */
type Expected = [MixstackErrorCode, string | undefined, unknown];

const ADDRESS = 'slo/checkout-availability';
const withSli = (sli: unknown) => ({ ...HTTP_API, sli }) as SloSpec;

describe('slo() records every problem of its spec, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[], RegExp?]>([
    ['an objective of 100', { ...HTTP_API, objective: 100 }, [['INVALID_OPTION', 'objective', 100]]],
    ['an objective of 0', { ...HTTP_API, objective: 0 }, [['INVALID_OPTION', 'objective', 0]]],
    [
      'an objective as a ratio',
      { ...HTTP_API, objective: 0.999 },
      [['INVALID_OPTION', 'objective', 0.999]],
      /page could never fire/,
    ],
    [
      'an objective whose page can never fire',
      { ...HTTP_API, objective: 90 },
      [['INVALID_OPTION', 'objective', 90]],
      /error ratio over 100%/,
    ],
    [
      'an objective as a string',
      { ...HTTP_API, objective: '99.9' },
      [['INVALID_OPTION', 'objective', '99.9']],
    ],
    [
      'a window in hours',
      { ...HTTP_API, window: '36h' },
      [['INVALID_OPTION', 'window', '36h']],
      /would not divide it/,
    ],
    [
      'a window of days and hours',
      { ...HTTP_API, window: '1d12h' },
      [['INVALID_OPTION', 'window', '1d12h']],
      /would not divide/,
    ],
    [
      'a window shorter than 3d',
      { ...HTTP_API, window: '2d' },
      [['INVALID_OPTION', 'window', '2d']],
      /longest burn-rate window/,
    ],
    [
      'a window that is no duration',
      { ...HTTP_API, window: 'a month' },
      [['INVALID_OPTION', 'window', 'a month']],
    ],
    [
      'an errors selector that does not parse',
      withSli({ errors: 'http_requests_total{code=5xx}', total: 'http_requests_total' }),
      [['INVALID_OPTION', 'sli.errors', 'http_requests_total{code=5xx}']],
      /does not parse/,
    ],
    [
      'a total that is an expression',
      withSli({ errors: 'errors_total', total: 'sum(rate(requests_total[5m]))' }),
      [['INVALID_OPTION', 'sli.total', 'sum(rate(requests_total[5m]))']],
      /not a series selector/,
    ],
    [
      'an event ratio without total',
      withSli({ errors: 'errors_total' }),
      [['INVALID_OPTION', 'sli.total', undefined]],
    ],
    [
      'a histogram that is not a _bucket',
      {
        ...LATENCY,
        name: 'checkout-availability',
        sli: { histogram: 'http_request_duration_seconds{job="a"}', threshold: 0.3 },
      },
      [['INVALID_OPTION', 'sli.histogram', 'http_request_duration_seconds{job="a"}']],
      /_bucket/,
    ],
    [
      'a histogram selecting a bucket',
      { ...LATENCY, name: 'checkout-availability', sli: { histogram: 'h_bucket{le="0.3"}', threshold: 0.3 } },
      [['INVALID_OPTION', 'sli.histogram', 'h_bucket{le="0.3"}']],
    ],
    [
      'a negative latency threshold',
      { ...LATENCY, name: 'checkout-availability', sli: { histogram: 'h_bucket', threshold: -1 } },
      [['INVALID_OPTION', 'sli.threshold', -1]],
    ],
    [
      'a span latency that is no bucket of Tempo',
      withSli(spanMetrics({ service: 'cart', latency: 0.5 })),
      [['INVALID_OPTION', 'sli.spanMetrics.latency', 0.5]],
      /bucket bound/,
    ],
    [
      'errorsOnly with a latency',
      withSli(spanMetrics({ service: 'cart', latency: 0.512, errorsOnly: true })),
      [['INVALID_OPTION', 'sli.spanMetrics', { service: 'cart', latency: 0.512, errorsOnly: true }]],
    ],
    [
      'span metrics without a service',
      withSli({ spanMetrics: {} }),
      [['INVALID_OPTION', 'sli.spanMetrics.service', undefined]],
    ],
    ['an SLI of no kind', withSli({ query: 'up' }), [['INVALID_OPTION', 'sli', { query: 'up' }]]],
    [
      'a name that is not kebab-case',
      { ...HTTP_API, name: 'Checkout API' },
      [['INVALID_OPTION', 'name', 'Checkout API']],
    ],
    [
      'a label the SLO sets itself',
      { ...HTTP_API, labels: { slo: 'x', team: 'y' } },
      [['INVALID_OPTION', 'labels', { slo: 'x', team: 'y' }]],
      /slo and team are the SLO's own/,
    ],
    [
      'a label name Prometheus refuses',
      { ...HTTP_API, labels: { 'my-team': 'x' } },
      [['INVALID_OPTION', 'labels.my-team', 'my-team']],
    ],
    [
      'an annotation replacing the runbook',
      { ...HTTP_API, annotations: { runbook_url: 'x' } },
      [['INVALID_OPTION', 'annotations', { runbook_url: 'x' }]],
    ],
    [
      'an unknown severity',
      { ...HTTP_API, severity: { page: 'page' } },
      [['INVALID_OPTION', 'severity.page', 'page']],
    ],
    ['an unknown option', { ...HTTP_API, objectve: 99 }, [['INVALID_OPTION', 'objectve', 99]], /objective/],
  ])('%s', (_case, spec, expected, message) => {
    let part: Part | undefined;
    expect(() => {
      part = slo(spec as SloSpec);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [
        code,
        ADDRESS.replace('checkout-availability', (spec as SloSpec).name),
        path,
        value,
      ]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
    if (message) expect(problems.map((p) => `${p.message} ${p.hint}`).join('\n')).toMatch(message);
  });

  test('a spec that is no object, or misses every field, names each missing field', () => {
    expect(problemsOfPart(slo(undefined as never)).map((p) => [p.address, p.path])).toEqual([
      ['slo', 'name'],
      ['slo', 'service'],
      ['slo', 'objective'],
      ['slo', 'sli'],
    ]);
    expect(problemsOfPart(slo('checkout' as never)).map((p) => [p.address, p.path, p.value])).toEqual([
      ['slo', undefined, 'checkout'],
    ]);
  });

  test('validateStack lists the problems of two SLOs in one run', () => {
    const problems = validateStack(
      createStack({}, [slo({ ...HTTP_API, objective: 101 }), slo({ ...LATENCY, window: '10h' })]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['slo/checkout-availability', 'objective'],
      ['slo/checkout-latency', 'window'],
    ]);
  });
});
