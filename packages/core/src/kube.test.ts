import { describe, expect, test } from 'vitest';
import { address, kindKey, objectIdentity } from './kube.js';

describe('kube helpers', () => {
  test('address joins component and key', () => {
    expect(address('prometheus', 'serviceMonitor')).toBe('prometheus/serviceMonitor');
  });

  test('kindKey is apiVersion/kind', () => {
    expect(kindKey({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('apps/v1/Deployment');
    expect(kindKey({ apiVersion: 'v1', kind: 'Service' })).toBe('v1/Service');
  });

  test.each([
    [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'ns' } }, 'Service ns/a'],
    [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } }, 'Namespace ns'],
    [{ apiVersion: 'v1', kind: 'ConfigMap' }, 'ConfigMap <unnamed>'],
  ])('objectIdentity(%j) is %s', (object, identity) => {
    expect(objectIdentity(object)).toBe(identity);
  });
});
