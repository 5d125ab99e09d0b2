import { defaultCommonValues, quantityValue } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { byteSizeValue, retentionSizeFor, storageClassOf, volumeClaimSpec } from './storage.js';

describe('retentionSizeFor: 85% of the volume in base-2 units', () => {
  test.each([
    ['50Gi', '42GB'],
    ['100Gi', '85GB'],
    ['10Gi', '8704MB'],
    ['1Ti', '870GB'],
    ['500G', '395GB'],
    ['2Gi', '1740MB'],
    ['100Ki', undefined],
  ])('%s → %s', (size, retention) => {
    expect(retentionSizeFor(size)).toBe(retention);
    // What it returns always fits on the volume.
    if (retention) expect(byteSizeValue(retention)).toBeLessThan(quantityValue(size)!);
  });
});

describe('byteSizeValue: Prometheus units are powers of two', () => {
  test.each([
    ['42GB', 42 * 2 ** 30],
    ['512MB', 512 * 2 ** 20],
    ['1.5TB', 1.5 * 2 ** 40],
    ['0', 0],
    ['10Gi', undefined],
    ['GB', undefined],
  ])('%s → %s', (size, bytes) => {
    expect(byteSizeValue(size)).toBe(bytes);
  });
});

describe('claims', () => {
  test('the class is the claim own, else the stack one, else none (the cluster default)', () => {
    const common = { ...defaultCommonValues(), storageClass: 'standard-rwo' };
    expect(storageClassOf('fast', common)).toBe('fast');
    expect(storageClassOf(undefined, common)).toBe('standard-rwo');
    expect(storageClassOf(undefined, defaultCommonValues())).toBeUndefined();
  });

  test('the spec names a class only when there is one', () => {
    expect(volumeClaimSpec('10Gi', undefined)).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '10Gi' } },
    });
    expect(volumeClaimSpec('10Gi', 'fast').storageClassName).toBe('fast');
  });
});
