import { describe, expect, test } from 'vitest';
import { httpService } from './service-contract.js';

describe('httpService', () => {
  test('addresses the component’s Service object and keeps the health path only when given', () => {
    expect(httpService('tempo', 'tempo', 'obs', { port: 3200, portName: 'http' })).toEqual({
      address: 'tempo/service',
      name: 'tempo',
      namespace: 'obs',
      port: 3200,
      portName: 'http',
      scheme: 'http',
    });
    expect(httpService('a', 'a', 'n', { port: 1, portName: 'p', healthPath: '/ready' }).healthPath).toBe(
      '/ready',
    );
  });
});
