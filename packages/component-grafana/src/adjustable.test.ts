import { adjustReplicas, defaultCommonValues, type RenderResult } from '@mixstack/core';
import { optionPathMismatches, SMALL_NODE_SIZING, sizingPart } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { grafana } from './grafana.js';
import { type Json, objectAt, renderParts } from './test-helpers.js';

const edge = sizingPart(SMALL_NODE_SIZING);

const deployment = (result: RenderResult) => objectAt<Json>(result, 'grafana/deployment');
const hasBudget = (result: RenderResult) =>
  result.objects.some((o) => o.address === 'grafana/podDisruptionBudget');

describe('adjustable contracts', () => {
  test('a platform sizing halves the requests of the defaults (limits stay) and keeps one replica', () => {
    const result = renderParts([grafana(), edge]);
    const spec = deployment(result).spec;
    expect(spec.replicas).toBe(1);
    expect(spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { memory: '512Mi' },
    });
    expect(hasBudget(result)).toBe(false);
  });

  test('the resolved replicas decide the PodDisruptionBudget, the spread and the session affinity', () => {
    // Raised by an adjustment: everything that comes with several pods appears.
    const raised = renderParts([
      grafana(),
      (stack) =>
        adjustReplicas(stack, { source: '@test/platform', layer: 'platform' }, 'grafana', 'grafana', 3),
    ]);
    expect(deployment(raised).spec.replicas).toBe(3);
    expect(hasBudget(raised)).toBe(true);
    expect(deployment(raised).spec.template.spec.topologySpreadConstraints).toHaveLength(2);
    expect(objectAt<Json>(raised, 'grafana/service').spec.sessionAffinity).toBe('ClientIP');
    // Lowered by a lib's sizing over the user's option: all of it goes.
    const lowered = renderParts([grafana({ replicas: 3 }), sizingPart({ maxReplicas: 1 }, 'override')]);
    expect(deployment(lowered).spec.replicas).toBe(1);
    expect(hasBudget(lowered)).toBe(false);
    expect(deployment(lowered).spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(objectAt<Json>(lowered, 'grafana/service').spec.sessionAffinity).toBeUndefined();
  });

  test("a platform sizing leaves the user's replicas and resources", () => {
    const result = renderParts([grafana({ replicas: 3, resources: { requests: { cpu: '400m' } } }), edge]);
    const spec = deployment(result).spec;
    expect(spec.replicas).toBe(3);
    expect(hasBudget(result)).toBe(true);
    // The user set the resources (the cpu request): the sizing leaves the whole container's resources.
    expect(spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '400m', memory: '256Mi' });
  });

  test('every published option path exists in the defaults and holds the published value', () => {
    const { defaults, contracts } = grafana.definition;
    const published = contracts!(defaults(), defaultCommonValues());
    expect(Object.keys(published.replicas ?? {})).toEqual(['grafana']);
    expect(optionPathMismatches(grafana.definition)).toEqual([]);
  });
});
