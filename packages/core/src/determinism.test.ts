import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { exampleStack } from './example-stack.test-helpers.mjs';
import * as core from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = dirname(here);
const distEntry = join(packageDir, 'dist', 'index.js');
const child = join(here, 'render-example.test-helpers.mjs');

/**
 * nx builds core before it tests it (`npm test`). The test never builds here: a rebuild deletes
 * `dist/` while other packages' tests, running in parallel, import it. Run `npm run build` (or
 * `npx tsup` in this package) before a plain `npx vitest run`.
 */
function ensureBuilt(): void {
  if (!existsSync(distEntry)) {
    throw new Error(`${distEntry} does not exist: run "npm run build" first (npm test does it through nx)`);
  }
}

interface Output {
  files: [string, string][];
  mixins: [string, string][];
}

/** Renders the example stack in a fresh `node` process with the built package. */
function renderInFreshProcess(env: Record<string, string>): Output {
  const stdout = execFileSync(process.execPath, [child, pathToFileURL(distEntry).href], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Output;
}

function renderHere(): Output {
  const stack = exampleStack(core);
  return { files: [...core.render(stack).files], mixins: [...core.renderMixins(stack)] };
}

describe('determinism', () => {
  test('the same stack rendered twice gives identical bytes', () => {
    const stack = exampleStack(core);
    const first = core.render(stack);
    const second = core.render(stack);
    expect([...second.files]).toEqual([...first.files]);
    expect([...core.renderMixins(stack)]).toEqual([...core.renderMixins(stack)]);
  });

  test('two separately built copies of the same stack give identical bytes', () => {
    expect(renderHere()).toEqual(renderHere());
  });

  describe('across processes, with the built package', () => {
    let sources: Output;
    beforeAll(() => {
      ensureBuilt();
      sources = renderHere();
    }, 120_000);

    test('two fresh processes, in different time zones and locales, give identical bytes', () => {
      const utc = renderInFreshProcess({ TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
      const elsewhere = renderInFreshProcess({
        TZ: 'Pacific/Chatham',
        LANG: 'tr_TR.UTF-8',
        LC_ALL: 'tr_TR.UTF-8',
      });
      expect(elsewhere).toEqual(utc);
      expect(utc.files.length).toBeGreaterThan(5);
    });

    test('the built package renders exactly what the sources render', () => {
      expect(renderInFreshProcess({ TZ: 'UTC' })).toEqual(sources);
    });
  });
});
