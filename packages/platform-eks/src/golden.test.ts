import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { awsCommands } from './index.js';
import { SCENARIOS } from './scenarios.test-helpers.js';
import { expectGoldenFolder } from './test-helpers.js';

/** Files of a render that concern this package: its own objects and what it changed in others. */
const OWN =
  /^(setup\/)?eks-|^(grafana-networkPolicy|archiver-serviceAccount|prometheus-clusterRole|kubernetesControlPlane-serviceMonitorCoreDNS)\.yaml$|-(awsVpcCni|eksKube\w+)\.yaml$/;

/**
 * Golden files (real YAML, reviewed in diffs) of the EKS stacks: the objects this package
 * renders or changes (the aws-node Service, its ServiceMonitor and rule, the control-plane
 * monitors and the scraper's ClusterRole, CoreDNS's monitor), the build
 * notices and the aws commands. Regenerate with `UPDATE_GOLDEN=1 npx vitest run`.
 */
describe.each(Object.entries(SCENARIOS))('golden files: %s', (name, scenario) => {
  const result = render(scenario());

  test('match the render', () => {
    const files: Record<string, string> = {};
    for (const [path, content] of result.files) if (OWN.test(path)) files[path] = content;
    // The counts of eks-unscraped-jobs follow the mixins of other packages: tested without golden files.
    const own = result.summary.notices.filter(
      (n) => n.id.startsWith('eks-') && n.id !== 'eks-unscraped-jobs',
    );
    files['notices.txt'] = `${own.map((n) => `[${n.level}] ${n.id}: ${n.message}`).join('\n\n')}\n`;
    const commands = awsCommands(scenario());
    if (commands.length > 0) files['aws.sh'] = `${commands.join('\n')}\n`;
    expectGoldenFolder(name, files);
  });

  test('kubectl kustomize accepts the whole output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mixstack-eks-'));
    try {
      for (const [path, content] of result.files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (run.error) throw run.error;
      expect(run.status, run.stderr).toBe(0);
      // Every object, and nothing else, in kustomize's output.
      expect(run.stdout.split(/^---$/m).length).toBe(result.objects.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
