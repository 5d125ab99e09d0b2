import { createStack, type Part, render, renderMixins } from '@mixstack/core';
import { grafana, loki, prometheus, tempo } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { slo } from './index.js';
import { FROM_TRACES, HTTP_API, LATENCY, permutations } from './test-helpers.js';

const metrics = () =>
  prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false });

describe('the order of the parts does not change the output', () => {
  test('SLOs before or after the components they need, in any order among themselves', () => {
    const parts = (): Part[] => [metrics(), tempo(), loki(), slo(HTTP_API), slo(LATENCY), slo(FROM_TRACES)];
    const reference = render(createStack({}, parts()));
    // The SLO from traces needs Tempo, and its dashboard links to Loki: whether they come first or last.
    const orders = [
      ...permutations([0, 3, 4, 5]).map((order) => [...order, 1, 2]),
      [5, 4, 3, 2, 1, 0],
      [3, 1, 5, 2, 4, 0],
    ];
    for (const order of orders) {
      const all = parts();
      const result = render(
        createStack(
          {},
          order.map((i) => all[i]!),
        ),
      );
      expect([...result.files.entries()], order.join(',')).toEqual([...reference.files.entries()]);
    }
  });

  test('the exported mixins are the same whichever order', () => {
    const a = [
      ...renderMixins(createStack({}, [grafana(), slo(HTTP_API), slo(LATENCY), metrics()])).entries(),
    ];
    const b = [
      ...renderMixins(createStack({}, [metrics(), slo(LATENCY), grafana(), slo(HTTP_API)])).entries(),
    ];
    expect(b).toEqual(a);
    expect(
      a
        .map(([path]) => path)
        .filter((path) => path.startsWith('slo'))
        .sort(),
    ).toEqual([
      'slo-checkout-availability/prometheus_alerts.yaml',
      'slo-checkout-availability/prometheus_rules.yaml',
      'slo-checkout-latency/prometheus_alerts.yaml',
      'slo-checkout-latency/prometheus_rules.yaml',
      'slo/dashboards_out/slos.json',
    ]);
  });
});
