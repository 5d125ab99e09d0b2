import { createStack, type Part, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { pyroscope } from './index.js';
import { collector, objectStoragePlatform, scraperAndGrafana } from './test-helpers.js';

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
  test('every order of Pyroscope, the platform, a collector and the scraper and Grafana', () => {
    const parts: Part[] = [
      pyroscope({ objectStorage: { bucket: 'acme-profiles' }, collector: { ebpf: true } }),
      objectStoragePlatform('gke', 'gcs'),
      collector(),
      scraperAndGrafana,
    ];
    const orders = permutations(parts);
    expect(orders).toHaveLength(24);
    const first = output(orders[0]!);
    // The scenario exercises what depends on other parts: the bucket, the pipeline, the clients.
    expect(first.files['pyroscope-config.yaml']).toContain('bucket_name: acme-profiles');
    expect(first.sections.collectorPipelines.profiles).toMatchObject({ scrape: true, ebpf: true });
    expect(first.sections.notices['pyroscope-no-collector']).toBeUndefined();
    expect(first.files['pyroscope-networkPolicy.yaml']).toContain('app.kubernetes.io/name: collector');
    expect(first.files['pyroscope-networkPolicy.yaml']).toContain('app.kubernetes.io/name: grafana');
    for (const order of orders.slice(1)) expect(output(order)).toEqual(first);
  });
});
