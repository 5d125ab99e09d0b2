import {
  addMixin,
  alertsOf,
  createStack,
  dashboardExpressions,
  type Part,
  renderMixins,
  substituteGrafanaVariables,
} from '@mixstack/core';
import { DATASOURCE, promtoolTests } from '@mixstack/kit';
import { describeRunbooks, promtoolCheckRules, promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { alloyAlertCases } from './alerts.cases.js';
import { alloyAlerts } from './alerts.js';
import { alloyDashboard, DASHBOARD_FILE } from './dashboard.js';
import { alloyMixin, MIXIN_NAME } from './mixin.js';

const PACKAGE = '@mixstack/component-alloy';

/**
 * The mixin in a stack, as the component adds it (the component itself is another file's
 * business): `mixstack mixins` exports it, Prometheus and promtool load it.
 */
const withMixin: Part = (stack) => addMixin(stack, PACKAGE, MIXIN_NAME, () => alloyMixin());
const exported = () => renderMixins(createStack({}, [withMixin]));
const ALERTS_FILE = `${MIXIN_NAME}/prometheus_alerts.yaml`;

// biome-ignore lint/suspicious/noExplicitAny: the dashboard is JSON
type Json = any;

describe('the alloy mixin', () => {
  test('is exported in the monitoring-mixins layout: its alerts and its dashboard', () => {
    expect([...exported().keys()]).toEqual([ALERTS_FILE, `${MIXIN_NAME}/dashboards_out/${DASHBOARD_FILE}`]);
  });

  test('promtool check rules accepts its rule file', () => {
    const rules = parse(exported().get(ALERTS_FILE)!);
    const { code, output } = promtoolCheckRules({ 'alloy.yaml': rules });
    expect(code, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${alertsOf(alloyMixin()).length} rules found`);
  });

  // Severities, texts and runbooks: describeRunbooks below.
  test('every alert is named Alloy…, and its summary has no template', () => {
    for (const { rule } of alertsOf(alloyMixin())) {
      expect(rule.alert).toMatch(/^Alloy[A-Z]\w+$/);
      expect(rule.annotations?.summary).not.toContain('{{');
    }
  });
});

describe('promtool test rules', () => {
  const rules = () => parse(exported().get(ALERTS_FILE)!);

  test('every alert has a case where it fires and one where it stays silent', () => {
    const alerts = alertsOf(alloyMixin()).map(({ rule }) => rule.alert);
    expect(Object.keys(alloyAlertCases)).toEqual(alerts);
    for (const [alert, cases] of Object.entries(alloyAlertCases)) {
      expect(
        cases.some((c) => c.fires.length > 0),
        alert,
      ).toBe(true);
      expect(
        cases.some((c) => c.fires.length === 0),
        alert,
      ).toBe(true);
    }
  });

  test('every alert fires when it should and stays silent when it should not', () => {
    const suite = promtoolSuite(rules(), promtoolTests(alloyAlertCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('the cases can fail: a silent case expected to fire is reported', () => {
    const [firing] = alloyAlertCases.AlloyLogWritesFailing!;
    const silent = alloyAlertCases.AlloyLogWritesFailing![2]!;
    const wrong = { AlloyLogWritesFailing: [{ ...silent, fires: firing!.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules(), promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: AlloyLogWritesFailing');
  });
});

describeRunbooks({ mixins: { [MIXIN_NAME]: alloyMixin() }, packageName: PACKAGE });

describe('the Collector / Health dashboard', () => {
  const dashboard = alloyDashboard() as Json;
  const panels = dashboard.panels as Json[];

  test('every panel has a title, a description and a unit, and reads the datasource variable', () => {
    expect(panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of panels) {
      expect(panel.title, JSON.stringify(panel.gridPos)).toMatch(/\S/);
      expect(panel.description, panel.title).toMatch(/\S/);
      expect(panel.fieldConfig?.defaults?.unit, panel.title).toMatch(/\S/);
      expect(panel.datasource).toEqual(DATASOURCE);
      for (const target of panel.targets)
        expect(target.expr, panel.title).toContain('namespace="$namespace"');
    }
  });

  test('shows what the brief of a collector asks: pods per node, components, entries, latency, resources', () => {
    const exprs = panels.flatMap((p) => p.targets.map((t: Json) => t.expr as string)).join('\n');
    for (const metric of [
      'up{',
      'kube_pod_info{',
      'alloy_component_controller_running_components{',
      'alloy_config_last_load_successful{',
      'loki_write_sent_entries_total{',
      'loki_write_dropped_entries_total{',
      'loki_write_request_duration_seconds_bucket{',
      'alloy_resources_process_cpu_seconds_total{',
      'alloy_resources_process_resident_memory_bytes{',
    ])
      expect(exprs).toContain(metric);
  });

  test('panels do not overlap on the grid', () => {
    const cells = new Set<string>();
    for (const { gridPos, title } of panels) {
      expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++)
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), title).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  test('every query is PromQL that promtool parses, with the variables filled in', () => {
    const expressions = dashboardExpressions(dashboard).map((e) =>
      substituteGrafanaVariables(e.expression)
        .replaceAll('$cluster', '.*')
        .replaceAll('$namespace', 'monitoring'),
    );
    expect(expressions.length).toBeGreaterThan(panels.length);
    const { code, output } = promtoolCheckRules({
      'queries.yaml': {
        groups: [
          {
            name: 'dashboard',
            rules: expressions.map((expr, i) => ({ record: `dashboard:query:${i}`, expr })),
          },
        ],
      },
    });
    expect(code, output).toBe(0);
  });

  test('is built fresh for every call', () => {
    const a = alloyDashboard();
    const b = alloyDashboard();
    expect(a).toEqual(b);
    expect(a.panels).not.toBe(b.panels);
  });

  test('is the one dashboard of the mixin, and the alerts are the ones it exports', () => {
    const mixin = alloyMixin();
    expect(Object.keys(mixin.grafanaDashboards ?? {})).toEqual([DASHBOARD_FILE]);
    expect(mixin.prometheusAlerts?.groups).toEqual(alloyAlerts());
  });
});
