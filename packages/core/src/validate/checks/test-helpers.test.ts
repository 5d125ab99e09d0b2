import { describe, expect, test } from 'vitest';
import { render, validateStack } from '../../render/render.js';
import { defaultChecks } from './index.js';
import {
  checkedOf,
  compliantObjects,
  compliantRbac,
  compliantStatefulObjects,
  edit,
  NAMESPACE,
  type Objects,
  stackOf,
} from './test-helpers.js';

// The fixtures are the baseline of every check test: if they stopped passing, every
// "a violation is detected" test would pass for the wrong reason.
describe('compliant fixtures', () => {
  test.each([
    ['Deployment set', compliantObjects()],
    ['StatefulSet set', compliantStatefulObjects()],
    ['Deployment set with RBAC', { ...compliantObjects(), ...compliantRbac() }],
  ] as [string, Objects][])('the %s renders with no problem at all', (_name, objects) => {
    const stack = stackOf(objects);
    expect(validateStack(stack)).toEqual([]);
    const rendered = render(stack);
    // Plus the default deny of the namespace the stack creates.
    expect(rendered.objects.map((o) => o.address).sort()).toEqual(
      [...Object.keys(objects), 'stack/networkPolicyDefaultDeny'].sort(),
    );
  });

  test.each(defaultChecks.map((check) => [check.name, check] as const))(
    '%s finds nothing to report',
    (_name, check) => {
      for (const objects of [
        compliantObjects(),
        compliantStatefulObjects(),
        { ...compliantObjects(), ...compliantRbac() },
      ]) {
        expect(check.run(checkedOf(objects))).toEqual([]);
      }
    },
  );

  test('edit changes one field of a copy and leaves the original alone', () => {
    const original = compliantObjects();
    const changed = edit(original, 'app/deployment', 'spec.replicas', 3);
    expect((changed['app/deployment'] as unknown as { spec: { replicas: number } }).spec.replicas).toBe(3);
    expect((original['app/deployment'] as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
    const removed = edit(original, 'app/deployment', 'spec.template.spec.volumes.0', undefined);
    expect(
      (removed['app/deployment'] as unknown as { spec: { template: { spec: { volumes: unknown[] } } } }).spec
        .template.spec.volumes,
    ).toHaveLength(1);
  });

  test('the stack helper renders the fixture namespace with the restricted Pod Security labels', () => {
    const namespace = render(stackOf(compliantObjects())).objects.find(
      (o) => o.address === 'stack/namespace',
    );
    expect(namespace?.object).toEqual(compliantObjects()['stack/namespace']);
    expect(namespace?.object.metadata?.name).toBe(NAMESPACE);
  });
});
