import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isMixstackError, isStack, render, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { defaultStack } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { dropAlerts } from './index.js';
import { testMixins } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

/** The README's first TypeScript block, loaded as a module (package names resolve to the workspace sources). */
async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its example renders, with the patched alert, the resources and the mirror', async () => {
    const result = render(await readmeStack());
    const grafanaRule = result.files.get('prometheusRules-grafana.yaml')!;
    expect(grafanaRule).toContain('team: platform');
    expect(result.files.get('prometheus-prometheus.yaml')).toContain('memory: 8Gi');
    expect(result.files.get('grafana-deployment.yaml')).toContain('image: registry.example.com/mirror/');
  });

  test('the error it shows is the one a typo gets', () => {
    try {
      render(createStack({}, [testMixins(), dropAlerts(['TestAppDwn'])]));
      expect.unreachable();
    } catch (error) {
      if (!isMixstackError(error)) throw error;
      const shown = /```text\n([\s\S]*?)```/.exec(README)![1]!.replace(/\n(?=Fix)/, ' ');
      const shape = (message: string) =>
        message
          .replace(/"[^"]*"(, "[^"]*")*/g, '"…"')
          .replace(/\s+/g, ' ')
          .trim();
      expect(shape(error.message)).toBe(shape(shown));
    }
  });
});

describe('the README’s containers', () => {
  test('its table lists the containers every component of the default stack publishes', () => {
    const table = README.slice(README.indexOf('| component | containers |'));
    const rows = [...table.matchAll(/^\| `([A-Za-z]+)` \| ([^|\n]+) \|$/gm)].map(
      (m) => [m[1]!, [...m[2]!.matchAll(/`([a-z-]+)`/g)].map((c) => c[1]!)] as const,
    );
    const published = Object.entries(render(defaultStack()).stack.components)
      .map(([name, component]) => [name, Object.keys(component.containers)] as const)
      .filter(([, containers]) => containers.length > 0);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(published));
  });
});
