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
    const listed = [...README.matchAll(/^\| `(tempo-[A-Za-z]+\.yaml)` \|/gm)].map((m) => m[1]);
    const files = [...render(stack).files.keys()].filter((file) => file.startsWith('tempo-'));
    expect(files).toEqual(listed.sort());
  });
});

describe('the README’s options', () => {
  test('its table lists every option, and `enabled`', async () => {
    const { defaultTempoValues } = await import('./config.js');
    const section = README.slice(README.indexOf('## Options'), README.indexOf('## What it publishes'));
    const listed = [...section.matchAll(/^\| `([A-Za-z.]+)` \|/gm)].map((m) => m[1]!);
    // `kafka` has no default: given, it turns the distributed mode on.
    expect(listed.sort()).toEqual([...Object.keys(defaultTempoValues()), 'enabled', 'kafka'].sort());
  });
});
