import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addComponent,
  addMixin,
  createStack,
  definePart,
  isMixstackError,
  type MixstackError,
  render,
  toYaml,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus, prometheusServer, withPrometheusOperatorKinds } from './index.js';
import { ruleExpressions } from './kinds.js';
import { testContributions, testMixin } from './test-helpers.js';

function errorOf(run: () => unknown): MixstackError {
  try {
    run();
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error('expected a MixstackError');
}

const withMixin = (name: string, mixin = testMixin()) =>
  definePart(`mixin ${name}`, (stack) => addMixin(stack, 'test', name, mixin));

describe('one PrometheusRule per mixin', () => {
  test('carries the alert groups, then the recording groups, labelled for the ruleSelector', () => {
    const result = render(
      createStack({}, [prometheusServer({ ruleLabels: { role: 'rules' } }), withMixin('test-app')]),
    );
    const rule = result.objects.find((o) => o.address === 'prometheusRules/testApp')!;
    expect(rule.path).toBe('prometheusRules-testApp.yaml');
    const object = rule.object as unknown as {
      metadata: { name: string; labels: Record<string, string> };
      spec: { groups: { name: string }[] };
    };
    expect(object.metadata.name).toBe('test-app-rules');
    expect(object.spec.groups.map((g) => g.name)).toEqual(['test-alerts', 'test.rules']);
    const prometheusObject = result.objects.find((o) => o.address === 'prometheus/prometheus')!
      .object as unknown as {
      spec: { ruleSelector: { matchLabels: Record<string, string> } };
    };
    // The rule carries every label the selector asks for (defaults merge with the option).
    for (const [key, value] of Object.entries(prometheusObject.spec.ruleSelector.matchLabels)) {
      expect(object.metadata.labels[key]).toBe(value);
    }
    expect(prometheusObject.spec.ruleSelector.matchLabels.role).toBe('rules');
  });

  test('renders every mixin of the stack, from any package, and none for a dashboards-only mixin', () => {
    const result = render(
      createStack({}, [
        prometheus(),
        withMixin('loki'),
        withMixin('tempo'),
        withMixin('grafana', {
          title: 'Grafana',
          grafanaDashboards: { 'overview.json': { title: 'Overview' } },
        }),
      ]),
    );
    // The package's own mixins, and the two contributed here; none for grafana.
    expect(result.objects.filter((o) => o.component === 'prometheusRules').map((o) => o.address)).toEqual([
      'prometheusRules/alertmanager',
      'prometheusRules/kubePrometheus',
      'prometheusRules/kubeStateMetrics',
      'prometheusRules/kubernetes',
      'prometheusRules/loki',
      'prometheusRules/nodeExporter',
      'prometheusRules/prometheus',
      'prometheusRules/prometheusOperator',
      'prometheusRules/tempo',
    ]);
  });

  test('refuses an alert group and a recording group of the same name', () => {
    const mixin = testMixin();
    mixin.prometheusRules!.groups[0]!.name = 'test-alerts';
    const error = errorOf(() => render(createStack({}, [prometheusServer(), withMixin('test-app', mixin)])));
    expect(error.code).toBe('DUPLICATE_ADDRESS');
    expect(error.address).toBe('mixin/test-app');
  });

  test('refuses two mixins whose names give the same object key', () => {
    const error = errorOf(() =>
      render(createStack({}, [prometheusServer(), withMixin('app-1'), withMixin('app1')])),
    );
    expect(error.code).toBe('DUPLICATE_ADDRESS');
    expect(error.address).toBe('prometheusRules/app1');
  });

  test('every rendered rule file passes promtool check rules', () => {
    const result = render(createStack({}, [prometheus(), testContributions()]));
    // The contributed mixin's rule; the package's own mixins are checked in mixins/promtool.test.ts.
    const rules = result.objects.filter((o) => o.address === 'prometheusRules/testApp');
    expect(rules).toHaveLength(1);
    const directory = mkdtempSync(join(tmpdir(), 'mixstack-promtool-'));
    try {
      for (const { key, object } of rules) {
        const file = join(directory, `${key}.yaml`);
        writeFileSync(
          file,
          toYaml({ groups: (object as unknown as { spec: { groups: unknown } }).spec.groups }),
        );
        const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
        expect(check.error, 'promtool must be installed (Debian package prometheus)').toBeUndefined();
        expect(`${check.stdout}${check.stderr}`).toContain('SUCCESS: 2 rules found');
        expect(check.status).toBe(0);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('PromQL in PrometheusRule objects', () => {
  test('ruleExpressions finds every expression with its path', () => {
    expect(
      ruleExpressions({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        spec: {
          groups: [
            {
              name: 'a',
              rules: [
                { record: 'x', expr: 'up' },
                { alert: 'Y', expr: 'up == 0' },
              ],
            },
          ],
        },
      } as never),
    ).toEqual([
      { path: 'spec.groups.0.rules.0.expr', language: 'promql', expression: 'up' },
      { path: 'spec.groups.0.rules.1.expr', language: 'promql', expression: 'up == 0' },
    ]);
  });

  test('a PrometheusRule any component renders has its expressions parsed at build time', () => {
    const custom = definePart('custom rules', (stack) =>
      addComponent(withPrometheusOperatorKinds(stack), {
        name: 'custom',
        source: 'test',
        build: ({ common }) => ({
          rule: {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'PrometheusRule',
            metadata: { name: 'custom', namespace: common.namespace },
            spec: { groups: [{ name: 'custom', rules: [{ alert: 'Broken', expr: 'sum(rate(up[5m])' }] }] },
          },
        }),
      }),
    );
    const problems = validateStack(createStack({}, [custom]));
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_EXPRESSION', 'custom/rule', 'spec.groups.0.rules.0.expr'],
    ]);
  });
});
