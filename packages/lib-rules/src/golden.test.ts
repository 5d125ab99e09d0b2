import { createStack, render, renderMixins } from '@mixstack/core';
import { promtoolCheckRules } from '@mixstack/testing';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import {
  dropAlerts,
  dropDashboards,
  dropRuleGroups,
  imageRegistry,
  patchAlert,
  setResources,
} from './index.js';
import { expectGoldenFolder, testMixins } from './test-helpers.js';

/**
 * Golden files (real YAML and JSON, reviewed in diffs) of a stack with every lib part: the test
 * mixins as exported after the edits, their PrometheusRule, and the workloads whose resources
 * and images changed. Regenerate with `UPDATE_GOLDEN=1 npx vitest run`.
 */
describe('golden files: every lib part', () => {
  test('match the render', () => {
    const stack = createStack({}, [
      prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false }),
      grafana(),
      testMixins(),
      dropAlerts(['TestAppDiskFull', 'other-app/TestAppDown']),
      patchAlert('TestAppSlow', {
        severity: 'info',
        for: '30m',
        labels: { team: 'web' },
        annotations: { runbook_url: 'https://runbooks.example.com/TestAppSlow.md' },
      }),
      dropRuleGroups(['test-app.rules']),
      dropDashboards(['Test App / Capacity']),
      setResources('prometheus', 'prometheus', {
        requests: { cpu: '1', memory: '4Gi' },
        limits: { memory: '8Gi' },
      }),
      setResources('prometheusOperator', 'kube-rbac-proxy', { limits: { memory: '64Mi' } }),
      setResources('grafana', 'grafana', { limits: { memory: '1Gi' } }),
      imageRegistry('registry.example.com/mirror'),
    ]);
    const result = render(stack);
    const files: Record<string, string> = {};
    for (const [path, content] of renderMixins(stack))
      if (path.startsWith('test-app/') || path.startsWith('other-app/')) files[`mixins/${path}`] = content;
    for (const path of [
      'prometheusRules-testApp.yaml',
      'prometheus-prometheus.yaml',
      'prometheusOperator-deployment.yaml',
      'grafana-deployment.yaml',
    ])
      files[path] = result.files.get(path)!;
    for (const [path, content] of Object.entries(files)) expect(content, path).toBeDefined();
    expectGoldenFolder('all-parts', files);
    // The edited rules, as Prometheus 2.42's promtool reads them.
    const rules = result.objects.filter((o) => o.component === 'prometheusRules');
    const check = promtoolCheckRules(
      Object.fromEntries(
        rules.map((o) => [`${o.key}.yaml`, (o.object as unknown as { spec: { groups: unknown[] } }).spec]),
      ),
    );
    expect(check.code, check.output).toBe(0);
    expect(Object.keys(files).sort()).toEqual([
      'grafana-deployment.yaml',
      'mixins/other-app/dashboards_out/overview.json',
      'mixins/test-app/dashboards_out/overview.json',
      'mixins/test-app/prometheus_alerts.yaml',
      'prometheus-prometheus.yaml',
      'prometheusOperator-deployment.yaml',
      'prometheusRules-testApp.yaml',
    ]);
  });
});
