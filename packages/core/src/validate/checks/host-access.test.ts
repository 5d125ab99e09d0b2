import { describe, expect, test } from 'vitest';
import { hostAccess } from './host-access.js';
import { compliantObjects, edit, exceptionTests, locations, type Objects, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';
const APP = `${P}.containers.0`;

function deployment(...edits: [string, unknown][]): Objects {
  return edits.reduce(
    (objects, [path, value]) => edit(objects, 'app/deployment', path, value),
    compliantObjects(),
  );
}

describe('host-access', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(hostAccess, compliantObjects())).toEqual([]);
  });

  test.each([
    ['host network', [[`${P}.hostNetwork`, true]], [`${P}.hostNetwork`]],
    ['host PID namespace', [[`${P}.hostPID`, true]], [`${P}.hostPID`]],
    ['host IPC namespace', [[`${P}.hostIPC`, true]], [`${P}.hostIPC`]],
    [
      'a hostPath volume',
      [[`${P}.volumes.2`, { name: 'proc', hostPath: { path: '/proc' } }]],
      [`${P}.volumes.2.hostPath`],
    ],
    [
      'a privileged container',
      [[`${APP}.securityContext.privileged`, true]],
      [`${APP}.securityContext.privileged`],
    ],
    [
      'a privileged init container',
      [[`${P}.initContainers.0.securityContext.privileged`, true]],
      [`${P}.initContainers.0.securityContext.privileged`],
    ],
    ['a host port', [[`${APP}.ports.0.hostPort`, 8080]], [`${APP}.ports.0.hostPort`]],
    [
      'several at once, each reported',
      [
        [`${P}.hostNetwork`, true],
        [`${P}.hostPID`, true],
        [`${APP}.ports.0.hostPort`, 9100],
      ],
      [`${P}.hostNetwork`, `${P}.hostPID`, `${APP}.ports.0.hostPort`],
    ],
  ] as [string, [string, unknown][], string[]][])('detects: %s', (_name, edits, paths) => {
    expect(locations(runCheck(hostAccess, deployment(...edits)))).toEqual(
      paths.map((path) => ({ address: 'app/deployment', path })),
    );
  });

  test.each([
    [
      'host namespaces explicitly off',
      [
        [`${P}.hostNetwork`, false],
        [`${P}.hostPID`, false],
        [`${P}.hostIPC`, false],
      ],
    ],
    ['privileged explicitly off', [[`${APP}.securityContext.privileged`, false]]],
    ['hostPort 0 (no host port)', [[`${APP}.ports.0.hostPort`, 0]]],
  ] as [string, [string, unknown][]][])('accepts: %s', (_name, edits) => {
    expect(runCheck(hostAccess, deployment(...edits))).toEqual([]);
  });

  test('reports the value it found', () => {
    const [violation] = runCheck(hostAccess, deployment([`${APP}.ports.0.hostPort`, 9100]));
    expect(violation?.value).toBe(9100);
  });

  exceptionTests(hostAccess, () => deployment([`${P}.hostNetwork`, true]), 'app/deployment');
});
