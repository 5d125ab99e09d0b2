import { alertsOf, createStack, type Part, recordingRulesOf, render, validateStack } from '@mixstack/core';
import { explainModel, grafana, loki, prometheus, tempo } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { slo } from './index.js';
import { FROM_TRACES, HTTP_API, LATENCY } from './test-helpers.js';

const metrics = () =>
  prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false });
const sectionsOf = (...parts: Part[]) => render(createStack({}, parts)).sections;

describe('slo() in a stack', () => {
  test('adds the mixin slo-<name>: its records and its four alerts', () => {
    const mixin = sectionsOf(metrics(), grafana(), slo(HTTP_API)).mixins['slo-checkout-availability']!;
    expect(mixin.title).toBe('SLO checkout-availability');
    expect(alertsOf(mixin).map(({ rule }) => [rule.alert, rule.labels?.severity, rule.labels?.long])).toEqual(
      [
        ['SLOErrorBudgetBurn', 'critical', '1h'],
        ['SLOErrorBudgetBurn', 'critical', '6h'],
        ['SLOErrorBudgetBurn', 'warning', '1d'],
        ['SLOErrorBudgetBurn', 'warning', '3d'],
      ],
    );
    expect(recordingRulesOf(mixin).map(({ rule }) => rule.record)).toContain(
      'slo:period_error_budget_remaining:ratio',
    );
    expect(mixin.grafanaDashboards).toBeUndefined();
  });

  test('every SLO has a row in the one dashboard "SLOs", in the order of their names', () => {
    const result = render(createStack({}, [metrics(), grafana(), slo(LATENCY), slo(HTTP_API)]));
    const mixin = result.sections.mixins.slo!;
    expect(mixin.title).toBe('SLOs');
    const dashboard = mixin.grafanaDashboards!['slos.json']!;
    expect([dashboard.title, dashboard.uid]).toEqual(['SLOs', 'mixstack-slos']);
    const panels = dashboard.panels as { id: number; type: string; title: string; gridPos: { y: number } }[];
    expect(panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual([
      'checkout-availability (checkout, 99.9% over 30d)',
      'checkout-latency (checkout, 99% over 4w)',
    ]);
    // Ids in reading order, and no two panels on one spot.
    expect(panels.map((p) => p.id)).toEqual(panels.map((_, i) => i + 1));
    const ys = panels.map((p) => p.gridPos.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(panels.filter((p) => p.title === 'Error budget remaining')).toHaveLength(2);
    // Grafana provisions it in its folder.
    expect([...result.files.keys()].some((path) => /dashboard.*slos/i.test(path))).toBe(true);
  });

  test('every record and alert carries slo and service; alerts carry the team', () => {
    const mixin = sectionsOf(metrics(), slo(HTTP_API)).mixins['slo-checkout-availability']!;
    const rules = [...alertsOf(mixin), ...recordingRulesOf(mixin)].map(({ rule }) => rule);
    expect(rules.length).toBeGreaterThan(4);
    for (const rule of rules)
      expect(rule.labels).toMatchObject({ slo: 'checkout-availability', service: 'checkout' });
    for (const { rule } of alertsOf(mixin)) expect(rule.labels?.team).toBe('payments');
  });

  test('its rules reach Prometheus as a PrometheusRule, like any mixin', () => {
    const result = render(createStack({}, [metrics(), slo(HTTP_API)]));
    const files = [...result.files.keys()].filter((path) => path.startsWith('prometheusRules-'));
    const content = files.map((path) => result.files.get(path)!).join('\n');
    expect(content).toContain('alert: SLOErrorBudgetBurn');
    expect(content).toContain('record: slo:sli_error:ratio_rate5m');
  });

  test('two SLOs are two mixins; the same name twice is refused, naming the mixin', () => {
    const mixins = sectionsOf(metrics(), slo(HTTP_API), slo(LATENCY)).mixins;
    expect(
      Object.keys(mixins)
        .filter((name) => name.startsWith('slo'))
        .sort(),
    ).toEqual(['slo', 'slo-checkout-availability', 'slo-checkout-latency']);
    expect(() => createStack({}, [slo(HTTP_API), slo({ ...LATENCY, name: HTTP_API.name })])).toThrow(
      /slo-checkout-availability/,
    );
  });

  test('a span-metrics SLI without Tempo is a build problem that says to add Tempo', () => {
    const problems = validateStack(createStack({}, [metrics(), slo(FROM_TRACES)]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'slo/cart-requests', 'sli'],
    ]);
    expect(problems[0]!.hint).toContain('tempo()');
  });

  test('a span-metrics SLI with Tempo builds, over the server spans of the service', () => {
    const mixin = sectionsOf(metrics(), tempo(), slo(FROM_TRACES)).mixins['slo-cart-requests']!;
    const [first] = recordingRulesOf(mixin);
    expect(first!.rule.expr).toContain(
      'traces_spanmetrics_calls_total{service="cart", span_kind="SPAN_KIND_SERVER"',
    );
  });

  test('the dashboard links to the traces and logs of the service exactly when Tempo and Loki are there', () => {
    const linkTitles = (...parts: Part[]) => {
      const dashboard = sectionsOf(metrics(), grafana(), slo(HTTP_API), ...parts).mixins.slo!
        .grafanaDashboards!['slos.json']!;
      type Link = { title: string; url: string };
      type Panel = {
        title: string;
        fieldConfig?: { overrides?: { properties: { id: string; value: unknown }[] }[] };
      };
      const panels = dashboard.panels as Panel[];
      // On the series of the first query (the 5m ratio), as kit sets data links.
      const links = (panels.find((p) => p.title === 'Error ratio')!.fieldConfig?.overrides ?? [])
        .flatMap((override) => override.properties)
        .filter((property) => property.id === 'links')
        .flatMap((property) => property.value as Link[]);
      for (const link of links) expect(link.url).toMatch(/^\/explore\?schemaVersion=1&orgId=1&panes=/);
      return links.map((link) => link.title);
    };
    expect(linkTitles()).toEqual([]);
    expect(linkTitles(tempo())).toEqual(['Traces of checkout (Tempo)']);
    expect(linkTitles(tempo(), loki())).toEqual(['Traces of checkout (Tempo)', 'Logs of checkout (Loki)']);
  });

  test('in a multi-cluster stack the ratios are summed by cluster', () => {
    const mixin = render(createStack({ multiCluster: true }, [metrics(), slo(HTTP_API)])).sections.mixins[
      'slo-checkout-availability'
    ]!;
    for (const { rule } of recordingRulesOf(mixin).slice(0, 7))
      expect(rule.expr).toContain('sum by (cluster) (rate(');
  });

  test('mixstack explain shows the SLO alerts per severity, and the "SLOs" folder', () => {
    const model = explainModel(render(createStack({}, [metrics(), grafana(), slo(HTTP_API)])));
    const groups = model.alerts.filter((group) => group.mixin === 'slo-checkout-availability');
    expect(
      groups.map((group) => [group.severity, group.alerts.map((alert) => [alert.name, alert.for])]),
    ).toEqual([
      [
        'critical',
        [
          ['SLOErrorBudgetBurn', '2m'],
          ['SLOErrorBudgetBurn', '15m'],
        ],
      ],
      [
        'warning',
        [
          ['SLOErrorBudgetBurn', '1h'],
          ['SLOErrorBudgetBurn', '3h'],
        ],
      ],
    ]);
    expect(JSON.stringify(model.folders)).toContain('"SLOs"');
  });
});
