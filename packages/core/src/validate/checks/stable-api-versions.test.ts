import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../../kube.js';
import type { KindDefinition } from '../kinds.js';
import { stableApiVersions } from './stable-api-versions.js';
import { compliantObjects, exceptionTests, locations, NAMESPACE, runCheck } from './test-helpers.js';

const widget = (apiVersion: string): KubeObject =>
  ({
    apiVersion,
    kind: 'Widget',
    metadata: { name: 'widget', namespace: NAMESPACE },
    spec: {},
  }) as KubeObject;

describe('stable-api-versions', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(stableApiVersions, compliantObjects())).toEqual([]);
  });

  test.each([
    'example.com/v1alpha1',
    'example.com/v2beta3',
    'autoscaling/v2beta2',
    'v1beta1',
    'example.com/v1beta',
  ])('detects the pre-release API %s', (apiVersion) => {
    const violations = runCheck(stableApiVersions, { 'app/widget': widget(apiVersion) });
    expect(locations(violations)).toEqual([{ address: 'app/widget', path: 'apiVersion' }]);
    expect(violations[0]?.value).toBe(apiVersion);
  });

  test.each(['v1', 'apps/v1', 'example.com/v2', 'alpha.example.com/v1', 'beta.example.com/v10'])(
    'accepts the stable API %s',
    (apiVersion) => {
      expect(runCheck(stableApiVersions, { 'app/widget': widget(apiVersion) })).toEqual([]);
    },
  );

  const kind: KindDefinition = { apiVersion: 'example.com/v1beta1', kind: 'Widget', namespaced: true };
  exceptionTests(
    stableApiVersions,
    () => ({ ...compliantObjects(), 'app/widget': widget('example.com/v1beta1') }),
    'app/widget',
    { kinds: [kind] },
  );
});
