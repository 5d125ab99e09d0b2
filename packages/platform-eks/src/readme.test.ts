import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { awsCommands, ROLE_ARN_ANNOTATION } from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const blocks = (language: string) => codeBlocks(README, language);

/** A TypeScript block of the README, loaded as a module (package names resolve to the workspace sources). */
async function load(code: string): Promise<Stack> {
  const module = await importCode(code, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README', () => {
  test('its examples typecheck', () => {
    const [first, second] = blocks('ts');
    expect(typecheckCode({ first: first!, second: second! }, dir)).toEqual([]);
  });

  test('its first example renders, on EKS', async () => {
    const result = render(await load(blocks('ts')[0]!));
    expect(result.values.common).toMatchObject({ platform: 'eks', storageClass: 'mixstack-gp3-retain' });
    expect(result.files.has('eks-grafanaIngress.yaml')).toBe(true);
  });

  test('the component that declares a bucket gets its annotation, and the printed commands are the derived ones', async () => {
    const stack = await load(blocks('ts')[1]!);
    expect(render(stack).files.get('archive-serviceAccount.yaml')).toContain(
      `${ROLE_ARN_ANNOTATION}: arn:aws:iam::123456789012:role/mixstack-monitoring-archive`,
    );
    expect(blocks('text')[0]!.trim()).toBe(awsCommands(stack).join('\n'));
  });
});
