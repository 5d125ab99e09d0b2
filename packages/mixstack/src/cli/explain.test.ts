/**
 * `mixstack explain` writes exactly one file, the page, and nothing when anything is wrong;
 * `mixstack build --explain` puts the page next to the manifests (mixstack's file, not in the
 * Kustomization), and a later build without the flag drops it and says so. The output-folder
 * guarantees of output-safety.test.ts hold with the page.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mixstack } from './in-process.test-helpers.js';
import { OWNERSHIP_MARKER } from './write-dir.js';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

let work: string;

/** Every file under a folder (links not followed) with its content, the `.mixstack` record included. */
function contents(directory: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'node_modules') continue;
      if (lstatSync(path).isDirectory()) walk(path);
      else out[relative(directory, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(directory);
  return out;
}

const at = (...parts: string[]) => join(work, ...parts);

const stack = `
import { addComponent, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('settings', (s) =>
  addComponent(s, {
    name: 'settings',
    source: 'explain-test',
    build: (ctx) => ({
      configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ctx.common.namespace }, data: { a: 'b' } },
    }),
  }),
)]);
`;

/** The same stack with a second component: its page differs. */
const biggerStack = stack.replace(
  "data: { a: 'b' } },",
  "data: { a: 'b' } },\n      other: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: ctx.common.namespace } },",
);

const invalidStack = `
import { addComponent, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('broken', (s) =>
  addComponent(s, {
    name: 'broken',
    source: 'explain-test',
    build: () => ({ configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name', namespace: 'observability' } } }),
  }),
)]);
`;

const stackWithInput = `
import { addComponent, addInput, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('files', (s) =>
  addComponent(addInput(s, 'explain-test', 'extra', { path: 'extra', description: 'extra files', extensions: ['.txt'], optional: true }), {
    name: 'files',
    source: 'explain-test',
    build: (ctx) => ({
      configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files', namespace: ctx.common.namespace }, data: Object.fromEntries(ctx.inputs.extra ?? new Map()) },
    }),
  }),
)]);
`;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mixstack-explain-cli-'));
  // The stack modules import @mixstack/core as a user's repository does.
  symlinkSync(join(workspaceRoot, 'node_modules'), at('node_modules'), 'dir');
  writeFileSync(at('stack.ts'), stack);
  writeFileSync(at('bigger.ts'), biggerStack);
  writeFileSync(at('invalid.ts'), invalidStack);
  writeFileSync(at('throws.ts'), "throw new Error('no stack today');\nexport default 1;\n");
  mkdirSync(at('with-input/extra'), { recursive: true });
  writeFileSync(at('with-input/stack.ts'), stackWithInput);
  writeFileSync(at('with-input/extra/a.txt'), 'alpha');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('mixstack explain', () => {
  test('writes exactly one file, the page, and says where', async () => {
    const before = contents(work);
    const { code, stdout, stderr } = await mixstack('explain', at('stack.ts'), '-o', at('page.html'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      `mixstack explain → ${at('page.html')}: 2 components, 3 objects, 0 alerts, 0 dashboards (`,
    );
    expect(stdout).toContain(`open it in a browser: file://${at('page.html')}`);
    const after = contents(work);
    expect(Object.keys(after).filter((file) => !(file in before))).toEqual(['page.html']);
    expect(after).toEqual({ ...before, 'page.html': after['page.html'] });
    expect(after['page.html']).toMatch(/^<!DOCTYPE html>\n/);
    expect(after['page.html']).toContain('<section id="components"');
  });

  test('is deterministic, and replaces an earlier page in place without leftovers', async () => {
    const page = at('again.html');
    expect((await mixstack('explain', at('stack.ts'), '-o', page)).code).toBe(0);
    const first = readFileSync(page, 'utf8');
    expect((await mixstack('explain', at('stack.ts'), '-o', page)).code).toBe(0);
    expect(readFileSync(page, 'utf8')).toBe(first);
    // A changed stack overwrites the page with its own.
    expect((await mixstack('explain', at('bigger.ts'), '-o', page)).code).toBe(0);
    const bigger = readFileSync(page, 'utf8');
    expect(bigger).not.toBe(first);
    expect(bigger).toContain('other');
    expect(readdirSync(work).filter((name) => name.includes('.mixstack-'))).toEqual([]);
  });

  test('deletes the drafts killed runs left next to the page, not those of a live run', async () => {
    const folder = at('drafts');
    mkdirSync(folder);
    const dead = spawnSync('true').pid;
    const live = process.ppid;
    writeFileSync(join(folder, `.page.html.mixstack-new-${dead}`), 'half a page');
    writeFileSync(join(folder, `.page.html.mixstack-new-${live}`), 'being written');
    writeFileSync(join(folder, '.other.html.mixstack-new-1'), 'not this page');
    expect((await mixstack('explain', at('stack.ts'), '-o', join(folder, 'page.html'))).code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(
      ['.other.html.mixstack-new-1', `.page.html.mixstack-new-${live}`, 'page.html'].sort(),
    );
  });

  test('creates missing parent folders and reports in JSON', async () => {
    const page = at('docs/deep/stack.html');
    const { code, stdout } = await mixstack('explain', at('stack.ts'), '-o', page, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: true, command: 'explain', output: page });
    expect(report.bytes).toBe(Buffer.byteLength(readFileSync(page, 'utf8')));
    // The stack's own Namespace and NetworkPolicy, and the ConfigMap.
    expect(report.summary.objects).toBe(3);
  });

  test('writes explain.html in the working folder without -o', async () => {
    const folder = at('default-output');
    mkdirSync(folder);
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      expect((await mixstack('explain', at('stack.ts'))).code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(readdirSync(folder)).toEqual(['explain.html']);
  });

  test('refuses a folder as the output (exit 2) and leaves it as it was', async () => {
    mkdirSync(at('site.html/assets'), { recursive: true });
    writeFileSync(at('site.html/assets/logo.svg'), '<svg/>');
    const before = contents(at('site.html'));
    const { code, stderr } = await mixstack('explain', at('stack.ts'), '-o', at('site.html'));
    expect(code).toBe(2);
    expect(stderr).toContain(`${at('site.html')} is a folder, not a file; refusing to replace it.`);
    expect(contents(at('site.html'))).toEqual(before);
  });

  test('refuses a path inside a folder mixstack writes whole, pointing to build --explain', async () => {
    expect((await mixstack('build', at('stack.ts'), '-o', at('manifests'))).code).toBe(0);
    const before = contents(at('manifests'));
    for (const page of ['manifests/explain.html', 'manifests/setup/page.html', 'manifests/new/page.html']) {
      const { code, stderr } = await mixstack('explain', at('stack.ts'), '-o', at(page));
      expect(code, page).toBe(2);
      expect(stderr, page).toContain('a folder mixstack writes whole');
      expect(stderr, page).toContain('run: mixstack build --explain -o ');
    }
    expect(contents(at('manifests'))).toEqual(before);
    // The next build still finds only its own files.
    expect((await mixstack('build', at('stack.ts'), '-o', at('manifests'))).code).toBe(0);
  });

  test('refuses to write into an input folder of the stack', async () => {
    const { code, stderr } = await mixstack(
      'explain',
      at('with-input/stack.ts'),
      '-o',
      at('with-input/extra/page.html'),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('is inside the folder of input "extra"');
    expect(readdirSync(at('with-input/extra'))).toEqual(['a.txt']);
  });

  test('takes only an .html file and no --replace-unknown or --explain (usage, exit 2)', async () => {
    for (const [argv, message] of [
      [['-o', at('stack.yaml')], 'explain writes an HTML page: -o takes a file ending in .html'],
      [['-o', at('out/')], 'explain writes an HTML page'],
      [['--replace-unknown'], '--replace-unknown goes with a command that writes a directory, not explain'],
      [['--explain'], '--explain goes with build'],
      [['--stdout'], '--stdout only goes with build'],
    ] as const) {
      const { code, stderr } = await mixstack('explain', at('stack.ts'), ...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toContain(message);
    }
    expect(existsSync(at('stack.yaml'))).toBe(false);
  });

  test('reports a bad entry with the typed problems (exit 1) and writes nothing', async () => {
    const before = contents(work);
    const cases = [
      { entry: 'missing.ts', code: 'INVALID_PART', text: 'the stack module does not exist' },
      { entry: 'throws.ts', code: 'MODULE', text: 'the stack module threw an error: no stack today' },
      { entry: 'invalid.ts', code: 'INVALID_NAME', text: 'Not_A_Name' },
    ];
    for (const { entry, code, text } of cases) {
      const human = await mixstack('explain', at(entry), '-o', at('bad.html'));
      expect(human.code, entry).toBe(1);
      expect(human.stdout, entry).toBe('');
      expect(human.stderr, entry).toContain(text);
      const json = await mixstack('explain', at(entry), '-o', at('bad.html'), '--json');
      expect(json.code, entry).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report.ok).toBe(false);
      expect(report.command).toBe('explain');
      expect(report.problems.map((p: { code: string }) => p.code)).toContain(code);
    }
    expect(contents(work)).toEqual(before);
  });
});

describe('mixstack build --explain', () => {
  test('writes explain.html next to the manifests: mixstack’s file, not in the Kustomization', async () => {
    const plain = at('plain');
    const withPage = at('with-page');
    expect((await mixstack('build', at('stack.ts'), '-o', plain)).code).toBe(0);
    const run = await mixstack('build', at('stack.ts'), '-o', withPage, '--explain');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // The summary counts the manifests, as without the flag: the page is not one of them.
    expect(run.stdout).toMatch(/: 3 objects in 4 files \(/);
    expect(run.stdout).toContain(`  explain: ${join(withPage, 'explain.html')} (not in the Kustomization)\n`);

    const files = contents(withPage);
    const { 'explain.html': page, [OWNERSHIP_MARKER]: record, ...manifests } = files;
    // The manifests are those of a build without the flag, byte for byte.
    const { [OWNERSHIP_MARKER]: plainRecord, ...plainManifests } = contents(plain);
    expect(manifests).toEqual(plainManifests);
    expect(files.Kustomization).not.toContain('explain');
    expect(JSON.parse(record!).files).toEqual([...JSON.parse(plainRecord!).files, 'explain.html'].sort());
    // The same page `mixstack explain` writes for the stack.
    expect((await mixstack('explain', at('stack.ts'), '-o', at('same.html'))).code).toBe(0);
    expect(page).toBe(readFileSync(at('same.html'), 'utf8'));
  });

  test('a later build without --explain removes the page and says so; with it, writes it again', async () => {
    const folder = at('toggled');
    expect((await mixstack('build', at('stack.ts'), '-o', folder, '--explain')).code).toBe(0);
    const without = await mixstack('build', at('stack.ts'), '-o', folder);
    expect(without.code).toBe(0);
    expect(without.stdout).toContain(
      `  note: removed ${join(folder, 'explain.html')}, the page of an earlier build --explain (it would show an older stack); pass --explain to write it again\n`,
    );
    expect(existsSync(join(folder, 'explain.html'))).toBe(false);
    expect(JSON.parse(readFileSync(join(folder, OWNERSHIP_MARKER), 'utf8')).files).not.toContain(
      'explain.html',
    );
    // Nothing to remove the next time: no note.
    expect((await mixstack('build', at('stack.ts'), '-o', folder)).stdout).not.toContain('note: removed');

    const again = await mixstack('build', at('bigger.ts'), '-o', folder, '--explain', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ explain: join(folder, 'explain.html') });
    expect(readFileSync(join(folder, 'explain.html'), 'utf8')).toContain('other');
    const dropped = await mixstack('build', at('stack.ts'), '-o', folder, '--json');
    expect(JSON.parse(dropped.stdout).removed).toEqual(['explain.html']);
  });

  test('an explain.html mixstack did not write is refused like any unknown file, and kept', async () => {
    const folder = at('users-page');
    expect((await mixstack('build', at('stack.ts'), '-o', folder)).code).toBe(0);
    writeFileSync(join(folder, 'explain.html'), '<p>my notes</p>\n');
    const before = contents(folder);
    for (const flags of [['--explain'], []]) {
      const { code, stderr } = await mixstack('build', at('stack.ts'), '-o', folder, ...flags);
      expect(code).toBe(2);
      expect(stderr).toContain(
        'holds files mixstack did not write; refusing to delete them:\n  explain.html\n',
      );
      expect(contents(folder)).toEqual(before);
    }
  });

  test('an invalid stack writes neither manifests nor page', async () => {
    const folder = at('invalid-out');
    const { code } = await mixstack('build', at('invalid.ts'), '-o', folder, '--explain');
    expect(code).toBe(1);
    expect(existsSync(folder)).toBe(false);
  });

  test('goes only with build into a folder (usage, exit 2)', async () => {
    for (const [argv, message] of [
      [
        ['build', at('stack.ts'), '--explain', '--stdout'],
        '--explain writes explain.html next to the manifests',
      ],
      [['validate', at('stack.ts'), '--explain'], '--explain goes with build'],
      [['mixins', at('stack.ts'), '--explain'], '--explain goes with build'],
    ] as const) {
      const { code, stderr } = await mixstack(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr, argv.join(' ')).toContain(message);
    }
  });
});
