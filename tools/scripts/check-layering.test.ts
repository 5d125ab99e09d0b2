import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkLayering, importsOf } from './check-layering.mjs';
// @ts-expect-error plain ESM script without types
import { workspaceRoot } from './workspace.mjs';

interface Violation {
  file: string;
  line: number;
  import: string;
  rule: string;
  fix: string;
}

interface PackageSpec {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
  /** Files of the package, by path inside its folder. */
  files?: Record<string, string>;
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A miniature workspace: packages/<folder>/package.json and their files. */
function workspace(packages: Record<string, PackageSpec>): string {
  const root = mkdtempSync(join(tmpdir(), 'mixstack-layering-'));
  roots.push(root);
  for (const [folder, spec] of Object.entries(packages)) {
    const dir = join(root, 'packages', folder);
    mkdirSync(dir, { recursive: true });
    const { files = {}, ...manifest } = spec;
    const name = folder === 'mixstack' ? 'mixstack' : `@mixstack/${folder}`;
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name, exports: { '.': './dist/index.js' }, ...manifest }, null, 2)}\n`,
    );
    for (const [path, text] of Object.entries({ 'src/index.ts': 'export {};\n', ...files })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }
  return root;
}

const check = (root: string): Violation[] => checkLayering({ root }).violations;
const core: PackageSpec = {};
const peerCore = { peerDependencies: { '@mixstack/core': '*' } };

describe('check-layering', () => {
  test('an allowed import passes: a component on core, a test on @mixstack/testing', () => {
    const root = workspace({
      core,
      'component-a': {
        ...peerCore,
        devDependencies: { '@mixstack/testing': '^0.1.0' },
        files: {
          'src/index.ts': "import { createStack } from '@mixstack/core';\nexport const a = createStack;\n",
          'src/a.test.ts':
            "import { goldenDirectory } from '@mixstack/testing';\nimport { a } from './index.js';\n",
        },
      },
    });
    expect(check(root)).toEqual([]);
  });

  test('a component importing another component fails, with file:line, the rule and the fix', () => {
    const root = workspace({
      core,
      'component-a': { ...peerCore, dependencies: { '@mixstack/component-b': '*' } },
      'component-b': {
        ...peerCore,
        files: {
          'src/b.ts': "// the b component\n\nimport { a } from '@mixstack/component-a';\nexport { a };\n",
        },
      },
    });
    const violations = check(root);
    expect(violations).toContainEqual({
      file: 'packages/component-b/src/b.ts',
      line: 3,
      import: '@mixstack/component-a',
      rule: expect.stringContaining('never another component'),
      fix: expect.stringContaining('@mixstack/kit'),
    });
    // package.json must agree: a component listed as a dependency of a component.
    expect(violations).toContainEqual(
      expect.objectContaining({
        file: 'packages/component-a/package.json',
        import: 'dependencies "@mixstack/component-b"',
      }),
    );
  });

  test('dynamic import() and require() are read like static imports', () => {
    const root = workspace({
      core,
      'component-a': {},
      'addon-x': {
        ...peerCore,
        files: {
          'src/index.ts': [
            'export async function load() {',
            "  return await import('@mixstack/component-a');",
            '}',
            "export const b = require('@mixstack/component-a');",
            '',
          ].join('\n'),
        },
      },
    });
    expect(check(root).map((v) => `${v.file}:${v.line} ${v.import}`)).toEqual([
      'packages/addon-x/src/index.ts:2 @mixstack/component-a',
      'packages/addon-x/src/index.ts:4 @mixstack/component-a',
    ]);
  });

  test("a relative path into another package's internals or the workspace is caught; configs name @mixstack/testing", () => {
    const root = workspace({
      core,
      testing: { exports: { '.': './dist/index.js', './vitest': './dist/vitest.js' } },
      'component-a': { files: { 'src/common.ts': 'export const x = 1;\n' } },
      'lib-y': {
        ...peerCore,
        devDependencies: { '@mixstack/testing': '^0.1.0' },
        files: {
          'src/index.ts': "export { x } from '../../component-a/src/common.js';\n",
          // By name, the config is found wherever the package folder goes; by path, only here.
          'vitest.config.ts': "import { packageTestConfig } from '@mixstack/testing/vitest';\n",
          'tsup.config.ts': "import { packageConfig } from '../../tsup.config.base.ts';\n",
        },
      },
    });
    const violations = check(root);
    expect(violations).toHaveLength(2);
    expect(violations[1]).toMatchObject({
      file: 'packages/lib-y/tsup.config.ts',
      import: '../../tsup.config.base.ts',
      rule: expect.stringContaining('outside its folder'),
    });
    expect(violations[0]).toMatchObject({
      file: 'packages/lib-y/src/index.ts',
      line: 1,
      import: '../../component-a/src/common.js',
      rule: expect.stringContaining('internals by relative path'),
      fix: expect.stringContaining("'@mixstack/component-a'"),
    });
  });

  test('a deep subpath is caught unless the package exports it', () => {
    const root = workspace({
      core: { exports: { '.': './dist/index.js', './package.json': './package.json' } },
      'component-a': {
        ...peerCore,
        files: {
          'src/index.ts': [
            "import { merge } from '@mixstack/core/src/merge.js';",
            "import manifest from '@mixstack/core/package.json' with { type: 'json' };",
            'export { manifest, merge };',
            '',
          ].join('\n'),
        },
      },
    });
    expect(check(root).map((v) => [v.line, v.import, v.rule])).toEqual([
      [1, '@mixstack/core/src/merge.js', expect.stringContaining('subpath')],
    ]);
  });

  test('tests of addons, platforms and libs compose components through mixstack only', () => {
    const root = workspace({
      core,
      'component-a': {},
      mixstack: { dependencies: { '@mixstack/component-a': '*' } },
      'platform-z': {
        ...peerCore,
        devDependencies: { mixstack: '*', '@mixstack/component-a': '*' },
        files: {
          'src/z.test.ts': "import { a } from 'mixstack';\nimport { b } from '@mixstack/component-a';\n",
          'src/test-helpers.ts': "export { a } from 'mixstack';\n",
        },
      },
    });
    expect(check(root).map((v) => [v.file, v.import, v.fix])).toEqual([
      [
        'packages/platform-z/package.json',
        'devDependencies "@mixstack/component-a"',
        expect.stringContaining('"mixstack" in devDependencies'),
      ],
      [
        'packages/platform-z/src/z.test.ts',
        '@mixstack/component-a',
        expect.stringContaining("from 'mixstack'"),
      ],
    ]);
  });

  test('published source of an addon may not use mixstack, a component test may not either', () => {
    const root = workspace({
      core,
      'component-a': {
        devDependencies: { mixstack: '*' },
        files: { 'src/a.test.ts': "import 'mixstack';\n" },
      },
      mixstack: {},
      'addon-x': {
        dependencies: { mixstack: '*' },
        files: { 'src/index.ts': "export * from 'mixstack';\n" },
      },
    });
    expect(check(root).map((v) => `${v.file}:${v.line} ${v.import}`)).toEqual([
      'packages/addon-x/package.json:7 dependencies "mixstack"',
      'packages/addon-x/src/index.ts:1 mixstack',
      'packages/component-a/package.json:7 devDependencies "mixstack"',
      'packages/component-a/src/a.test.ts:1 mixstack',
    ]);
  });

  test('the kit may be imported by a component before it exists; core may never import it', () => {
    const root = workspace({
      core: {
        dependencies: { '@mixstack/kit': '*' },
        files: { 'src/index.ts': "export * from '@mixstack/kit';\n" },
      },
      'component-a': {
        ...peerCore,
        dependencies: { '@mixstack/kit': '*' },
        files: { 'src/index.ts': "export { securityContext } from '@mixstack/kit';\n" },
      },
    });
    expect(check(root).map((v) => `${v.file} ${v.import}`)).toEqual([
      'packages/core/package.json dependencies "@mixstack/kit"',
      'packages/core/src/index.ts @mixstack/kit',
    ]);
  });

  test('published source never imports a test helper or @mixstack/testing; tests may', () => {
    const root = workspace({
      core,
      'component-a': {
        devDependencies: { '@mixstack/testing': '^0.1.0' },
        files: {
          'src/index.ts': "export { fixture } from './test-helpers.js';\n",
          'src/scenarios.ts': "import { goldenDirectory } from '@mixstack/testing';\n",
          'src/test-helpers.ts':
            "export const fixture = 1;\nimport { other } from './golden.test-helpers.js';\n",
          'src/golden.test-helpers.ts': "export { goldenDirectory } from '@mixstack/testing';\n",
          'src/a.test.ts': "import { fixture } from './test-helpers.js';\n",
        },
      },
    });
    expect(check(root).map((v) => [v.file, v.import, v.rule])).toEqual([
      ['packages/component-a/src/index.ts', './test-helpers.js', expect.stringContaining('test helper')],
      [
        'packages/component-a/src/scenarios.ts',
        '@mixstack/testing',
        expect.stringContaining('never imports'),
      ],
    ]);
  });

  test('a library a package imports but does not declare fails: the root install does not travel with it', () => {
    const root = workspace({
      core,
      'component-a': {
        ...peerCore,
        dependencies: { yaml: '2.9.1' },
        devDependencies: { '@mixstack/core': '^0.1.0', vitest: '4.1.12' },
        files: {
          'src/index.ts':
            "import { parse } from 'yaml';\nimport { readFileSync } from 'node:fs';\nimport 'path';\n",
          'src/a.test.ts': "import { test } from 'vitest';\nimport fc from 'fast-check';\n",
        },
      },
    });
    expect(check(root).map((v) => [v.file, v.import, v.fix])).toEqual([
      ['packages/component-a/src/a.test.ts', 'fast-check', expect.stringContaining('devDependencies')],
    ]);
  });

  test('an import a package does not declare in package.json fails', () => {
    const root = workspace({
      core,
      'component-a': { files: { 'src/index.ts': "export * from '@mixstack/core';\n" } },
    });
    expect(check(root)).toEqual([
      expect.objectContaining({
        file: 'packages/component-a/src/index.ts',
        fix: expect.stringContaining('peerDependencies'),
      }),
    ]);
  });

  test('a folder of no known kind fails', () => {
    const root = workspace({ core, 'widget-foo': {} });
    expect(check(root)).toEqual([
      expect.objectContaining({
        file: 'packages/widget-foo/package.json',
        rule: expect.stringContaining('kind'),
      }),
    ]);
  });

  test('imports inside strings and comments are not imports', () => {
    const source = [
      "// import { a } from '@mixstack/component-a';",
      'const code = "import { a } from \'@mixstack/component-a\'";',
      "const more = `await import('@mixstack/component-a')`;",
      "import type { Stack } from '@mixstack/core';",
      "type T = import('@mixstack/kit').Thing;",
      "export * as all from './all.js';",
      '',
    ].join('\n');
    expect(importsOf('x.ts', source)).toEqual([
      { specifier: '@mixstack/core', line: 4 },
      { specifier: '@mixstack/kit', line: 5 },
      { specifier: './all.js', line: 6 },
    ]);
  });

  test('the command exits 1 with the report on a violation, 0 on a clean workspace', () => {
    const script = join(workspaceRoot, 'tools/scripts/check-layering.mjs');
    const bad = workspace({
      core,
      'component-a': {},
      'component-b': { files: { 'src/index.ts': "import '@mixstack/component-a';\n" } },
    });
    const failed = spawnSync(process.execPath, [script, bad], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('packages/component-b/src/index.ts:1: @mixstack/component-a');
    expect(failed.stderr).toMatch(/rule: .*\n {2}fix: /);
    const good = workspace({ core, 'component-a': {} });
    const passed = spawnSync(process.execPath, [script, good], { encoding: 'utf8' });
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
  });

  test('this repository follows its rules', () => {
    const { violations } = checkLayering();
    expect(violations).toEqual([]);
  });
});
