import {
  addNotice,
  addProblems,
  definePart,
  MixstackError,
  options,
  type Part,
  sizeComponents,
} from '@mixstack/core';
import { componentSizings } from './contract.js';
import { type Load, loadSchema, SOURCE } from './load.js';
import { planNotice, SIZING_NOTICE } from './notice.js';
import { sizingPlan } from './plan.js';

/**
 * Sizes the stack from its expected load: replicas, CPU and memory requests, memory limits and
 * retention of Prometheus, Thanos, Loki, Tempo and the collector, by core's sizing contract
 * (`sizeComponents`), for whichever of them the stack has; the volumes,
 * which no contract sizes, in a notice of the build summary (and `mixstack explain`) with the
 * option that sets each. Every formula and its source: `formulas.ts`.
 *
 * It writes in the `addon` layer: a plan from load is a recommendation, so it sizes over the
 * components' defaults and a platform's profile, and what the user passes to a component (or a
 * lib-rules override) wins. The load is checked when the part is applied: every problem is
 * recorded, none thrown.
 *
 * ```ts
 * sizing({ activeSeries: 1_000_000, logsGBPerDay: 50, spansPerSecond: 2000, retention: '15d' })
 * ```
 */
export function sizing(load: Load): Part {
  const parsed = options.parseOptionsCollecting(loadSchema, load, 'sizing');
  return definePart('sizing', (stack) => {
    if (parsed.problems.length > 0 || parsed.value === undefined) return addProblems(stack, parsed.problems);
    // A stack has one load: a second plan would fight the first over every value.
    if (stack.notices[SIZING_NOTICE])
      return addProblems(stack, [
        new MixstackError({
          code: 'DUPLICATE_ADDRESS',
          message: 'sizing() is applied twice: a stack is sized from one load',
          address: 'sizing',
          value: parsed.value,
          hint: 'keep one sizing() with the whole load (series, logs and spans together)',
        }),
      ]);
    const plan = sizingPlan(parsed.value);
    const sized = sizeComponents(stack, { source: SOURCE, layer: 'addon' }, componentSizings(plan));
    return addNotice(sized, SOURCE, SIZING_NOTICE, (_values, view) => planNotice(plan, view));
  });
}
