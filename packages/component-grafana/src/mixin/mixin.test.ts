import { join } from 'node:path';
import {
  alertsOf,
  createStack,
  dashboardExpressions,
  recordingRulesOf,
  renderMixins,
  substituteGrafanaVariables,
} from '@mixstack/core';
import { promtoolTests } from '@mixstack/kit';
import { describeRunbooks, promtoolSuite, repositoryRoot, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { grafana } from '../grafana.js';
import { expectGolden, grafanaVar, type Json, run, withFiles } from '../test-helpers.js';
import { grafanaAlertCases } from './alerts.cases.js';
import { grafanaOverviewDashboard, OVERVIEW_FILE } from './dashboard.js';
import { grafanaMixin } from './mixin.js';
import { grafanaAlerts, grafanaRecordingRules, REQUEST_RATE_RECORD } from './rules.js';

// The monorepo, or this package's folder when it is a repository of its own (npm run test:release).
const _REPO_ROOT = repositoryRoot();

/** The mixin as `mixstack mixins` exports it: what Prometheus and promtool load. */
const exported = () => renderMixins(createStack({}, [grafana()]));

describe('the grafana mixin', () => {
  test('is exported in the monitoring-mixins layout', () => {
    expect([...exported().keys()]).toEqual([
      'grafana/prometheus_alerts.yaml',
      'grafana/prometheus_rules.yaml',
      `grafana/dashboards_out/${OVERVIEW_FILE}`,
    ]);
  });

  test('promtool check rules accepts its rule files', () => {
    const files = new Map([...exported()].filter(([path]) => path.endsWith('.yaml')));
    const { status, output } = withFiles(files, (dir) =>
      run('promtool', ['check', 'rules', ...[...files.keys()].map((f) => join(dir, f))]),
    );
    expect(output).toContain('SUCCESS: 1 rules found');
    expect(status, output).toBe(0);
  });

  test('its one alert is GrafanaRequestsFailing', () => {
    expect(alertsOf(grafanaMixin()).map((a) => a.rule.alert)).toEqual(['GrafanaRequestsFailing']);
  });

  test('the recording rule keeps the cluster, in one cluster as in a multi-cluster store (the dashboard selects it by cluster)', () => {
    const rules = (multiCluster: boolean) =>
      renderMixins(createStack({ multiCluster }, [grafana()])).get('grafana/prometheus_rules.yaml');
    expect(rules(true)).toBe(rules(false));
    expect(recordingRulesOf(grafanaMixin())[0]!.rule.expr).toMatch(/^sum by \(cluster, namespace, job, /);
  });

  test('the alert reads the recording rule of the mixin', () => {
    const mixin = grafanaMixin();
    expect(recordingRulesOf(mixin).map((r) => r.rule.record)).toEqual([REQUEST_RATE_RECORD]);
    expect(alertsOf(mixin)[0]!.rule.expr).toContain(REQUEST_RATE_RECORD);
  });
});

describeRunbooks({ mixins: { grafana: grafanaMixin() }, packageName: '@mixstack/component-grafana' });

describe('promtool test rules', () => {
  const rules = { groups: [...grafanaRecordingRules(), ...grafanaAlerts()] };

  test('GrafanaRequestsFailing fires when it should and stays silent when it should not', () => {
    const suite = promtoolSuite(rules, promtoolTests(grafanaAlertCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('the cases can fail: a wrong expectation is reported', () => {
    const [silent] = grafanaAlertCases.GrafanaRequestsFailing!;
    const firing = grafanaAlertCases.GrafanaRequestsFailing![1]!;
    const wrong = { GrafanaRequestsFailing: [{ ...silent!, fires: firing.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: GrafanaRequestsFailing');
  });
});

describe('the overview dashboard', () => {
  const dashboard = grafanaOverviewDashboard() as Json;
  const panels = dashboard.panels as Json[];

  test('every panel has a title, a description and a unit', () => {
    expect(panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of panels) {
      expect(panel.title, JSON.stringify(panel.gridPos)).toBeTruthy();
      expect(panel.description, panel.title).toMatch(/\S/);
      expect(panel.fieldConfig?.defaults?.unit, panel.title).toMatch(/\S/);
    }
  });

  test('panels and queries use the datasource variable; the variables chain datasource → cluster → namespace → job', () => {
    const variables = dashboard.templating.list as Json[];
    expect(variables.map((v) => [v.name, v.type])).toEqual([
      ['datasource', 'datasource'],
      ['cluster', 'query'],
      ['namespace', 'query'],
      ['job', 'query'],
    ]);
    expect(variables[0]!.query).toBe('prometheus');
    for (const panel of panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: grafanaVar('datasource') });
      for (const target of panel.targets) {
        expect(target.datasource).toEqual({ type: 'prometheus', uid: grafanaVar('datasource') });
        expect(target.expr).toContain('cluster=~"$cluster", namespace="$namespace", job="$job"');
      }
    }
  });

  test('panels do not overlap on the grid', () => {
    const cells = new Set<string>();
    for (const { gridPos } of panels) {
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++)
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  test('latency panels request exemplars', () => {
    const latency = panels.filter((p) => p.fieldConfig.defaults.unit === 's');
    expect(latency.length).toBe(2);
    for (const panel of latency) expect(panel.targets.every((t: Json) => t.exemplar === true)).toBe(true);
  });

  test('request rates come from the recording rule, not recomputed', () => {
    const exprs = panels.flatMap((p) => p.targets.map((t: Json) => t.expr as string));
    expect(exprs.filter((e) => e.includes('rate(grafana_http_request_duration_seconds_count'))).toEqual([]);
    expect(exprs.filter((e) => e.includes(REQUEST_RATE_RECORD)).length).toBeGreaterThanOrEqual(4);
  });

  test('every query is PromQL that Prometheus 2.42 (promtool) parses, with the variables filled in', () => {
    const expressions = dashboardExpressions(dashboard as never).map((e) =>
      substituteGrafanaVariables(e.expression)
        .replaceAll('$cluster', '.*')
        .replaceAll('$namespace', 'monitoring')
        .replaceAll('$job', 'grafana'),
    );
    expect(expressions.length).toBe(panels.length + 3);
    const rules = {
      groups: [
        {
          name: 'dashboard',
          rules: expressions.map((expr, i) => ({ record: `dashboard:query:${i}`, expr })),
        },
      ],
    };
    const { status, output } = withFiles(new Map([['queries.yaml', stringify(rules)]]), (dir) =>
      run('promtool', ['check', 'rules', join(dir, 'queries.yaml')]),
    );
    expect(status, output).toBe(0);
  });

  test('is built fresh for every call', () => {
    const a = grafanaOverviewDashboard();
    const b = grafanaOverviewDashboard();
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.panels).not.toBe(b.panels);
  });

  test('matches its golden JSON', () => {
    expectGolden(`dashboards/${OVERVIEW_FILE}`, exported().get(`grafana/dashboards_out/${OVERVIEW_FILE}`)!);
  });
});
