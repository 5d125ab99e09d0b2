import { describe, expect, test } from 'vitest';
import { networkPolicy } from './network-policy.js';
import { compliantObjects, edit, exceptionTests, locations, type Objects, runCheck } from './test-helpers.js';

function withoutPolicy(): Objects {
  const { 'app/networkPolicy': _gone, ...objects } = compliantObjects();
  return objects;
}

describe('network-policy', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(networkPolicy, compliantObjects())).toEqual([]);
  });

  test('detects a workload no NetworkPolicy selects', () => {
    const violations = runCheck(networkPolicy, withoutPolicy());
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path: 'metadata' }]);
    expect(violations[0]?.value).toEqual({ 'app.kubernetes.io/name': 'app' });
  });

  test('detects a NetworkPolicy that selects no pod (and the pods it meant to protect)', () => {
    const objects = edit(compliantObjects(), 'app/networkPolicy', 'spec.podSelector.matchLabels', {
      app: 'typo',
    });
    expect(locations(runCheck(networkPolicy, objects))).toEqual([
      { address: 'app/deployment', path: 'metadata' },
      { address: 'app/networkPolicy', path: 'spec.podSelector' },
    ]);
  });

  test('a NetworkPolicy in another namespace does not cover the pods', () => {
    const objects = edit(compliantObjects(), 'app/networkPolicy', 'metadata.namespace', 'other');
    expect(locations(runCheck(networkPolicy, objects))).toEqual([
      { address: 'app/deployment', path: 'metadata' },
      { address: 'app/networkPolicy', path: 'spec.podSelector' },
    ]);
  });

  test("a namespace-wide policy (the default deny) is not a workload's own policy", () => {
    for (const selector of [{}, { matchLabels: {} }, { matchExpressions: [] }]) {
      const objects = edit(compliantObjects(), 'app/networkPolicy', 'spec.podSelector', selector);
      expect(locations(runCheck(networkPolicy, objects))).toEqual([
        { address: 'app/deployment', path: 'metadata' },
      ]);
    }
  });

  test('a namespace-wide policy beside the own one is fine, and needs no pod to select', () => {
    const objects = compliantObjects();
    const denyAll = {
      ...objects['app/networkPolicy'],
      metadata: { name: 'default-deny', namespace: 'elsewhere' },
      spec: { podSelector: {}, policyTypes: ['Egress', 'Ingress'] },
    };
    expect(runCheck(networkPolicy, { ...objects, 'app/denyAll': denyAll } as Objects)).toEqual([]);
  });

  test('matchExpressions select too', () => {
    const objects = edit(compliantObjects(), 'app/networkPolicy', 'spec.podSelector', {
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['app', 'other'] }],
    });
    expect(runCheck(networkPolicy, objects)).toEqual([]);
  });

  exceptionTests(networkPolicy, withoutPolicy, 'app/deployment');
});
