import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alertsOf, isStack, render, requestedInputs, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { APP_MIXIN_DIR, readFolder } from './test-helpers.js';

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

  test('its example requests the folder it names, and renders it as the mixin "app"', async () => {
    const stack = await readmeStack();
    expect(requestedInputs(stack)['mixin-app']).toMatchObject({ path: 'mixins/app', recursive: true });
    const inputs = { 'mixin-app': readFolder(APP_MIXIN_DIR) };
    expect(validateStack(stack, { inputs })).toEqual([]);
    const result = render(stack, { inputs });
    expect(alertsOf(result.sections.mixins.app!).map(({ rule }) => rule.alert)).toContain('AppDown');
  });
});
