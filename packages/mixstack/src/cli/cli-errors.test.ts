import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/**
 * Every mistake a user can make is a typed problem with exit 1 (the stack module or the stack)
 * or 2 (usage, environment), one JSON shape under --json, never exit 70 with a stack trace.
 */
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workspaceRoot = resolve(packageDir, '../..');
const cli = join(packageDir, 'dist/cli.js');

let work: string;

/**
 * A file system fault, injected in the CLI's child process through a preload (`--import`):
 * `MIXSTACK_TEST_FAULT=call:CODE:suffix` makes `fs.<call>` throw the errno CODE for paths
 * ending in suffix (or containing it, with a leading `*`). Root ignores permissions, so an
 * unwritable folder cannot be made real in this container; ENAMETOOLONG and a file as output
 * are real.
 */
const FAULT = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [call, code, suffix] = process.env.MIXSTACK_TEST_FAULT.split(':');
const original = fs[call];
fs[call] = function (path, ...rest) {
  const text = String(path);
  const hit = suffix.startsWith('*') ? text.includes(suffix.slice(1)) : text.endsWith(suffix);
  if (hit) {
    const error = new Error(code + ': injected fault, ' + call + " '" + text + "'");
    Object.assign(error, { code, errno: -1, syscall: call.replace(/Sync$/, ''), path: text });
    throw error;
  }
  return original.call(this, path, ...rest);
};
syncBuiltinESMExports();
`;

function mixstack(args: string[], fault?: string) {
  const { FORCE_COLOR: _force, ...env } = process.env;
  const preload = fault ? ['--import', pathToFileURL(join(work, 'fault.mjs')).href] : [];
  const result = spawnSync(process.execPath, [...preload, cli, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1', ...(fault ? { MIXSTACK_TEST_FAULT: fault } : {}) },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** No trace of an internal error: no exit 70, no stack trace, no hidden temporary path. */
function expectClean(result: { code: number | null; stdout: string; stderr: string }) {
  const all = result.stdout + result.stderr;
  expect(result.code).not.toBe(70);
  expect(all).not.toContain('internal error');
  expect(all).not.toMatch(/\n\s+at /);
  expect(all).not.toMatch(/mixstack-(new|old|trash|lock)/);
}

const stackModule = `import { createStack } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, []);
`;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} does not exist: run "npm run build" first`);
  work = mkdtempSync(join(tmpdir(), 'mixstack-cli-errors-'));
  symlinkSync(join(workspaceRoot, 'node_modules'), join(work, 'node_modules'), 'dir');
  writeFileSync(join(work, 'fault.mjs'), FAULT);
  writeFileSync(join(work, 'stack.ts'), stackModule);
  writeFileSync(
    join(work, 'syntax.ts'),
    `import { createStack } from '@mixstack/core';\nexport default createStack({ namespace: 'x' }, [\n`,
  );
  writeFileSync(
    join(work, 'missing-package.ts'),
    `// A package name no workspace package will ever take.\nimport { nothing } from '@mixstack/component-never-published';\nexport default nothing;\n`,
  );
  writeFileSync(
    join(work, 'part.ts'),
    `import { prometheus } from '@mixstack/component-prometheus';\nexport default prometheus();\n`,
  );
  writeFileSync(
    join(work, 'wrong-import.ts'),
    `import { createStack, definePrat } from '@mixstack/core';\n\nexport default createStack({}, [definePrat('x', (s) => s)]);\n`,
  );
  writeFileSync(
    join(work, 'no-default.ts'),
    `import { createStack } from '@mixstack/core';\nexport const stack = createStack({}, []);\n`,
  );
  writeFileSync(
    join(work, 'throws.ts'),
    `const port = Number('x');\nif (Number.isNaN(port)) throw new Error('PORT is not set');\nexport default port;\n`,
  );
  writeFileSync(
    join(work, 'bigint.ts'),
    `import { MixstackError } from '@mixstack/core';
const value: Record<string, unknown> = { replicas: 3n };
value.self = value;
throw new MixstackError({ code: 'INVALID_OPTION', message: 'replicas must be a number', value, hint: 'pass 3' });
`,
  );
  writeFileSync(join(work, 'a-file'), 'not a folder');
  writeFileSync(
    join(work, 'build-throws.ts'),
    `import { addComponent, createStack, definePart, renderPrometheusRule } from '@mixstack/core';
export default createStack({ namespace: 'x' }, [
  definePart('p', (s) =>
    addComponent(s, {
      name: 'p',
      source: 'test',
      build: () => renderPrometheusRule(),
    }),
  ),
]);
`,
  );
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('an invalid stack module is a MODULE problem with exit 1', () => {
  test.each([
    ['a syntax error names file:line', 'syntax.ts', 'syntax.ts:3', 'syntax error'],
    [
      'a package that is not installed names it and the npm install command',
      'missing-package.ts',
      'the package "@mixstack/component-never-published" is not installed',
      'npm install @mixstack/component-never-published',
    ],
    [
      'a part as default export says to wrap it in createStack',
      'part.ts',
      'the default export is the part "prometheus", not a stack',
      'wrap it in createStack',
    ],
    [
      'a wrong named import says the export does not exist',
      'wrong-import.ts',
      'wrong-import.ts:1: it imports "definePrat" from "@mixstack/core", which has no such export',
      'did you mean "definePart"?',
    ],
    [
      'no default export says so',
      'no-default.ts',
      'the stack module has no default export (it exports "stack")',
      'export default stack',
    ],
    [
      'a module that throws gives its message and file',
      'throws.ts',
      'in throws.ts:2: the stack module threw an error: PORT is not set',
      'fix the code at throws.ts:2',
    ],
  ])('%s', (_name, entry, message, fix) => {
    for (const command of ['build', 'validate', 'mixins']) {
      const result = mixstack([command, entry]);
      expectClean(result);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('error [MODULE]');
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain(fix);
      const json = mixstack([command, entry, '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({
        ok: false,
        command,
        problems: [
          expect.objectContaining({ code: 'MODULE', message: expect.any(String), hint: expect.any(String) }),
        ],
      });
    }
    expect(existsSync(join(work, 'manifests'))).toBe(false);
    expect(existsSync(join(work, 'mixins'))).toBe(false);
  });

  test('a wrong named import called only while rendering (in a build function) is a MODULE problem too', () => {
    const result = mixstack(['build', 'build-throws.ts', '-o', 'never']);
    expectClean(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error [MODULE] in build-throws.ts:1: it imports "renderPrometheusRule" from "@mixstack/core", which has no such export',
    );
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test('--json on a problem whose value holds a BigInt and a cycle does not crash', () => {
    const result = mixstack(['build', 'bigint.ts', '--json']);
    expectClean(result);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: false, command: 'build', problems: [{ code: 'INVALID_OPTION' }] });
    expect(report.problems[0].value.replicas).toBe('3n');
    expect(JSON.stringify(report)).toContain('[Circular]');
  });
});

describe('an output the file system refuses is an ENVIRONMENT problem with exit 2', () => {
  const leftovers = () => readdirSync(work).filter((name) => name.includes('.mixstack-'));

  test('an output path that is a file', () => {
    const result = mixstack(['build', 'stack.ts', '-o', 'a-file', '--json']);
    expectClean(result);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      command: 'build',
      problems: [
        { code: 'UNSAFE_OUTPUT', message: expect.stringContaining('a-file is a file, not a folder') },
      ],
    });
    expect(readFileSync(join(work, 'a-file'), 'utf8')).toBe('not a folder');
  });

  test('a folder name too long once the temporary suffix is added (real ENAMETOOLONG)', () => {
    const name = 'm'.repeat(240);
    const result = mixstack(['build', 'stack.ts', '-o', name]);
    expectClean(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error [ENVIRONMENT]');
    expect(result.stderr).toContain('(240 characters) is too long');
    expect(result.stderr).toContain('use a folder name of at most');
    expect(leftovers()).toEqual([]);
  });

  test('an unwritable parent folder names the user folder, not the hidden temporary path (injected EACCES)', () => {
    const result = mixstack(
      ['build', 'stack.ts', '-o', 'out-parent'],
      'writeFileSync:EACCES:*.out-parent.mixstack-',
    );
    expectClean(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `cannot write ${work}, the folder that holds out-parent: permission denied (EACCES)`,
    );
    const json = mixstack(
      ['mixins', 'stack.ts', '-o', 'out-parent', '--json'],
      'writeFileSync:EACCES:*.out-parent.mixstack-',
    );
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      command: 'mixins',
      problems: [{ code: 'ENVIRONMENT', address: 'out-parent' }],
    });
    expect(leftovers()).toEqual([]);
    expect(existsSync(join(work, 'out-parent'))).toBe(false);
  });

  test('a read-only output folder is refused before anything changes (injected EACCES)', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'read-only']).code).toBe(0);
    const before = readFileSync(join(work, 'read-only/.mixstack'), 'utf8');
    const result = mixstack(['build', 'stack.ts', '-o', 'read-only'], 'accessSync:EACCES:/read-only');
    expectClean(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot write the output folder read-only: permission denied (EACCES)');
    expect(readFileSync(join(work, 'read-only/.mixstack'), 'utf8')).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  test('a full disk leaves the old output and no leftovers (injected ENOSPC)', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'full']).code).toBe(0);
    const before = readdirSync(join(work, 'full')).sort();
    const result = mixstack(['build', 'stack.ts', '-o', 'full', '--json'], 'writeFileSync:ENOSPC:.yaml');
    expectClean(result);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      command: 'build',
      problems: [
        {
          code: 'ENVIRONMENT',
          message: expect.stringContaining('the disk is full (ENOSPC) while writing full'),
        },
      ],
    });
    expect(readdirSync(join(work, 'full')).sort()).toEqual(before);
    expect(leftovers()).toEqual([]);
  });
});

describe('small things', () => {
  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const result = mixstack(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  test('-o manifests/ is shown as manifests/ once', () => {
    const result = mixstack(['build', 'stack.ts', '-o', 'slash/']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mixstack build → slash/:');
    expect(result.stdout).not.toContain('slash//');
  });

  test('--stdout does not claim files were written', () => {
    const result = mixstack(['build', 'stack.ts', '--stdout']);
    expect(result.code).toBe(0);
    // The Namespace and its default-deny NetworkPolicy.
    expect(result.stderr).toContain('2 objects in one YAML stream on stdout');
    expect(result.stderr).not.toMatch(/in \d+ files?/);
  });

  test('--stdout --json is a usage error (exit 2), reported in the JSON shape', () => {
    const result = mixstack(['build', 'stack.ts', '--stdout', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--stdout and --json exclude each other');
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      command: 'build',
      problems: [{ code: 'USAGE' }],
    });
  });
});
