import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isStack, render, renderMixins, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const blocks = codeBlocks(README, 'ts');
const modules = { component: blocks[0]!, cases: blocks[1]! };

async function readmeStack(): Promise<Stack> {
  const module = await importCode(modules.component, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README', () => {
  test('has a component and its cases, and both typecheck', () => {
    expect(blocks).toHaveLength(2);
    expect(typecheckCode(modules, dir)).toEqual([]);
  });

  test('its component renders the objects it announces, past every safety check', async () => {
    const result = render(await readmeStack());
    expect([...result.files.keys()].filter((file) => file.startsWith('echo-')).sort()).toEqual([
      'echo-deployment.yaml',
      'echo-networkPolicy.yaml',
      'echo-podDisruptionBudget.yaml',
      'echo-service.yaml',
      'echo-serviceAccount.yaml',
    ]);
    const deployment = parse(result.files.get('echo-deployment.yaml')!);
    expect(deployment.spec.template.spec.topologySpreadConstraints).toHaveLength(1);
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('1.0.0');
  });

  test('with one replica, no PodDisruptionBudget and no spreading', async () => {
    const { echo } = (await importCode(modules.component, dir)) as { echo: (o: object) => never };
    const result = render(createStack({}, [echo({ replicas: 1 })]));
    expect(result.files.has('echo-podDisruptionBudget.yaml')).toBe(false);
    expect(parse(result.files.get('echo-deployment.yaml')!).spec.template.spec).not.toHaveProperty(
      'topologySpreadConstraints',
    );
  });

  test('its mixin has the alert and the dashboard', async () => {
    const files = renderMixins(await readmeStack());
    expect([...files.keys()]).toEqual(['echo/prometheus_alerts.yaml', 'echo/dashboards_out/echo.json']);
    expect(files.get('echo/prometheus_alerts.yaml')).toContain('alert: EchoDown');
  });

  test('its cases pass promtool, as it says', async () => {
    const { result } = (await importCode(modules.cases, dir)) as { result: { code: number; output: string } };
    expect(result.code, result.output).toBe(0);
  });
});
