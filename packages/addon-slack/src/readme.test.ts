import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { parsedConfig, renderedAlertmanager } from './test-helpers.js';

const README = join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md');

/** The README's first TypeScript block, loaded as a module (package names resolve to the workspace sources). */
async function readmeStack(): Promise<Stack> {
  const code = /```ts\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1];
  if (!code) throw new Error('the README has no ```ts block');
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-readme-'));
  try {
    writeFileSync(join(dir, 'stack.ts'), code);
    const module = (await import(join(dir, 'stack.ts'))) as { default: unknown };
    if (!isStack(module.default)) throw new Error('the README example does not export a stack');
    return module.default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the README example', () => {
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
