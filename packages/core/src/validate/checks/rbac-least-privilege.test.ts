import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../../kube.js';
import { rbacLeastPrivilege } from './rbac-least-privilege.js';
import {
  compliantObjects,
  compliantRbac,
  edit,
  exceptionTests,
  locations,
  runCheck,
} from './test-helpers.js';

const clusterRole = (rules: unknown[]): KubeObject =>
  ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'app' },
    rules,
  }) as KubeObject;

function rule(changes: Record<string, unknown>) {
  return edit(compliantRbac(), 'app/role', 'rules.0', {
    apiGroups: [''],
    resources: ['pods'],
    verbs: ['get', 'list', 'watch'],
    ...changes,
  });
}

describe('rbac-least-privilege', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(rbacLeastPrivilege, { ...compliantObjects(), ...compliantRbac() })).toEqual([]);
  });

  test.each([
    ['a wildcard API group', { apiGroups: ['*'] }, 'rules.0.apiGroups'],
    ['a wildcard resource', { resources: ['*'] }, 'rules.0.resources'],
    ['a wildcard verb', { verbs: ['*'] }, 'rules.0.verbs'],
    ['a wildcard resource name', { resourceNames: ['*'] }, 'rules.0.resourceNames'],
    ['the escalate verb', { resources: ['roles'], verbs: ['get', 'escalate'] }, 'rules.0.verbs'],
    ['the bind verb', { resources: ['clusterroles'], verbs: ['bind'] }, 'rules.0.verbs'],
    ['the impersonate verb', { resources: ['users'], verbs: ['impersonate'] }, 'rules.0.verbs'],
    ['writing Secrets', { resources: ['secrets'], verbs: ['get', 'create'] }, 'rules.0.verbs'],
  ])('detects %s in a Role', (_name, changes, path) => {
    const violations = runCheck(rbacLeastPrivilege, rule(changes));
    expect(locations(violations)).toEqual([{ address: 'app/role', path }]);
    expect(violations[0]?.message).not.toBe('');
  });

  test('reports each problem of a rule', () => {
    const paths = locations(runCheck(rbacLeastPrivilege, rule({ resources: ['*'], verbs: ['*'] }))).map(
      (l) => l.path,
    );
    expect(paths).toEqual(['rules.0.resources', 'rules.0.verbs']);
  });

  test('detects a wildcard non-resource URL in a ClusterRole', () => {
    const violations = runCheck(rbacLeastPrivilege, {
      'app/clusterRole': clusterRole([{ nonResourceURLs: ['*'], verbs: ['get'] }]),
    });
    expect(locations(violations)).toEqual([{ address: 'app/clusterRole', path: 'rules.0.nonResourceURLs' }]);
  });

  test('reading Secrets and /metrics stays allowed', () => {
    const objects = {
      ...rule({ resources: ['secrets'], verbs: ['get', 'list', 'watch'] }),
      'app/clusterRole': clusterRole([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
    };
    expect(runCheck(rbacLeastPrivilege, objects)).toEqual([]);
  });

  test.each(['cluster-admin', 'admin', 'edit'])(
    'detects a binding to the built-in ClusterRole %s',
    (name) => {
      const objects = edit(compliantRbac(), 'app/roleBinding', 'roleRef', {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name,
      });
      const violations = runCheck(rbacLeastPrivilege, objects);
      expect(locations(violations)).toEqual([{ address: 'app/roleBinding', path: 'roleRef.name' }]);
      expect(violations[0]?.value).toBe(name);
    },
  );

  test('a namespaced Role that happens to be called admin is not the built-in one', () => {
    const objects = edit(compliantRbac(), 'app/roleBinding', 'roleRef.name', 'admin');
    expect(runCheck(rbacLeastPrivilege, objects)).toEqual([]);
  });

  exceptionTests(
    rbacLeastPrivilege,
    () => ({
      ...compliantObjects(),
      ...rule({ resources: ['secrets'], verbs: ['get', 'create', 'update'] }),
    }),
    'app/role',
  );
});
