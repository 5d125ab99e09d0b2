import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, renderMixins } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';
import { withDashboards } from './test-helpers.js';

/**
 * Golden JSON of every dashboard, exactly as `mixstack mixins` exports it
 * (`<mixin>/dashboards_out/<file>`, with core's uid): `__golden__/<mixin>/<file>`.
 * `UPDATE_GOLDEN=1 npx vitest run` rewrites them.
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const update = process.env.UPDATE_GOLDEN === '1' || process.env.UPDATE_GOLDEN === 'true';

const exported = new Map(
  [...renderMixins(createStack({}, [prometheus(), withDashboards()]))]
    .filter(([path]) => path.includes('/dashboards_out/'))
    .map(([path, content]) => [path.replace('/dashboards_out/', '/'), content]),
);

function goldenFiles(): string[] {
  if (!existsSync(GOLDEN)) return [];
  return readdirSync(GOLDEN)
    .flatMap((mixin) => readdirSync(join(GOLDEN, mixin)).map((file) => `${mixin}/${file}`))
    .sort();
}

if (update) {
  rmSync(GOLDEN, { recursive: true, force: true });
  for (const [path, content] of exported) {
    mkdirSync(dirname(join(GOLDEN, path)), { recursive: true });
    writeFileSync(join(GOLDEN, path), content);
  }
}

describe('golden dashboards', () => {
  test('one file per dashboard, no more', () => {
    expect(goldenFiles()).toEqual([...exported.keys()].sort());
    expect(goldenFiles()).toHaveLength(21);
  });

  test.each([...exported.keys()].sort())('%s', (path) => {
    expect(exported.get(path)).toBe(readFileSync(join(GOLDEN, path), 'utf8'));
  });
});
