import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';

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

  test('its example renders the files the table lists, past every safety check', async () => {
    const stack = await readmeStack();
    expect(validateStack(stack)).toEqual([]);
    const listed = [...README.matchAll(/^\| `(thanos-[A-Za-z]+\.yaml)` \|/gm)].map((m) => m[1]);
    const files = [...render(stack).files.keys()].filter((file) => file.startsWith('thanos-'));
    expect(files).toEqual(listed.sort());
  });
});
