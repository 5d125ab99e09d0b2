import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDirectory, promtoolCheckRules } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from './cli/read-inputs.js';
import { createStack, grafana, mixinFromDir, prometheus, render } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const { expectGoldenFolder } = goldenDirectory(join(here, '__golden__'));

/** A small upstream mixin in the generated layout (the fixture of `mixin import`), beside the stack module. */
const stack = createStack({}, [
  prometheus({ replicas: 1, nodeExporter: false, kubeStateMetrics: false, controlPlane: false }),
  grafana(),
  mixinFromDir({ name: 'app', dir: 'cli/__fixtures__/app-mixin-generated' }),
]);
// The CLI's own reading of the stack's inputs, relative to this (the stack module's) folder.
const result = render(stack, { inputs: readInputs(stack, here, {}) });

describe('mixinFromDir with Prometheus and Grafana', () => {
  test('Prometheus loads its rules (promtool check rules) from a PrometheusRule of its own', () => {
    const rule = result.objects.find((o) => o.address === 'prometheusRules/app');
    const spec = (rule!.object as unknown as { spec: { groups: unknown[] } }).spec;
    const check = promtoolCheckRules({ 'app.yaml': spec });
    expect(check.code, check.output).toBe(0);
  });

  test('Grafana shows its dashboard in a folder of its own, titled from its name', () => {
    const providers = parse(
      parse(result.files.get('grafana-dashboardProviders.yaml')!).data['providers.yaml'],
    );
    expect(providers.providers).toContainEqual(
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
    expectGoldenFolder(
      'mixin-from-dir',
      Object.fromEntries(files.map((file) => [file, result.files.get(file)!])),
    );
  });
});
