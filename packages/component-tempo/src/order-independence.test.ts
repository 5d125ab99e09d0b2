import { createStack, type Part, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { tempo } from './index.js';
import { collector, logsDatasource, metricsStore, objectStoragePlatform } from './test-helpers.js';

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
  test('every order of Tempo, the platform, a metrics store, a collector and the logs datasource', () => {
    const parts: Part[] = [
      tempo({ objectStorage: { bucket: 'acme-tempo' } }),
      objectStoragePlatform('gke', 'gcs'),
      metricsStore(),
      collector(),
      logsDatasource,
    ];
    const orders = permutations(parts);
    expect(orders).toHaveLength(120);
    const first = output(orders[0]!);
    // The scenario exercises what depends on other parts: the bucket, the remote write, the links.
    expect(first.files['tempo-config.yaml']).toContain('bucket_name: acme-tempo');
    expect(first.files['tempo-config.yaml']).toContain(
      'url: http://metrics-store.monitoring.svc:9090/api/v1/write',
    );
    expect(first.sections.datasources.tempo?.jsonData).toHaveProperty('tracesToLogsV2');
    expect(first.sections.datasources.tempo?.jsonData).toHaveProperty('serviceMap');
    for (const order of orders.slice(1)) expect(output(order)).toEqual(first);
  });

  test('the distributed mode: every order of Tempo with Kafka, the platform, a metrics store and a collector', () => {
    const parts: Part[] = [
      tempo({ kafka: { address: 'kafka.kafka.svc:9092' }, objectStorage: { bucket: 'acme-tempo' } }),
      objectStoragePlatform('gke', 'gcs'),
      metricsStore(),
      collector(),
    ];
    const orders = permutations(parts);
    const first = output(orders[0]!);
    // What depends on other parts: the bucket, the generator's client and its egress, the pipeline.
    expect(first.files['tempo-config.yaml']).toContain('bucket_name: acme-tempo');
    expect(first.files['tempo-metricsGeneratorNetworkPolicy.yaml']).toContain('metrics-store');
    expect(first.sections.collectorPipelines.traces).toMatchObject({
      otlpEndpoint: 'tempo-distributor.monitoring.svc:4317',
    });
    for (const order of orders.slice(1)) expect(output(order)).toEqual(first);
  });
});
