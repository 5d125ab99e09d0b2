import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const [example] = codeBlocks(readReadme(dir), 'ts');

async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its example is valid and sets the StorageClass', async () => {
    const stack = await readmeStack();
    expect(validateStack(stack)).toEqual([]);
    expect(render(stack).values.common).toMatchObject({ platform: 'eks', storageClass: 'fast-ssd' });
  });
});
