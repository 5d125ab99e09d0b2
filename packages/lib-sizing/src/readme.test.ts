import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alertsOf, compose, isStack, render, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { testMixin } from './test-helpers.js';

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

  test('its example is valid, and labels the alerts of a mixin added to it', async () => {
    const stack = await readmeStack();
    expect(validateStack(stack)).toEqual([]);
    const withMixin = compose('with a mixin', testMixin())(stack);
    const alerts = alertsOf(render(withMixin).sections.mixins.app!);
    expect(alerts.every(({ rule }) => rule.labels?.team === 'platform')).toBe(true);
  });
});
