import { describe, expect, test } from 'vitest';
import { podSecurityRestricted } from './pod-security-restricted.js';
import { compliantObjects, edit, exceptionTests, locations, type Objects, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';
const APP = `${P}.containers.0`;
const INIT = `${P}.initContainers.0`;

/** The compliant set with the given fields of the Deployment changed (`undefined` deletes). */
function deployment(...edits: [string, unknown][]): Objects {
  return edits.reduce(
    (objects, [path, value]) => edit(objects, 'app/deployment', path, value),
    compliantObjects(),
  );
}

describe('pod-security-restricted', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(podSecurityRestricted, compliantObjects())).toEqual([]);
  });

  test.each([
    ['pod runs as uid 0', [[`${P}.securityContext.runAsUser`, 0]], [`${P}.securityContext.runAsUser`]],
    [
      'container runs as uid 0',
      [[`${APP}.securityContext.runAsUser`, 0]],
      [`${APP}.securityContext.runAsUser`],
    ],
    [
      'privilege escalation not disabled',
      [[`${APP}.securityContext.allowPrivilegeEscalation`, undefined]],
      [`${APP}.securityContext.allowPrivilegeEscalation`],
    ],
    [
      'privilege escalation allowed in an init container',
      [[`${INIT}.securityContext.allowPrivilegeEscalation`, true]],
      [`${INIT}.securityContext.allowPrivilegeEscalation`],
    ],
    [
      'runAsNonRoot nowhere',
      [
        [`${P}.securityContext.runAsNonRoot`, undefined],
        [`${APP}.securityContext.runAsNonRoot`, undefined],
        [`${INIT}.securityContext.runAsNonRoot`, undefined],
      ],
      [`${INIT}.securityContext.runAsNonRoot`, `${APP}.securityContext.runAsNonRoot`],
    ],
    [
      'a container overrides runAsNonRoot with false',
      [[`${APP}.securityContext.runAsNonRoot`, false]],
      [`${APP}.securityContext.runAsNonRoot`],
    ],
    [
      'capabilities not dropped',
      [[`${APP}.securityContext.capabilities.drop`, []]],
      [`${APP}.securityContext.capabilities.drop`],
    ],
    [
      'capabilities missing',
      [[`${APP}.securityContext.capabilities`, undefined]],
      [`${APP}.securityContext.capabilities.drop`],
    ],
    [
      'a capability added',
      [[`${APP}.securityContext.capabilities.add`, ['NET_ADMIN', 'NET_BIND_SERVICE']]],
      [`${APP}.securityContext.capabilities.add`],
    ],
    [
      'no seccomp profile',
      [[`${P}.securityContext.seccompProfile`, undefined]],
      [`${INIT}.securityContext.seccompProfile.type`, `${APP}.securityContext.seccompProfile.type`],
    ],
    [
      'a container sets Unconfined over the pod profile',
      [[`${APP}.securityContext.seccompProfile`, { type: 'Unconfined' }]],
      [`${APP}.securityContext.seccompProfile.type`],
    ],
    [
      'a volume type the level does not allow',
      [[`${P}.volumes.2`, { name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports' } }]],
      [`${P}.volumes.2.nfs`],
    ],
  ] as [string, [string, unknown][], string[]][])('detects: %s', (_name, edits, paths) => {
    const violations = runCheck(podSecurityRestricted, deployment(...edits));
    expect(locations(violations)).toEqual(paths.map((path) => ({ address: 'app/deployment', path })));
    for (const violation of violations) expect(violation.hint).not.toBe('');
  });

  test.each([
    ['runAsNonRoot on the pod only', [[`${APP}.securityContext.runAsNonRoot`, undefined]]],
    [
      'the seccomp profile on each container only',
      [
        [`${P}.securityContext.seccompProfile`, undefined],
        [`${APP}.securityContext.seccompProfile`, { type: 'RuntimeDefault' }],
        [
          `${INIT}.securityContext.seccompProfile`,
          { type: 'Localhost', localhostProfile: 'profiles/app.json' },
        ],
      ],
    ],
    ['NET_BIND_SERVICE added', [[`${APP}.securityContext.capabilities.add`, ['NET_BIND_SERVICE']]]],
    [
      'allowed volume types',
      [[`${P}.volumes.2`, { name: 'data', persistentVolumeClaim: { claimName: 'data' } }]],
    ],
    // hostPath is host-access's business, so it is not reported twice.
    ['a hostPath volume', [[`${P}.volumes.2`, { name: 'proc', hostPath: { path: '/proc' } }]]],
  ] as [string, [string, unknown][]][])('accepts: %s', (_name, edits) => {
    expect(runCheck(podSecurityRestricted, deployment(...edits))).toEqual([]);
  });

  exceptionTests(
    podSecurityRestricted,
    () => deployment([`${P}.securityContext.runAsUser`, 0]),
    'app/deployment',
  );
});
