import { describe, expect, test } from 'vitest';
import { podDisruptionBudget, topologySpread } from './scheduling.js';

const selector = { 'app.kubernetes.io/name': 'loki' };

describe('topologySpread', () => {
  test('over nodes by default, never refusing to schedule', () => {
    expect(topologySpread(selector)).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: selector },
      },
    ]);
  });

  test('one constraint per topology, in the given order', () => {
    const keys = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'];
    expect(topologySpread(selector, keys).map((c) => c.topologyKey)).toEqual(keys);
  });

  test('shares nothing with its input', () => {
    const [constraint] = topologySpread(selector);
    expect(constraint!.labelSelector!.matchLabels).not.toBe(selector);
  });
});

test.each([[{ maxUnavailable: 1 }], [{ minAvailable: 1 }]])('podDisruptionBudget %j', (budget) => {
  const pdb = podDisruptionBudget({
    name: 'loki',
    namespace: 'monitoring',
    labels: selector,
    selector,
    budget,
  });
  expect(pdb.spec).toEqual({ ...budget, selector: { matchLabels: selector } });
  expect(pdb.metadata).toEqual({ name: 'loki', namespace: 'monitoring', labels: selector });
});
