/**
 * sizing() with the real Thanos (component-thanos, through the meta-package): the plan's Query,
 * Store Gateway and Compactor land in their workloads, the sidecar in the Prometheus resource,
 * Prometheus keeps the local retention Thanos gives it, and a cluster that only ships blocks
 * (the sidecar alone) is sized without problems.
 */
import { type RenderResult, render, validateStack } from '@mixstack/core';
import {
  createStack,
  grafana,
  type Part,
  prometheus,
  type Stack,
  type ThanosOptions,
  thanos,
} from 'mixstack';
import { describe, expect, test } from 'vitest';
import { SIZING_NOTICE, sizing, sizingPlan, type WorkloadPlan } from './index.js';
import {
  plannedResources,
  renderedResources,
  sizedAgainstPlan,
  specAt,
  workloadId,
} from './real-stack.test-helpers.js';
import { EXAMPLE_LOADS } from './table.js';

const medium = EXAMPLE_LOADS.medium;
const plan = sizingPlan(medium);
const objectStorage = { type: 'gcs', bucket: 'acme-thanos' } as const;
const onlySidecar: ThanosOptions = {
  objectStorage,
  query: { enabled: false },
  queryFrontend: { enabled: false },
  store: { enabled: false },
  compact: { enabled: false },
};

const stackOf = (thanosOptions: ThanosOptions, ...more: Part[]): Stack =>
  createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
    prometheus(),
    grafana(),
    thanos(thanosOptions),
    ...more,
  ]);

/** The plan's line for a workload in the notice, or undefined. */
const noticeLine = (result: RenderResult, w: WorkloadPlan) =>
  result.sections.notices[SIZING_NOTICE]!.message.split('\n').find((l) =>
    l.startsWith(`- ${workloadId(w)} `),
  );

/**
 * Every container Thanos publishes renders the plan's resources over its own, or its own where
 * the plan has none for it: actual and expected side by side.
 */
function thanosContainers(sized: RenderResult, unsized: RenderResult) {
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const container of Object.keys(sized.stack.components.thanos!.containers)) {
    const own = renderedResources(unsized, 'thanos', container);
    const planned = plan.workloads.find((w) => w.component === 'thanos' && w.container === container);
    actual[container] = renderedResources(sized, 'thanos', container);
    expected[container] = planned ? plannedResources(planned, own) : own;
  }
  return { actual, expected };
}

describe('sizing() with Thanos', () => {
  const unsized = render(stackOf({ objectStorage }));
  const sized = render(stackOf({ objectStorage }, sizing(medium)));
  const thanosPlan = plan.workloads.filter((w) => w.component === 'thanos');

  test("Query, the Store Gateway and the Compactor render the plan's replicas, requests and limits", () => {
    expect(thanosPlan.map(workloadId)).toEqual(['thanos/query', 'thanos/store', 'thanos/compact']);
    const { actual, expected } = sizedAgainstPlan(plan, sized, unsized, thanosPlan);
    expect(actual).toEqual(expected);
  });

  test('every Thanos container, the sidecar in the Prometheus resource too, holds the plan over its own', () => {
    expect(Object.keys(sized.stack.components.thanos!.containers).sort()).toEqual(
      ['compact', 'query', 'query-frontend', 'store', 'thanos-sidecar'].sort(),
    );
    const { actual, expected } = thanosContainers(sized, unsized);
    expect(actual).toEqual(expected);
    expect(specAt(sized, 'prometheus/prometheus').thanos?.resources).toEqual(actual['thanos-sidecar']);
  });

  test("Prometheus is sized by the plan and keeps Thanos' 2d of local retention", () => {
    const server = plan.workloads.find((w) => workloadId(w) === 'prometheus/server')!;
    const { actual, expected } = sizedAgainstPlan(plan, sized, unsized, [server]);
    expect(actual).toEqual(expected);
    expect(specAt(unsized, 'prometheus/prometheus').retention).toBe('2d');
    expect(specAt(sized, 'prometheus/prometheus').retention).toBe('2d');
    expect(plan.load.retention).not.toBe('2d');
    // The volume to set is the one for the 2 days kept, not the plan's 15.
    const kept = sizingPlan({ ...medium, retention: '2d' }).workloads.find(
      (w) => w.component === 'prometheus',
    )!;
    expect(kept.storage).toBeLessThan(server.storage!);
    expect(noticeLine(sized, server)).toContain(`(set ${kept.storageOption})`);
  });

  test("the notice has a line for each Thanos workload, with the Store Gateway's and the Compactor's volumes", () => {
    for (const w of thanosPlan) {
      const line = noticeLine(sized, w);
      expect(line, workloadId(w)).toBeDefined();
      if (w.storageOption) expect(line).toContain(`(set ${w.storageOption})`);
    }
  });

  test('sizing() first or last: byte-identical files', () => {
    const first = render(
      createStack({ namespace: 'monitoring', cluster: 'prod-eu' }, [
        sizing(medium),
        thanos({ objectStorage }),
        grafana(),
        prometheus(),
      ]),
    );
    expect([...first.files]).toEqual([...sized.files]);
  });
});

describe('sizing() on a cluster that only ships blocks (the sidecar alone)', () => {
  const stack = stackOf(onlySidecar, sizing(medium));
  const unsized = render(stackOf(onlySidecar));

  test('has no problems and renders', () => {
    expect(validateStack(stack)).toEqual([]);
    expect(() => render(stack)).not.toThrow();
  });

  test("skips the plan's Thanos workloads that are off; the sidecar keeps its own resources", () => {
    const sized = render(stack);
    expect(Object.keys(sized.stack.components.thanos!.containers)).toEqual(['thanos-sidecar']);
    const { actual, expected } = thanosContainers(sized, unsized);
    expect(actual).toEqual(expected);
    const notice = sized.sections.notices[SIZING_NOTICE]!.message;
    expect(notice).not.toContain('thanos/');
    const server = plan.workloads.find((w) => workloadId(w) === 'prometheus/server')!;
    expect(sizedAgainstPlan(plan, sized, unsized, [server]).actual).toEqual(
      sizedAgainstPlan(plan, sized, unsized, [server]).expected,
    );
    expect(specAt(sized, 'prometheus/prometheus').retention).toBe('2d');
  });
});
