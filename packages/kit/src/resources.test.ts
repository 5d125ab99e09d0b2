import { isMixstackError, options } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { assertResources, containerResources, resources, resourcesSchema } from './resources.js';

describe('container resources', () => {
  test('a CPU limit only when one is set', () => {
    expect(containerResources(resources('100m', '128Mi', '256Mi'))).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { memory: '256Mi' },
    });
    const limited = resources('100m', '128Mi', '256Mi');
    limited.limits.cpu = '1';
    expect(containerResources(limited)?.limits).toEqual({ memory: '256Mi', cpu: '1' });
  });

  test.each([
    [{ requests: { cpu: '2', memory: '1Gi' }, limits: { memory: '2Gi', cpu: '1' } }, 'r.requests.cpu'],
    [{ requests: { cpu: '1', memory: '3Gi' }, limits: { memory: '2Gi' } }, 'r.requests.memory'],
  ])('a request above its limit names the option that sets it (%j)', (given, path) => {
    try {
      assertResources(given, 'loki/statefulSet', 'r');
      expect.unreachable();
    } catch (error) {
      expect(isMixstackError(error) && [error.code, error.address, error.path]).toEqual([
        'INVALID_OPTION',
        'loki/statefulSet',
        path,
      ]);
    }
  });

  test('requests at or below the limits pass', () => {
    expect(() => assertResources(resources('1', '2Gi', '2Gi'), 'a/b', 'r')).not.toThrow();
  });

  test('the schema takes any part and rejects what is not a quantity', () => {
    expect(options.parseOptions(resourcesSchema, { limits: { memory: '1Gi' } }, 'x')).toEqual({
      limits: { memory: '1Gi' },
    });
    expect(() => options.parseOptions(resourcesSchema, { requests: { cpu: 'fast' } }, 'x')).toThrow(
      /quantity/,
    );
  });
});
