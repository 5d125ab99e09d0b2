import { describe, expect, test } from 'vitest';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.js';
import { compliantObjects, edit, exceptionTests, locations, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';

describe('read-only-root-filesystem', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(readOnlyRootFilesystem, compliantObjects())).toEqual([]);
  });

  test.each([
    ['not set on the container', `${P}.containers.0`, undefined],
    ['false on the container', `${P}.containers.0`, false],
    ['not set on an init container', `${P}.initContainers.0`, undefined],
  ])('detects: %s', (_name, container, value) => {
    const objects = edit(
      compliantObjects(),
      'app/deployment',
      `${container}.securityContext.readOnlyRootFilesystem`,
      value,
    );
    const violations = runCheck(readOnlyRootFilesystem, objects);
    expect(locations(violations)).toEqual([
      { address: 'app/deployment', path: `${container}.securityContext.readOnlyRootFilesystem` },
    ]);
    expect(violations[0]?.value).toBe(value);
  });

  test('a container without any securityContext is reported', () => {
    const objects = edit(
      compliantObjects(),
      'app/deployment',
      `${P}.containers.0.securityContext`,
      undefined,
    );
    expect(locations(runCheck(readOnlyRootFilesystem, objects))).toEqual([
      { address: 'app/deployment', path: `${P}.containers.0.securityContext.readOnlyRootFilesystem` },
    ]);
  });

  exceptionTests(
    readOnlyRootFilesystem,
    () =>
      edit(
        compliantObjects(),
        'app/deployment',
        `${P}.containers.0.securityContext.readOnlyRootFilesystem`,
        false,
      ),
    'app/deployment',
  );
});
