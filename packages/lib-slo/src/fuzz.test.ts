import {
  createStack,
  findSyntaxError,
  isMixstackError,
  type Rule,
  render,
  validateStack,
} from '@mixstack/core';
import fc from 'fast-check';
import { prometheus, tempo } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { type SloSpec, slo, sloRules, spanMetrics, TEMPO_LATENCY_BUCKETS } from './index.js';

/** Runs `fn`; any error must be a MixstackError with a hint. Returns whether it succeeded. */
function onlyMixstackErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    expect(error.hint.length).toBeGreaterThan(0);
    return false;
  }
}

/** Mostly a good value, sometimes a bad one: enough specs get through to render. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: bad, weight: 1 });

const selector = mostly(
  fc.constantFrom(
    'http_requests_total{job="api", code=~"5.."}',
    'http_requests_total{job="api"}',
    'up',
    '{__name__="x"}',
  ),
  fc.constantFrom('h{job=a}', 'rate(x[5m])', '', 'x}{', 7),
);
const sli = fc.oneof(
  fc.record({ errors: selector, total: selector }),
  fc.record({
    histogram: mostly(
      fc.constantFrom('h_bucket{job="a"}', 'x_seconds_bucket'),
      fc.constantFrom('h{job="a"}', 'h_bucket{le="1"}'),
    ),
    threshold: mostly(fc.constantFrom(0.3, 1, 2.5), fc.oneof(fc.double(), fc.constant(0))),
  }),
  fc
    .record(
      {
        service: mostly(fc.constantFrom('cart', 'a "quoted" service'), fc.constant('')),
        latency: mostly(fc.constantFrom(...TEMPO_LATENCY_BUCKETS), fc.double()),
        errorsOnly: fc.boolean(),
      },
      { requiredKeys: ['service'] },
    )
    .map((options) => spanMetrics(options as never)),
  fc.anything(),
);
const spec = fc.record(
  {
    name: mostly(
      fc.constantFrom('checkout', 'cart-requests', 'a1'),
      fc.constantFrom('Bad Name', '', 'x'.repeat(70)),
    ),
    service: mostly(fc.constantFrom('checkout', 'a "quoted" service'), fc.constant('')),
    objective: mostly(
      fc.oneof(fc.double({ min: 93.1, max: 99.999, noNaN: true }), fc.constantFrom(99.9, 99, 95)),
      fc.oneof(fc.constantFrom(100, 0, -1, 90), fc.anything()),
    ),
    window: mostly(fc.constantFrom('30d', '4w', '7d', '3d'), fc.constantFrom('36h', '1y', 'x', '2d')),
    sli,
    labels: mostly(fc.dictionary(fc.constantFrom('tier', '_x'), fc.string(), { maxKeys: 2 }), fc.anything()),
    team: mostly(fc.constant('payments'), fc.anything()),
    severity: mostly(
      fc.record({ page: fc.constantFrom('critical', 'info') }, { requiredKeys: [] }),
      fc.anything(),
    ),
  },
  { requiredKeys: ['name', 'service', 'objective', 'sli'] },
);

describe('fuzzing slo()', () => {
  test('any spec: the call never throws, a stack fails only with MixstackErrors, and what renders parses', () => {
    let rendered = 0;
    fc.assert(
      fc.property(mostly(spec, fc.anything()), (input) => {
        const part = slo(input as SloSpec);
        const stack = () =>
          createStack({}, [
            prometheus({ nodeExporter: false, kubeStateMetrics: false, controlPlane: false }),
            tempo(),
            part,
          ]);
        for (const problem of validateStack(stack())) expect(problem.hint.length).toBeGreaterThan(0);
        if (onlyMixstackErrors(() => render(stack()))) {
          rendered++;
          const rules = sloRules(input as SloSpec);
          for (const rule of [...rules.records, ...rules.alerts].flatMap((group): Rule[] => group.rules))
            expect(findSyntaxError('promql', rule.expr), rule.expr).toBeUndefined();
        }
      }),
      { numRuns: 120 },
    );
    expect(rendered).toBeGreaterThan(5);
  });
});
