import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { defaultK3sOptions } from './config.js';
import { SERVER_FLAGS } from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its example renders on k3s, with what the text says', async () => {
    const result = render(await readmeStack());
    expect(result.values.common).toMatchObject({ platform: 'k3s', storageClass: 'local-path' });
    for (const file of [
      'k3s-grafanaIngress.yaml',
      'k3s-kubeSchedulerService.yaml',
      'k3s-kubeControllerManagerEndpoints.yaml',
      'k3s-kubeProxyService.yaml',
    ])
      expect(result.files.has(file), file).toBe(true);
    // kube-proxy on the servers and the agents of the example.
    expect(result.files.get('k3s-kubeProxyEndpoints.yaml')).toMatch(/192\.168\.1\.10[\s\S]*192\.168\.1\.21/);
    expect(result.files.get('k3s-grafanaIngress.yaml')).toContain('ingressClassName: traefik');
  });

  test('it names every server flag the build summary names', () => {
    for (const flag of Object.values(SERVER_FLAGS)) expect(README).toContain(`\`${flag}`);
  });

  test('its options table has every control-plane option', () => {
    for (const option of Object.keys(defaultK3sOptions().controlPlane))
      expect(README).toContain(`| \`controlPlane.${option}\` |`);
  });
});
