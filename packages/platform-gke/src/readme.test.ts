import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStack, render, type Stack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { GSA_ANNOTATION, gcloudCommands } from './index.js';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
const blocks = (language: string) =>
  [...README.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);

/** A TypeScript block of the README, loaded as a module (package names resolve to the workspace sources). */
async function load(code: string): Promise<Stack> {
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

describe('the README', () => {
  test('its first example renders, on GKE', async () => {
    const result = render(await load(blocks('ts')[0]!));
    expect(result.values.common).toMatchObject({ platform: 'gke', storageClass: 'premium-rwo' });
    expect(result.files.has('gke-grafanaIngress.yaml')).toBe(true);
  });

  test('the component that declares a bucket gets its annotation, and the printed commands are the derived ones', async () => {
    const stack = await load(blocks('ts')[1]!);
    expect(render(stack).files.get('archive-serviceAccount.yaml')).toContain(
      `${GSA_ANNOTATION}: monitoring-archive@acme-prod.iam.gserviceaccount.com`,
    );
    expect(blocks('text')[0]!.trim()).toBe(gcloudCommands(stack).join('\n'));
  });
});
