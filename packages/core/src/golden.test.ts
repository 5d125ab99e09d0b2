import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDirectory } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { exampleStack } from './example-stack.test-helpers.mjs';
import * as core from './index.js';

/**
 * The example stack as real files, reviewed in diffs. `UPDATE_GOLDEN=1 npx vitest run`
 * (or `npm run golden` at the root) rewrites them; otherwise every byte must match.
 */
const { expectGoldenFolder } = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

const stack = exampleStack(core);

describe('golden: the example stack', () => {
  const { files } = core.render(stack);

  test('renders exactly these files', () => {
    expect([...files.keys()]).toEqual([
      'setup/stack-namespace.yaml',
      'blackboxExporter-configMap.yaml',
      'blackboxExporter-deployment.yaml',
      'blackboxExporter-networkPolicy.yaml',
      'blackboxExporter-service.yaml',
      'blackboxExporter-serviceAccount.yaml',
      'stack-networkPolicyDefaultDeny.yaml',
      'Kustomization',
    ]);
  });

  test('the golden folder holds those files and no others, byte for byte', () => {
    expectGoldenFolder('example', files);
  });
});

describe('golden: the example mixin export', () => {
  const mixins = core.renderMixins(stack);

  test('exports exactly these files', () => {
    expect([...mixins.keys()]).toEqual([
      'blackbox-exporter/prometheus_alerts.yaml',
      'blackbox-exporter/prometheus_rules.yaml',
      'blackbox-exporter/dashboards_out/blackbox.json',
    ]);
  });

  test('the golden folder holds those files and no others, byte for byte', () => {
    expectGoldenFolder('example-mixins', mixins);
  });
});
