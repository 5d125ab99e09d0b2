import { createStack, isMixstackError, render, renderMixins, validateStack } from '@mixstack/core';
import fc from 'fast-check';
import { grafana } from 'mixstack';
import { describe, expect, test } from 'vitest';
import {
  dropAlerts,
  dropDashboards,
  dropRuleGroups,
  imageRegistry,
  patchAlert,
  setResources,
} from './index.js';
import { testMixins } from './test-helpers.js';

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

const names = fc.constantFrom(
  'TestAppDown',
  'TestAppSlow',
  'TestAppDwn',
  'other-app/TestAppDown',
  'test-app-alerts',
  'test-app.rules',
  'overview.json',
  'Test App / Capacity',
  '',
  'x y',
);
const anyNames = fc.oneof(fc.array(names, { maxLength: 3 }), fc.anything());
const patch = fc.oneof(
  fc.record(
    {
      severity: fc.constantFrom('critical', 'warning', 'info', 'none', 'page'),
      for: fc.constantFrom('5m', '0s', 'soon'),
      labels: fc.dictionary(fc.constantFrom('team', 'severity', 'a-b'), fc.string(), { maxKeys: 2 }),
      annotations: fc.dictionary(fc.constantFrom('summary', 'runbook_url'), fc.string(), { maxKeys: 2 }),
      expr: fc.constantFrom('vector(1)', 'up == 0', 'sum(', ''),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const part = fc.oneof(
  fc.tuple(fc.constant(dropAlerts), anyNames),
  fc.tuple(fc.constant(dropRuleGroups), anyNames),
  fc.tuple(fc.constant(dropDashboards), anyNames),
  fc.tuple(fc.constant(patchAlert), fc.oneof(names, fc.anything()), patch),
  fc.tuple(
    fc.constant(setResources),
    fc.constantFrom('grafana', 'prometheus', 'x', 7),
    fc.constantFrom('grafana', 'prometheus', 'kube-rbac-proxy'),
    fc.oneof(fc.record({ limits: fc.record({ memory: fc.constantFrom('1Gi', 'lots') }) }), fc.anything()),
  ),
  fc.tuple(
    fc.constant(imageRegistry),
    fc.oneof(fc.constantFrom('registry.example.com/m', 'https://x'), fc.anything()),
  ),
);

describe('fuzzing the lib parts', () => {
  test('any arguments: calling never throws; building a stack and rendering fail only with MixstackErrors', () => {
    let rendered = 0;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 3 }), (calls) => {
        // Bad arguments are problems recorded in the stack, never thrown by the call.
        const parts = calls.map(([fn, ...args]) => (fn as (...a: unknown[]) => unknown)(...args));
        const stack = () => createStack({}, [grafana(), testMixins(), ...(parts as never[])]);
        // Every problem of the stack, each with a way to fix it.
        for (const problem of validateStack(stack())) expect(problem.hint.length).toBeGreaterThan(0);
        if (onlyMixstackErrors(() => renderMixins(stack())) && onlyMixstackErrors(() => render(stack())))
          rendered++;
      }),
      { numRuns: 150 },
    );
    expect(rendered).toBeGreaterThan(20);
  });
});
