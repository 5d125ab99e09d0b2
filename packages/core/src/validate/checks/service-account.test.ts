import { describe, expect, test } from 'vitest';
import { serviceAccount } from './service-account.js';
import {
  compliantObjects,
  compliantRbac,
  edit,
  exceptionTests,
  locations,
  type Objects,
  runCheck,
} from './test-helpers.js';

const P = 'spec.template.spec';

function deployment(...edits: [string, unknown][]): Objects {
  return edits.reduce(
    (objects, [path, value]) => edit(objects, 'app/deployment', path, value),
    compliantObjects(),
  );
}

describe('service-account', () => {
  test('passes the compliant fixture, with and without RBAC', () => {
    expect(runCheck(serviceAccount, compliantObjects())).toEqual([]);
    expect(runCheck(serviceAccount, { ...compliantObjects(), ...compliantRbac() })).toEqual([]);
  });

  test.each([
    ['no serviceAccountName (the default account)', undefined, `${P}.serviceAccountName`],
    ['the default account by name', 'default', `${P}.serviceAccountName`],
    ['an account the stack does not render', 'somebody', `${P}.serviceAccountName`],
  ])('detects %s', (_name, account, path) => {
    const violations = runCheck(serviceAccount, deployment([`${P}.serviceAccountName`, account]));
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path }]);
    expect(violations[0]?.value).toBe(account);
  });

  test('detects an account of the same name in another namespace', () => {
    const objects = edit(compliantObjects(), 'app/serviceAccount', 'metadata.namespace', 'other');
    expect(locations(runCheck(serviceAccount, objects))).toEqual([
      { address: 'app/deployment', path: `${P}.serviceAccountName` },
    ]);
  });

  test.each([
    ['the pod mounts the token', [[`${P}.automountServiceAccountToken`, true]], []],
    [
      'neither the pod nor the account say (Kubernetes mounts by default)',
      [[`${P}.automountServiceAccountToken`, undefined]],
      [['app/serviceAccount', 'automountServiceAccountToken', undefined]],
    ],
  ] as [string, [string, unknown][], [string, string, unknown][]][])(
    'detects a mounted token without a role binding: %s',
    (_name, podEdits, otherEdits) => {
      let objects = deployment(...podEdits);
      for (const [address, path, value] of otherEdits) objects = edit(objects, address, path, value);
      const violations = runCheck(serviceAccount, objects);
      expect(locations(violations)).toEqual([
        { address: 'app/deployment', path: `${P}.automountServiceAccountToken` },
      ]);
      expect(violations[0]?.value).toBe(true);
    },
  );

  test('a workload whose account is bound to a role may mount the token', () => {
    const objects = { ...deployment([`${P}.automountServiceAccountToken`, true]), ...compliantRbac() };
    expect(runCheck(serviceAccount, objects)).toEqual([]);
  });

  test('a binding for another account does not count', () => {
    const objects = edit(
      { ...deployment([`${P}.automountServiceAccountToken`, true]), ...compliantRbac() },
      'app/roleBinding',
      'subjects.0.name',
      'someone-else',
    );
    expect(runCheck(serviceAccount, objects)).toHaveLength(1);
  });

  test("the account's automountServiceAccountToken: false applies when the pod does not say", () => {
    expect(runCheck(serviceAccount, deployment([`${P}.automountServiceAccountToken`, undefined]))).toEqual(
      [],
    );
  });

  exceptionTests(serviceAccount, () => deployment([`${P}.serviceAccountName`, 'default']), 'app/deployment');
});
