import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { SCENARIOS } from './scenarios.test-helpers.js';
import { expectGoldenFolder } from './test-helpers.js';

/** Files of a render that concern this package: its own objects and what it changes in others. */
const OWN =
  /^(setup\/)?k3s-|^(grafana-networkPolicy|kubernetesControlPlane-serviceMonitor[A-Za-z]+|prometheusScrapeTargets-k3s[A-Za-z]+|prometheusRules-k3s)\.yaml$/;
/** The workloads, which the edge profile shrinks (its scenario only). */
const WORKLOADS =
  /^(prometheus-prometheus|alertmanager-alertmanager|[a-zA-Z]+-(deployment|statefulSet|daemonSet))\.yaml$/;

/**
 * Golden files (real YAML, reviewed in diffs) of four k3s stacks: the objects this package
 * renders or changes (its own, the control-plane monitors, the monitors of its scrape targets,
 * the PrometheusRule of its mixin, Grafana's NetworkPolicy, and the workloads the edge profile
 * shrinks), and the build notices. Regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts`.
 */
describe.each(Object.entries(SCENARIOS))('golden files: %s', (name, scenario) => {
  const result = render(scenario());

  test('match the render', () => {
    const files: Record<string, string> = {};
    for (const [path, content] of result.files)
      if (OWN.test(path) || (name === 'edge' && WORKLOADS.test(path))) files[path] = content;
    // The counts of k3s-unscraped-jobs follow the mixins of other packages: tested without golden files.
    const own = result.summary.notices.filter(
      (n) => n.id.startsWith('k3s-') && n.id !== 'k3s-unscraped-jobs',
    );
    files['notices.txt'] = `${own.map((n) => `[${n.level}] ${n.id}: ${n.message}`).join('\n\n')}\n`;
    expectGoldenFolder(name, files);
  });

  test('kubectl kustomize accepts the whole output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstack-k3s-'));
    try {
      for (const [path, content] of result.files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (run.error) throw run.error;
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.split(/^---$/m).length).toBe(result.objects.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
