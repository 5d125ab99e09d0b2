import {
  alertsOf,
  createStack,
  type Part,
  parseYamlDocuments,
  render,
  renderMixins,
  validateStack,
} from '@mixstack/core';
import { promtoolCheckRules } from '@mixstack/testing';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { mixinFromDir } from './index.js';
import { APP_MIXIN_DIR, expectGoldenFolder, readFolder } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: YAML read back for assertions
const parse = (text: string): any => parseYamlDocuments(text)[0]?.value;
const inputs = { 'mixin-app': readFolder(APP_MIXIN_DIR) };
const small = () =>
  prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false });
const stackWith = (...parts: Part[]) =>
  createStack({}, [small(), grafana(), mixinFromDir({ name: 'app', dir: 'mixins/app' }), ...parts]);

describe('mixinFromDir() adds a folder in the generated layout as a mixin like any other', () => {
  const result = render(stackWith(), { inputs });

  test('its alerts and recording rules are the stack mixin "app", titled from its name', () => {
    const app = result.sections.mixins.app!;
    expect(app.title).toBe('App');
    expect(alertsOf(app).map(({ group, rule }) => [group, rule.alert, rule.labels?.severity])).toEqual([
      ['app-alerts', 'AppDown', 'critical'],
      ['app-alerts', 'AppHighErrorRate', 'warning'],
      ['app-alerts', 'AppHighErrorRate', 'critical'],
    ]);
    expect(app.prometheusRules?.groups.map((g) => [g.name, g.interval, g.rules.length])).toEqual([
      ['app.rules', '1m', 2],
    ]);
    expect(result.summary.mixins).toContain('app');
  });

  test('Prometheus loads them (promtool check rules), Grafana shows its dashboard in a folder "App"', () => {
    const rule = result.objects.find((o) => o.address === 'prometheusRules/app');
    const check = promtoolCheckRules({
      'app.yaml': (rule!.object as unknown as { spec: { groups: unknown[] } }).spec,
    });
    expect(check.code, check.output).toBe(0);
    const providers = parse(result.files.get('grafana-dashboardProviders.yaml')!).data['providers.yaml'];
    expect(parse(providers).providers).toContainEqual(
      expect.objectContaining({ folder: 'App', folderUid: 'app', name: 'app' }),
    );
    const dashboard = parse(result.files.get('grafana-dashboardAppAppOverview.yaml')!);
    expect(JSON.parse(dashboard.data['app-overview.json'])).toMatchObject({
      uid: 'app-overview',
      title: 'App / Overview',
    });
  });

  test('golden files: its PrometheusRule, its dashboard and the dashboard providers of Grafana', () => {
    const files = [
      'prometheusRules-app.yaml',
      'grafana-dashboardAppAppOverview.yaml',
      'grafana-dashboardProviders.yaml',
    ];
    expectGoldenFolder('app', Object.fromEntries(files.map((file) => [file, result.files.get(file)!])));
  });

  test('exported again (renderMixins), it is the same content', () => {
    const exported = renderMixins(stackWith(), { inputs });
    for (const file of ['prometheus_alerts.yaml', 'prometheus_rules.yaml'])
      expect(parse(exported.get(`app/${file}`)!), file).toEqual(parse(inputs['mixin-app'].get(file)!));
    expect(JSON.parse(exported.get('app/dashboards_out/app-overview.json')!)).toEqual(
      JSON.parse(inputs['mixin-app'].get('dashboards_out/app-overview.json')!),
    );
  });

  test('without its folder, the stack names the missing input and the folder it reads', () => {
    const problems = validateStack(stackWith());
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual([
      ['NOT_FOUND', 'inputs.mixin-app', 'mixins/app'],
    ]);
    expect(problems[0]!.hint).toContain('mixins/app');
  });

  test('the title can be set, and two folders are two mixins', () => {
    const stack = createStack({}, [
      small(),
      grafana(),
      mixinFromDir({ name: 'app', dir: 'a', title: 'Checkout' }),
      mixinFromDir({ name: 'app-copy', dir: 'b' }),
    ]);
    const copy = readFolder(APP_MIXIN_DIR);
    copy.set(
      'dashboards_out/app-overview.json',
      copy.get('dashboards_out/app-overview.json')!.replace('"app-overview"', '"app-copy-overview"'),
    );
    const rendered = render(stack, { inputs: { 'mixin-app': inputs['mixin-app'], 'mixin-app-copy': copy } });
    expect(rendered.sections.mixins.app!.title).toBe('Checkout');
    expect(rendered.sections.mixins['app-copy']!.title).toBe('App Copy');
    expect(rendered.summary.dashboards).toBeGreaterThanOrEqual(2);
  });
});
