import { describe, expect, test } from 'vitest';
import { validateStack } from '../../render/render.js';
import { hostAccess } from './host-access.js';
import { podSecurityAdmission } from './pod-security-admission.js';
import { podSecurityRestricted } from './pod-security-restricted.js';
import {
  compliantObjects,
  edit,
  locations,
  NAMESPACE,
  type Objects,
  runCheck,
  safetyErrors,
  stackOf,
} from './test-helpers.js';

const P = 'spec.template.spec';
const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** The compliant set, with the namespace enforcing `level` (rendered by a component instead of core). */
function inNamespace(level: string | undefined, objects: Objects = compliantObjects()): Objects {
  const { 'stack/namespace': _core, ...rest } = objects;
  return {
    ...rest,
    'privileged/namespace': {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NAMESPACE, labels: level ? { [ENFORCE]: level } : {} },
    },
  };
}

const runAsRoot = (objects: Objects) => edit(objects, 'app/deployment', `${P}.securityContext.runAsUser`, 0);
const hostNetwork = (objects: Objects) => edit(objects, 'app/deployment', `${P}.hostNetwork`, true);

describe('pod-security-admission', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(podSecurityAdmission, compliantObjects())).toEqual([]);
  });

  test.each([
    ['a restricted-level violation', runAsRoot, podSecurityRestricted],
    ['a baseline-level violation', hostNetwork, hostAccess],
  ])(
    'in a restricted namespace, reports %s where the underlying check does',
    (_name, breakIt, underlying) => {
      const objects = breakIt(compliantObjects());
      const violations = runCheck(podSecurityAdmission, objects);
      expect(locations(violations)).toEqual(locations(runCheck(underlying, objects)));
      expect(violations.length).toBeGreaterThan(0);
      expect(violations[0]?.message).toContain('"restricted"');
      expect(violations[0]?.hint).toContain(`${ENFORCE}: privileged`);
    },
  );

  test('in a baseline namespace, only host access is rejected', () => {
    expect(runCheck(podSecurityAdmission, runAsRoot(inNamespace('baseline')))).toEqual([]);
    expect(locations(runCheck(podSecurityAdmission, hostNetwork(inNamespace('baseline'))))).toEqual([
      { address: 'app/deployment', path: `${P}.hostNetwork` },
    ]);
  });

  test.each([
    ['labelled privileged', 'privileged'],
    ['without an enforce label', undefined],
  ])('in a namespace %s, nothing is rejected', (_name, level) => {
    expect(runCheck(podSecurityAdmission, hostNetwork(runAsRoot(inNamespace(level))))).toEqual([]);
  });

  test('workloads in a namespace the stack does not render are not judged', () => {
    const { 'stack/namespace': _gone, ...objects } = hostNetwork(compliantObjects());
    expect(runCheck(podSecurityAdmission, objects)).toEqual([]);
  });

  test('an exception to host-access does not make the pods admissible', () => {
    const stack = stackOf(hostNetwork(compliantObjects()), {
      exceptions: [{ check: 'host-access', address: 'app/deployment', reason: 'reads node metrics' }],
    });
    expect(safetyErrors(stack, hostAccess)).toEqual([]);
    expect(safetyErrors(stack, podSecurityAdmission).map((e) => e.path)).toEqual([`${P}.hostNetwork`]);
  });

  test('the documented way out: its own privileged namespace plus a host-access exception', () => {
    const stack = stackOf(hostNetwork(inNamespace('privileged')), {
      exceptions: [{ check: 'host-access', address: 'app/deployment', reason: 'reads node metrics' }],
    });
    expect(validateStack(stack)).toEqual([]);
  });

  test.each([
    [
      'stack-level',
      { exceptions: [{ check: 'pod-security-admission', address: 'app/deployment', reason: 'try' }] },
    ],
    [
      'component-level',
      { componentExceptions: { app: [{ key: '*', check: 'pod-security-admission', reason: 'try' }] } },
    ],
  ] as const)('cannot be excepted (%s): naming it is an error, and the violation stays', (_name, options) => {
    const problems = validateStack(stackOf(hostNetwork(compliantObjects()), options));
    const refused = problems.filter((e) => e.code === 'SAFETY' && e.reason.includes('cannot be excepted'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ value: 'pod-security-admission' });
    expect(refused[0]!.address).toMatch(/^app\//);
    expect(problems.some((e) => e.reason.startsWith('[pod-security-admission]'))).toBe(true);
  });
});
