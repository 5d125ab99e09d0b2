import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM script without types
import { createPackage, namesOf } from './new-package.mjs';
// @ts-expect-error plain ESM script without types
import { workspaceRoot } from './workspace.mjs';

let root: string;

beforeAll(() => {
  // A miniature workspace: the root configs the skeleton extends, and the real node_modules.
  root = mkdtempSync(join(tmpdir(), 'mixstack-new-package-'));
  mkdirSync(join(root, 'packages'));
  for (const file of ['tsconfig.base.json', 'tsup.config.base.ts', 'vitest.config.base.ts', 'biome.json']) {
    copyFileSync(join(workspaceRoot, file), join(root, file));
  }
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'mini-workspace', private: true, type: 'module' }),
  );
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('new-package', () => {
  test.each([['component-foo'], ['addon-pager-duty'], ['lib-resources'], ['platform-eks']])(
    'accepts %s',
    (name) => {
      expect(() => namesOf(name)).not.toThrow();
    },
  );

  test.each([['foo'], ['component'], ['Component-Foo'], ['widget-foo'], ['component_foo']])(
    'rejects %s',
    (name) => {
      expect(() => namesOf(name)).toThrow(/is not a package name/);
    },
  );

  test('creates the shared skeleton, which typechecks and whose first test passes', () => {
    const files: string[] = createPackage('component-foo-bar', { root, description: 'Deploys foo bar.' });
    expect(files.sort()).toEqual([
      '.changeset/new-component-foo-bar.md',
      'packages/component-foo-bar/README.md',
      'packages/component-foo-bar/package.json',
      'packages/component-foo-bar/src/component-foo-bar.test.ts',
      'packages/component-foo-bar/src/component-foo-bar.ts',
      'packages/component-foo-bar/src/config.ts',
      'packages/component-foo-bar/src/index.ts',
      'packages/component-foo-bar/tsconfig.json',
      'packages/component-foo-bar/tsup.config.ts',
      'packages/component-foo-bar/vitest.config.ts',
    ]);
    const dir = join(root, 'packages/component-foo-bar');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@mixstack/component-foo-bar',
      type: 'module',
      sideEffects: false,
      files: ['dist'],
      peerDependencies: { '@mixstack/core': '*' },
      publishConfig: { access: 'public' },
    });
    expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toContain(
      "export { fooBar } from './component-foo-bar.js';",
    );

    const typecheck = spawnSync(join(workspaceRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    expect(typecheck.status).toBe(0);

    const tests = spawnSync(join(workspaceRoot, 'node_modules/.bin/vitest'), ['run'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(tests.stdout).toContain('2 passed');
    expect(tests.status).toBe(0);
  });

  test('refuses to overwrite an existing package', () => {
    expect(() => createPackage('component-foo-bar', { root })).toThrow(/already exists/);
  });
});
