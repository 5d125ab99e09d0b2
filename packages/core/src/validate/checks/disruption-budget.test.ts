import { describe, expect, test } from 'vitest';
import { disruptionBudget } from './disruption-budget.js';
import { compliantObjects, edit, exceptionTests, locations, type Objects, runCheck } from './test-helpers.js';

function withoutBudget(): Objects {
  const { 'app/podDisruptionBudget': _gone, ...objects } = compliantObjects();
  return objects;
}

describe('disruption-budget', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(disruptionBudget, compliantObjects())).toEqual([]);
  });

  test('detects several replicas without a PodDisruptionBudget', () => {
    const violations = runCheck(disruptionBudget, withoutBudget());
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path: 'spec.replicas' }]);
    expect(violations[0]?.value).toBe(2);
  });

  test.each([
    ['selects other pods', 'spec.selector.matchLabels', { app: 'other' }],
    ['is in another namespace', 'metadata.namespace', 'other'],
    ['has no selector', 'spec.selector', undefined],
  ])('detects a budget that %s', (_name, path, value) => {
    const objects = edit(compliantObjects(), 'app/podDisruptionBudget', path, value);
    expect(locations(runCheck(disruptionBudget, objects))).toEqual([
      { address: 'app/deployment', path: 'spec.replicas' },
    ]);
  });

  test.each([
    ['one replica', 1],
    ['replicas left to the default', undefined],
  ])('%s needs no budget', (_name, replicas) => {
    expect(
      runCheck(disruptionBudget, edit(withoutBudget(), 'app/deployment', 'spec.replicas', replicas)),
    ).toEqual([]);
  });

  exceptionTests(disruptionBudget, withoutBudget, 'app/deployment');
});
