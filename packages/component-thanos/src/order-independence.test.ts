import { createStack, type Part, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { thanos } from './index.js';
import { gkeLike, grafanaClient, prometheusStandIn } from './test-helpers.js';

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
  test('every order of Thanos, Prometheus, Grafana and the platform that grants the bucket', () => {
    const parts: Part[] = [
      thanos({ objectStorage: { bucket: 'acme-thanos' } }),
      prometheusStandIn(),
      grafanaClient,
      gkeLike('thanos@acme.iam.gserviceaccount.com'),
    ];
    const orders = permutations(parts);
    expect(orders).toHaveLength(24);
    const first = output(orders[0]!);
    // The scenario exercises what depends on other parts: the bucket from the platform, its
    // grants, Grafana and the scraper in the policies, the sidecars in Query's endpoints.
    expect(first.files['thanos-objstoreSecret.yaml']).toContain('type: GCS');
    expect(first.files['thanos-storeServiceAccount.yaml']).toContain('iam.gke.io/gcp-service-account');
    expect(first.files['thanos-queryNetworkPolicy.yaml']).toContain('app.kubernetes.io/name: grafana');
    expect(first.files['thanos-queryDeployment.yaml']).toContain('thanos-sidecar.monitoring.svc');
    for (const order of orders.slice(1)) expect(output(order)).toEqual(first);
  });
});
