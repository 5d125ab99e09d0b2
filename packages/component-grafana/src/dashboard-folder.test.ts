import { createStack, isMixstackError, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { dashboardFolder } from './dashboard-folder.js';
import { grafana } from './grafana.js';
import { objectAt, testDashboard } from './test-helpers.js';

describe('dashboardFolder()', () => {
  test('adds your dashboards in a folder of their own', () => {
    const result = render(
      createStack({}, [
        grafana(),
        dashboardFolder({
          name: 'payments',
          title: 'Payments',
          dashboards: { 'checkout.json': testDashboard('Checkout') },
        }),
      ]),
    );
    expect(result.sections.mixins.payments!.title).toBe('Payments');
    const configMap = objectAt<{ data: Record<string, string> }>(result, 'grafana/dashboardPaymentsCheckout');
    expect(JSON.parse(configMap.data['checkout.json']!).title).toBe('Checkout');
    expect(result.files.get('grafana-dashboardProviders.yaml')).toContain('folder: Payments\n');
  });

  test.each<[string, unknown, string, string]>([
    ['a name that is not kebab-case', { name: 'Payments', title: 'P', dashboards: {} }, 'INVALID_NAME', ''],
    ['no title', { name: 'p', title: '', dashboards: {} }, 'INVALID_OPTION', 'title'],
    ['dashboards as a list', { name: 'p', title: 'P', dashboards: [] }, 'INVALID_OPTION', 'dashboards'],
    [
      'a dashboard without a title',
      { name: 'p', title: 'P', dashboards: { 'a.json': {} } },
      'INVALID_OPTION',
      'dashboards.a.json',
    ],
    ['no options', undefined, 'INVALID_OPTION', ''],
  ])('rejects %s', (_name, options, code, path) => {
    try {
      createStack({}, [dashboardFolder(options as never)]);
      expect.unreachable();
    } catch (error) {
      expect(isMixstackError(error) && [error.code, error.path ?? '']).toEqual([code, path]);
    }
  });

  test('two folders under one name are an error naming both parts', () => {
    const folder = () => dashboardFolder({ name: 'p', title: 'P', dashboards: {} });
    try {
      createStack({}, [folder(), folder()]);
      expect.unreachable();
    } catch (error) {
      expect(isMixstackError(error) && error.code).toBe('DUPLICATE_ADDRESS');
    }
  });
});
