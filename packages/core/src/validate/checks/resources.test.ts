import { describe, expect, test } from 'vitest';
import { resources } from './resources.js';
import { compliantObjects, edit, exceptionTests, locations, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';
const APP = `${P}.containers.0`;

describe('resources', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(resources, compliantObjects())).toEqual([]);
  });

  test.each([
    ['no CPU request', `${APP}.resources.requests.cpu`],
    ['no memory request', `${APP}.resources.requests.memory`],
    ['no memory limit', `${APP}.resources.limits.memory`],
    ['no memory limit on an init container', `${P}.initContainers.0.resources.limits.memory`],
  ])('detects: %s', (_name, path) => {
    const violations = runCheck(resources, edit(compliantObjects(), 'app/deployment', path, undefined));
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path }]);
  });

  test('a container without resources gets one violation per missing field', () => {
    const objects = edit(compliantObjects(), 'app/deployment', `${APP}.resources`, undefined);
    expect(locations(runCheck(resources, objects)).map((l) => l.path)).toEqual([
      `${APP}.resources.requests.cpu`,
      `${APP}.resources.requests.memory`,
      `${APP}.resources.limits.memory`,
    ]);
  });

  test('a CPU limit is not required', () => {
    const objects = edit(compliantObjects(), 'app/deployment', `${APP}.resources.limits.cpu`, undefined);
    expect(runCheck(resources, objects)).toEqual([]);
  });

  exceptionTests(
    resources,
    () => edit(compliantObjects(), 'app/deployment', `${APP}.resources.limits`, undefined),
    'app/deployment',
  );
});
