import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parsedConfig, renderedAlertmanager } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const [example] = codeBlocks(readReadme(dir), 'ts');

/** The README's first TypeScript block, loaded as a module (package names resolve to the workspace sources). */
async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

describe('the README example', () => {
  test('typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('renders, with the routes it describes', async () => {
    const config = parsedConfig(renderedAlertmanager(render(await readmeStack())).config);
    expect(config.route.receiver).toBe('slack-alerts');
    expect(config.route.routes.map((r) => r.receiver)).toEqual([
      'null',
      'null',
      'slack-payments-alerts',
      'slack-alerts-critical',
      'slack:muted',
    ]);
  });
});
