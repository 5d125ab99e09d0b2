import {
  addPatch,
  alertsOf,
  createStack,
  isMixstackError,
  type Part,
  type RenderResult,
  render,
  renderMixins,
  validateStack,
} from '@mixstack/core';
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
import { permutations, testMixins } from './test-helpers.js';

const metrics = () =>
  prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false });

interface RuleObject {
  spec: {
    groups: { name: string; rules: { alert?: string; labels?: Record<string, string>; for?: string }[] }[];
  };
}

function ruleObject(result: RenderResult, mixin: string): RuleObject | undefined {
  return result.objects.find((o) => o.address === `prometheusRules/${mixin}`)?.object as
    | RuleObject
    | undefined;
}

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    return error;
  }
  throw new Error('expected a MixstackError');
}

const edits = (): Part[] => [
  dropAlerts(['TestAppDiskFull', 'other-app/TestAppDown']),
  patchAlert('TestAppSlow', { severity: 'info', for: '30m', labels: { team: 'web' } }),
  dropRuleGroups(['test-app.rules']),
  dropDashboards(['Test App / Capacity']),
];

describe('the lib parts in a stack', () => {
  test('the build summary says what the overrides changed, by name', () => {
    const result = render(createStack({}, [metrics(), grafana(), testMixins(), ...edits()]));
    expect(result.sections.notices['lib-rules-edits']).toEqual({
      level: 'info',
      message:
        'Mixin overrides (lib-rules): dropped alerts: TestAppDiskFull, other-app/TestAppDown; patched alerts: TestAppSlow (severity info, for 30m, label team=web); dropped rule groups: test-app.rules; dropped dashboards: Test App / Capacity.',
    });
    const without = render(createStack({}, [metrics(), grafana(), testMixins()]));
    expect(without.sections.notices['lib-rules-edits']).toBeUndefined();
  });

  test('the rendered PrometheusRules and dashboards carry the edits', () => {
    const result = render(createStack({}, [metrics(), grafana(), testMixins(), ...edits()]));
    const testApp = ruleObject(result, 'testApp')!;
    expect(testApp.spec.groups.map((g) => g.name)).toEqual(['test-app-alerts']);
    const slow = testApp.spec.groups[0]!.rules.filter((r) => r.alert === 'TestAppSlow');
    expect(slow.map((r) => [r.labels?.severity, r.labels?.team, r.for])).toEqual([
      ['info', 'web', '30m'],
      ['info', 'web', '30m'],
    ]);
    // other-app lost its only alert: no PrometheusRule is rendered for it.
    expect(ruleObject(result, 'otherApp')).toBeUndefined();
    expect(result.files.has('grafana-dashboardTestAppCapacity.yaml')).toBe(false);
    expect(result.files.has('grafana-dashboardTestAppOverview.yaml')).toBe(true);
  });

  test('the order of the parts, lib parts among them, does not change a byte', () => {
    const parts = () => [
      metrics(),
      grafana(),
      testMixins(),
      ...edits(),
      imageRegistry('registry.example.com/m'),
    ];
    const reference = render(createStack({}, parts())).files;
    for (const order of [
      [...parts()].reverse(),
      [parts()[4]!, parts()[0]!, ...parts().slice(5), ...parts().slice(1, 4)],
    ]) {
      expect([...render(createStack({}, order)).files.entries()]).toEqual([...reference.entries()]);
    }
    // Every order of the four mixin edits, through the mixins export.
    const mixins = (lib: Part[]) => [...renderMixins(createStack({}, [testMixins(), ...lib])).entries()];
    const expected = mixins(edits());
    for (const order of permutations(edits())) expect(mixins(order)).toEqual(expected);
  });

  test('two parts dropping the same alert drop it once; one patch shared by all lib parts', () => {
    const stack = createStack({}, [
      testMixins(),
      dropAlerts(['TestAppDiskFull']),
      dropAlerts(['TestAppDiskFull', 'TestAppDown']),
    ]);
    expect(Object.keys(stack.patches)).toEqual(['@mixstack/lib-rules/mixins']);
    const files = renderMixins(stack);
    expect(files.get('test-app/prometheus_alerts.yaml')).not.toMatch(/TestAppDiskFull|TestAppDown/);
  });

  test('two patches that disagree on one alert are a conflict naming both, whatever their order', () => {
    const a = patchAlert('TestAppSlow', { severity: 'info' });
    const b = patchAlert('TestAppSlow', { severity: 'critical' });
    const one = errorOf(() => render(createStack({}, [testMixins(), a, b])));
    const two = errorOf(() => render(createStack({}, [testMixins(), b, a])));
    expect(one.code).toBe('VALUES_CONFLICT');
    expect(one.message).toBe(two.message);
    expect(one.message).toContain('patchAlert(TestAppSlow, {"severity":"critical"})');
    expect(one.message).toContain('patchAlert(TestAppSlow, {"severity":"info"})');
  });

  test('patches that agree, or touch different fields, merge', () => {
    const files = renderMixins(
      createStack({}, [
        testMixins(),
        patchAlert('TestAppSlow', { labels: { team: 'web' } }),
        patchAlert('TestAppSlow', { annotations: { runbook_url: 'https://r.example.com' } }),
      ]),
    );
    expect(files.get('test-app/prometheus_alerts.yaml')).toContain('runbook_url: https://r.example.com');
    expect(files.get('test-app/prometheus_alerts.yaml')).toContain('team: web');
  });

  test('a stack with two typos hears of both, each with the closest names, in one run', () => {
    const problems = validateStack(
      createStack({}, [
        testMixins(),
        dropAlerts(['TestAppDwn', 'TestAppDiskFull']),
        patchAlert('TestAppSlw', { severity: 'info' }),
      ]),
    );
    expect(problems.map((p) => [p.code, p.address, p.value])).toEqual([
      ['NOT_FOUND', 'lib-rules/patchAlert', 'TestAppSlw'],
      ['NOT_FOUND', 'lib-rules/dropAlerts', 'TestAppDwn'],
    ]);
    expect(problems[0]!.hint).toContain('"TestAppSlow"');
    expect(problems[1]!.hint).toContain('"TestAppDown"');
  });

  test('a lib patch runs after the other sections patches: a name another patch removed is not found', () => {
    const removeCapacity: Part = (stack) =>
      addPatch(stack, {
        id: 'test/remove',
        source: 'test',
        target: 'sections',
        apply: (sections) => ({
          ...sections,
          mixins: {
            ...sections.mixins,
            'test-app': { ...sections.mixins['test-app']!, grafanaDashboards: {} },
          },
        }),
      });
    const error = errorOf(() =>
      render(createStack({}, [testMixins(), removeCapacity, dropDashboards(['capacity.json'])])),
    );
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('on the real mixins of the stack (names picked at test time)', () => {
  const stack = (lib: Part[] = []) => createStack({}, [prometheus(), grafana(), ...lib]);
  const realAlerts = () =>
    Object.entries(render(stack()).sections.mixins).flatMap(([mixin, m]) =>
      alertsOf(m).map(({ rule }) => ({ mixin, alert: rule.alert })),
    );

  test('dropping and patching a real alert shows in its PrometheusRule', () => {
    const alerts = realAlerts();
    expect(alerts.length).toBeGreaterThan(0);
    const target = alerts[0]!;
    const dropped = render(stack([dropAlerts([target.alert])]));
    for (const { object } of dropped.objects.filter((o) => o.component === 'prometheusRules'))
      expect(JSON.stringify(object)).not.toContain(`"alert":"${target.alert}"`);
    const patched = render(stack([patchAlert(target.alert, { labels: { team: 'platform' } })]));
    const rules = patched.objects
      .filter((o) => o.component === 'prometheusRules')
      .map((o) => o.object as unknown as RuleObject);
    const found = rules
      .flatMap((r) => r.spec.groups.flatMap((g) => g.rules))
      .filter((r) => r.alert === target.alert);
    expect(found.length).toBeGreaterThan(0);
    for (const rule of found) expect(rule.labels?.team).toBe('platform');
  });

  test('a typo of a real alert name fails the build and names the real one', () => {
    const { alert } = realAlerts()[0]!;
    const typo = `${alert.slice(0, -2)}${alert.slice(-1)}`;
    const error = errorOf(() => render(stack([dropAlerts([typo])])));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.hint).toContain(`"${alert}"`);
  });

  test('setResources and imageRegistry reach the rendered workloads', () => {
    const result = render(
      stack([
        setResources('prometheus', 'prometheus', { requests: { memory: '3Gi' }, limits: { memory: '6Gi' } }),
        imageRegistry('registry.example.com/mirror'),
      ]),
    );
    const prom = result.objects.find((o) => o.address === 'prometheus/prometheus')!.object as unknown as {
      spec: { resources: unknown; image: string };
    };
    expect(prom.spec.resources).toEqual({
      requests: { cpu: '200m', memory: '3Gi' },
      limits: { memory: '6Gi' },
    });
    const images = [...result.files.values()].join('\n').match(/image: \S+/g) ?? [];
    expect(images.length).toBeGreaterThan(3);
    for (const image of images) expect(image).toMatch(/^image: registry\.example\.com\/mirror\//);
  });

  test('imageRegistry wins over createStack({ imageRegistry })', () => {
    const result = render(
      createStack({ imageRegistry: 'registry.example.com/user' }, [
        grafana(),
        imageRegistry('registry.example.com/lib'),
      ]),
    );
    expect(result.files.get('grafana-deployment.yaml')).toContain(
      'image: registry.example.com/lib/grafana/grafana:',
    );
  });
});
