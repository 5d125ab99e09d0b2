import { describe, expect, test } from 'vitest';
import { serviceSelectsPods } from './service-selects-pods.js';
import { compliantObjects, edit, exceptionTests, locations, runCheck } from './test-helpers.js';

describe('service-selects-pods', () => {
  test('passes the compliant fixture', () => {
    expect(runCheck(serviceSelectsPods, compliantObjects())).toEqual([]);
  });

  test('detects a selector with a typo', () => {
    const violations = runCheck(
      serviceSelectsPods,
      edit(compliantObjects(), 'app/service', 'spec.selector', { 'app.kubernetes.io/name': 'ap' }),
    );
    expect(locations(violations)).toEqual([{ address: 'app/service', path: 'spec.selector' }]);
    expect(violations[0]?.value).toEqual({ 'app.kubernetes.io/name': 'ap' });
  });

  test('detects a Service in another namespace than its pods', () => {
    const violations = runCheck(
      serviceSelectsPods,
      edit(compliantObjects(), 'app/service', 'metadata.namespace', 'other'),
    );
    expect(locations(violations)).toEqual([{ address: 'app/service', path: 'spec.selector' }]);
    expect(violations[0]?.message).toContain('"other"');
  });

  test('detects a Service selecting pods when there is no workload at all', () => {
    const { 'app/deployment': _gone, ...objects } = compliantObjects();
    expect(locations(runCheck(serviceSelectsPods, objects))).toEqual([
      { address: 'app/service', path: 'spec.selector' },
    ]);
  });

  test.each([
    ['no selector (endpoints managed elsewhere)', undefined],
    ['an empty selector', {}],
  ])('accepts a Service with %s', (_name, selector) => {
    expect(
      runCheck(serviceSelectsPods, edit(compliantObjects(), 'app/service', 'spec.selector', selector)),
    ).toEqual([]);
  });

  test('a subset of the pod labels is enough', () => {
    const objects = edit(compliantObjects(), 'app/deployment', 'spec.template.metadata.labels.tier', 'web');
    expect(runCheck(serviceSelectsPods, objects)).toEqual([]);
  });

  exceptionTests(
    serviceSelectsPods,
    () => edit(compliantObjects(), 'app/service', 'spec.selector', { 'app.kubernetes.io/name': 'elsewhere' }),
    'app/service',
  );
});
