import { describe, expect, test } from 'vitest';
import { httpService } from './service-contract.js';

describe('httpService', () => {
  const pods = { podLabels: { 'app.kubernetes.io/name': 'tempo' } };

  test('addresses the component’s Service object and keeps the health path only when given', () => {
    expect(httpService('tempo', 'tempo', 'obs', { port: 3200, portName: 'http', ...pods })).toEqual({
      address: 'tempo/service',
      name: 'tempo',
      namespace: 'obs',
      port: 3200,
      portName: 'http',
      scheme: 'http',
      podLabels: { 'app.kubernetes.io/name': 'tempo' },
    });
    expect(
      httpService('a', 'a', 'n', { port: 1, portName: 'p', healthPath: '/ready', ...pods }).healthPath,
    ).toBe('/ready');
  });

  test('names the pods’ port only where the Service forwards to another one', () => {
    expect(httpService('a', 'a', 'n', { port: 80, portName: 'http', podPort: 3000, ...pods }).podPort).toBe(
      3000,
    );
    expect(
      httpService('a', 'a', 'n', { port: 80, portName: 'http', podPort: 80, ...pods }),
    ).not.toHaveProperty('podPort');
  });
});
