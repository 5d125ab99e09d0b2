import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { codeBlocks, readReadme, typecheckCode } from './readme.js';
import { packageConfig } from './tsup.js';
import { packageTestConfig } from './vitest.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);

describe("this package's README", () => {
  test('its tsup and vitest configs typecheck as a package writes them', () => {
    const [tsup, vitest] = codeBlocks(README, 'ts');
    expect(tsup).toContain("from '@mixstack/testing/tsup'");
    expect(vitest).toContain("from '@mixstack/testing/vitest'");
    expect(typecheckCode({ tsup: tsup!, vitest: vitest! }, dir)).toEqual([]);
  });

  test('its tsconfig extends the file the package ships, by the name it exports', () => {
    const [tsconfig] = codeBlocks(README, 'json');
    const { extends: base } = JSON.parse(tsconfig!) as { extends: string };
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(base).toBe('@mixstack/testing/tsconfig.base.json');
    expect(manifest.exports['./tsconfig.base.json']).toBe('./tsconfig.base.json');
    expect(manifest.files).toContain('tsconfig.base.json');
    // Resolved as TypeScript resolves `extends`: through the package's exports.
    const resolved = createRequire(join(dir, 'package.json')).resolve(base);
    expect(resolved).toBe(join(dir, 'tsconfig.base.json'));
    expect(existsSync(resolved)).toBe(true);
  });

  test('the defaults it lists are packageConfig() and packageTestConfig() as they are', () => {
    const build = packageConfig();
    expect(README).toContain("`entry: ['src/index.ts']`");
    expect(build.entry).toEqual(['src/index.ts']);
    expect(README).toContain("`format: ['esm', 'cjs']`");
    expect(build.format).toEqual(['esm', 'cjs']);
    expect(README).toContain('`dts: true`');
    expect(build.dts).toBe(true);
    expect(README).toContain("`target: 'node20'`");
    expect(build.target).toBe('node20');
    // Outside the monorepo only the package's own name is an alias; here every sibling is.
    const aliases = packageTestConfig(dir).resolve?.alias as Record<string, string>;
    expect(aliases['@mixstack/testing']).toBe(join(dir, 'src', 'index.ts'));
    expect(aliases['@mixstack/core']).toBe(join(dir, '..', 'core', 'src', 'index.ts'));
  });
});
