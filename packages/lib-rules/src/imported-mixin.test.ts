import { createStack, render, validateStack } from '@mixstack/core';
import { grafana, mixinFromDir, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { dropAlerts, dropDashboards, patchAlert } from './index.js';

/** An upstream mixin's folder in the generated layout, as `mixstack mixin import` writes it (file → text). */
const folder = new Map([
  [
    'prometheus_alerts.yaml',
    `groups:
  - name: upstream-alerts
    rules:
      - alert: UpstreamDown
        expr: up{job="upstream"} == 0
        for: 5m
        labels: { severity: critical }
      - alert: UpstreamSlow
        expr: histogram_quantile(0.99, sum by (le) (rate(upstream_duration_seconds_bucket[5m]))) > 1
        for: 10m
        labels: { severity: warning }
`,
  ],
  ['dashboards_out/upstream.json', JSON.stringify({ uid: 'upstream', title: 'Upstream', panels: [] })],
]);

describe('lib-rules edits an upstream mixin added with mixinFromDir like any other', () => {
  test('drops and patches its alerts (by name and as <mixin>/<alert>) and drops its dashboards', () => {
    const stack = createStack({}, [
      prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false }),
      grafana(),
      mixinFromDir({ name: 'upstream', dir: 'mixins/upstream' }),
      dropAlerts(['upstream/UpstreamDown']),
      patchAlert('UpstreamSlow', { severity: 'critical', for: '15m', labels: { team: 'platform' } }),
      dropDashboards(['upstream/upstream.json']),
    ]);
    const result = render(stack, { inputs: { 'mixin-upstream': folder } });
    const rules = result.files.get('prometheusRules-upstream.yaml')!;
    expect(rules).not.toContain('UpstreamDown');
    expect(rules).toContain('alert: UpstreamSlow');
    expect(rules).toContain('for: 15m');
    expect(rules).toContain('team: platform');
    expect(result.summary.alerts.bySeverity).toMatchObject({ critical: expect.any(Number) });
    expect([...result.files.keys()].filter((path) => path.includes('dashboardUpstream'))).toEqual([]);
  });

  test('a name that matches nothing in it is still a problem', () => {
    const stack = createStack({}, [
      mixinFromDir({ name: 'upstream', dir: 'mixins/upstream' }),
      dropAlerts(['UpstreamDwn']),
    ]);
    const problems = validateStack(stack, { inputs: { 'mixin-upstream': folder } });
    expect(problems.map((p) => [p.code, p.address])).toEqual([['NOT_FOUND', 'lib-rules/dropAlerts']]);
    expect(problems[0]!.hint).toContain('UpstreamDown');
  });
});
