import { createStack, render, renderMixins } from '@mixstack/core';
import { promtoolCheckRules } from '@mixstack/testing';
import { grafana, loki, prometheus, tempo } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { slo } from './index.js';
import { EXAMPLES, expectGoldenFolder } from './test-helpers.js';

/**
 * Golden files (real YAML and JSON, reviewed in diffs) of the three example SLOs in a stack
 * with Prometheus, Grafana, Tempo and Loki: each SLO's mixin as `mixstack mixins` exports it,
 * the "SLOs" dashboard, and the PrometheusRules. Regenerate with `UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts`.
 */
describe('golden files: the example SLOs', () => {
  test('match the render, and promtool accepts the rules', () => {
    const stack = createStack({}, [
      prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false }),
      grafana(),
      tempo(),
      loki(),
      ...EXAMPLES.map((spec) => slo(spec)),
    ]);
    const result = render(stack);
    const files: Record<string, string> = {};
    for (const [path, content] of renderMixins(stack))
      if (path.startsWith('slo')) files[`mixins/${path}`] = content;
    const rules = result.objects.filter((o) => o.component === 'prometheusRules' && o.key.startsWith('slo'));
    for (const object of rules) files[object.path] = result.files.get(object.path)!;
    expect(Object.keys(files).sort()).toEqual([
      'mixins/slo-cart-requests/prometheus_alerts.yaml',
      'mixins/slo-cart-requests/prometheus_rules.yaml',
      'mixins/slo-checkout-availability/prometheus_alerts.yaml',
      'mixins/slo-checkout-availability/prometheus_rules.yaml',
      'mixins/slo-checkout-latency/prometheus_alerts.yaml',
      'mixins/slo-checkout-latency/prometheus_rules.yaml',
      'mixins/slo/dashboards_out/slos.json',
      'prometheusRules-sloCartRequests.yaml',
      'prometheusRules-sloCheckoutAvailability.yaml',
      'prometheusRules-sloCheckoutLatency.yaml',
    ]);
    expectGoldenFolder('examples', files);
    const check = promtoolCheckRules(
      Object.fromEntries(
        rules.map((o) => [`${o.key}.yaml`, (o.object as unknown as { spec: { groups: unknown[] } }).spec]),
      ),
    );
    expect(check.code, check.output).toBe(0);
  });
});
