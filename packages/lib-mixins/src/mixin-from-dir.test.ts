import {
  addPatch,
  alertsOf,
  createStack,
  definePart,
  type Part,
  parseYamlDocuments,
  render,
  renderMixins,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { mixinFromDir } from './index.js';
import { APP_MIXIN_DIR, readFolder, withFiles } from './test-helpers.js';

const parse = (text: string): unknown => parseYamlDocuments(text)[0]?.value;
const inputs = { 'mixin-app': readFolder(APP_MIXIN_DIR) };
const stackWith = (...parts: Part[]) =>
  createStack({}, [mixinFromDir({ name: 'app', dir: 'mixins/app' }), ...parts]);

/**
 * These tests hold the part to core's contracts alone (the lib imports no component). With
 * Prometheus and Grafana, lib-rules and the CLI: the mixstack package's tests
 * (mixin-from-dir.test.ts, mixin-round-trip.test.ts) and lib-rules' imported-mixin.test.ts.
 */
describe('mixinFromDir() adds a folder in the generated layout as a mixin like any other', () => {
  const result = render(stackWith(), { inputs });

  test('its alerts and recording rules are the mixin "app" of the stack, titled from its name', () => {
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
    expect(Object.keys(app.grafanaDashboards ?? {})).toEqual(['app-overview.json']);
  });

  test('the build summary counts it', () => {
    expect(result.summary.mixins).toEqual(['app']);
    expect(result.summary.alerts).toEqual({ total: 3, bySeverity: { critical: 2, warning: 1 } });
    expect(result.summary.recordingRules).toBe(2);
    expect(result.summary.dashboards).toBe(1);
  });

  test('patches of the mixins section (what lib-rules does) see it before any component builds', () => {
    const dropAppDown = definePart('drop AppDown', (stack) =>
      addPatch(stack, {
        id: 'drop-app-down',
        source: 'test',
        target: 'sections',
        apply: (sections) => {
          const app = sections.mixins.app!;
          const groups = app.prometheusAlerts!.groups.map((group) => ({
            ...group,
            rules: group.rules.filter((rule) => rule.alert !== 'AppDown'),
          }));
          return {
            ...sections,
            mixins: { ...sections.mixins, app: { ...app, prometheusAlerts: { groups } } },
          };
        },
      }),
    );
    const patched = render(stackWith(dropAppDown), { inputs });
    expect(alertsOf(patched.sections.mixins.app!).map(({ rule }) => rule.alert)).toEqual([
      'AppHighErrorRate',
      'AppHighErrorRate',
    ]);
  });

  test('exported again (renderMixins), it is the same content', () => {
    const exported = renderMixins(stackWith(), { inputs });
    for (const file of ['prometheus_alerts.yaml', 'prometheus_rules.yaml'])
      expect(parse(exported.get(`app/${file}`)!), file).toEqual(parse(inputs['mixin-app'].get(file)!));
    expect(JSON.parse(exported.get('app/dashboards_out/app-overview.json')!)).toEqual(
      JSON.parse(inputs['mixin-app'].get('dashboards_out/app-overview.json')!),
    );
  });

  test('its dashboards are validated with the stack: a query that does not parse is a problem', () => {
    const dashboard = inputs['mixin-app'].get('dashboards_out/app-overview.json')!;
    const broken = withFiles({
      'dashboards_out/app-overview.json': dashboard.replace(
        'job:app_requests:rate5m{job=\\"app\\"}',
        'rate(job:app_requests:rate5m[5m]',
      ),
    });
    const problems = validateStack(stackWith(), { inputs: { 'mixin-app': broken } });
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_EXPRESSION', 'mixin/app/app-overview.json', 'panels.0.targets.0.expr'],
    ]);
  });

  test('without its folder, the stack names the missing input and the folder it reads', () => {
    const problems = validateStack(stackWith());
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual([
      ['NOT_FOUND', 'inputs.mixin-app', 'mixins/app'],
    ]);
    expect(problems[0]!.hint).toContain('mixins/app');
    // An export without the stack's inputs leaves it out (a component's mixin test passes none).
    expect([...renderMixins(stackWith()).keys()]).toEqual([]);
  });

  test('the title can be set, and two folders are two mixins', () => {
    const stack = createStack({}, [
      mixinFromDir({ name: 'app', dir: 'a', title: 'Checkout' }),
      mixinFromDir({ name: 'app-copy', dir: 'b' }),
    ]);
    const copy = withFiles({
      'dashboards_out/app-overview.json': inputs['mixin-app']
        .get('dashboards_out/app-overview.json')!
        .replace('"app-overview"', '"app-copy-overview"'),
    });
    const rendered = render(stack, { inputs: { 'mixin-app': inputs['mixin-app'], 'mixin-app-copy': copy } });
    expect(rendered.sections.mixins.app!.title).toBe('Checkout');
    expect(rendered.sections.mixins['app-copy']!.title).toBe('App Copy');
    expect(rendered.summary.dashboards).toBe(2);
  });

  test('the same name twice is a conflict naming both', () => {
    expect(() =>
      createStack({}, [mixinFromDir({ name: 'app', dir: 'a' }), mixinFromDir({ name: 'app', dir: 'b' })]),
    ).toThrow(/contributed twice/);
  });
});
