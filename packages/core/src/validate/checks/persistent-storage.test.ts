import { describe, expect, test } from 'vitest';
import { persistentStorage } from './persistent-storage.js';
import {
  compliantObjects,
  compliantStatefulObjects,
  edit,
  exceptionTests,
  locations,
  runCheck,
} from './test-helpers.js';

const RETENTION = 'spec.persistentVolumeClaimRetentionPolicy';

describe('persistent-storage', () => {
  test('passes the compliant fixtures (a Deployment keeps no data, so it is not concerned)', () => {
    expect(runCheck(persistentStorage, compliantStatefulObjects())).toEqual([]);
    expect(runCheck(persistentStorage, compliantObjects())).toEqual([]);
  });

  test.each([
    ['no volumeClaimTemplates', undefined],
    ['an empty list of volumeClaimTemplates', []],
  ])('detects a StatefulSet with %s', (_name, templates) => {
    const objects = edit(
      compliantStatefulObjects(),
      'app/statefulSet',
      'spec.volumeClaimTemplates',
      templates,
    );
    expect(locations(runCheck(persistentStorage, objects))).toEqual([
      { address: 'app/statefulSet', path: 'spec.volumeClaimTemplates' },
    ]);
  });

  test.each([
    ['deleted with the StatefulSet', 'whenDeleted', 'Delete'],
    ['deleted on scale-down', 'whenScaled', 'Delete'],
    ['not said for deletion', 'whenDeleted', undefined],
  ])('detects volumes %s', (_name, when, value) => {
    const objects = edit(compliantStatefulObjects(), 'app/statefulSet', `${RETENTION}.${when}`, value);
    const violations = runCheck(persistentStorage, objects);
    expect(locations(violations)).toEqual([{ address: 'app/statefulSet', path: `${RETENTION}.${when}` }]);
    expect(violations[0]?.value).toBe(value);
  });

  test('no retention policy at all is reported for both cases', () => {
    const objects = edit(compliantStatefulObjects(), 'app/statefulSet', RETENTION, undefined);
    expect(locations(runCheck(persistentStorage, objects)).map((l) => l.path)).toEqual([
      `${RETENTION}.whenDeleted`,
      `${RETENTION}.whenScaled`,
    ]);
  });

  exceptionTests(
    persistentStorage,
    () => edit(compliantStatefulObjects(), 'app/statefulSet', `${RETENTION}.whenDeleted`, 'Delete'),
    'app/statefulSet',
  );
});
