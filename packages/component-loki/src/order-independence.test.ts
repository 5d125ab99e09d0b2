import { createStack, type Part, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { loki } from './index.js';
import { alertReceiver, appLogsMixin, logCollector, objectStoragePlatform } from './test-helpers.js';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Every file and every contribution, as one comparable value. */
function output(parts: Part[]) {
  const result = render(createStack({ namespace: 'monitoring', cluster: 'prod' }, parts));
  return { files: Object.fromEntries(result.files), sections: result.sections };
}

describe('the order of the parts does not change the output', () => {
  test('every order of Loki, the platform, an Alertmanager, a collector and a mixin with log rules', () => {
    const parts: Part[] = [
      loki({ replicas: 2, objectStorage: { bucket: 'acme-loki' }, collector: { source: 'files' } }),
      objectStoragePlatform('gke', 'gcs'),
      alertReceiver(),
      logCollector(),
      appLogsMixin,
    ];
    const orders = permutations(parts);
    expect(orders).toHaveLength(120);
    const first = output(orders[0]!);
    // The scenario exercises what depends on other parts: the bucket, the ruler's Alertmanager, the rules.
    expect(first.files['loki-config.yaml']).toContain('bucket_name: acme-loki');
    expect(first.files['loki-config.yaml']).toContain(
      'alertmanager_url: http://alert-receiver.monitoring.svc:9093',
    );
    expect(first.files['loki-rules.yaml']).toContain('AppErrorsInLogs');
    for (const order of orders.slice(1)) expect(output(order)).toEqual(first);
  });
});
