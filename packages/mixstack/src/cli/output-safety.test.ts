/**
 * The output folder is never lost and no file mixstack did not write is deleted (issue 10, "Data
 * loss"): the .mixstack record, refusing unknown files and inputs inside the output, recovery of
 * runs killed at every step of the swap, the lock, and symlinked output folders.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  OWNERSHIP_MARKER,
  recoverOutput,
  UnsafeOutputError,
  WRITE_STEPS,
  type WriteStep,
  writeDirectoryAtomically,
} from './write-dir.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workspaceRoot = resolve(packageDir, '../..');
const cli = join(packageDir, 'dist/cli.js');
const jitiRegister = join(workspaceRoot, 'node_modules/jiti/lib/jiti-register.mjs');

let work: string;

function childEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

function mixstack(args: string[], cwd = work) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: childEnv() });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mixstackAsync(args: string[], cwd = work): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: childEnv() });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** Every file under a folder (links not followed) with its content; a missing folder is undefined. */
function contents(directory: string): Record<string, string> | undefined {
  if (!existsSync(directory)) return undefined;
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (lstatSync(path).isDirectory()) walk(path);
      else out[relative(directory, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(directory);
  return out;
}

/** The content of a folder without the .mixstack record. */
function written(directory: string): Record<string, string> | undefined {
  const all = contents(directory);
  if (all === undefined) return undefined;
  const { [OWNERSHIP_MARKER]: _record, ...rest } = all;
  return rest;
}

/** What `build stack.ts` writes, built once into its own folder. */
function reference(): Record<string, string> | undefined {
  if (!existsSync(join(work, 'reference')))
    expect(mixstack(['build', 'stack.ts', '-o', 'reference']).code).toBe(0);
  return contents(join(work, 'reference'));
}

const leftoversIn = (parent: string) => readdirSync(parent).filter((name) => name.includes('.mixstack-'));

const stack = `
import { addComponent, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('settings', (s) =>
  addComponent(s, {
    name: 'settings',
    source: 'output-safety-test',
    build: (ctx) => ({
      configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ctx.common.namespace }, data: { a: 'b' } },
    }),
  }),
)]);
`;

const invalidStack = `
import { addComponent, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('broken', (s) =>
  addComponent(s, {
    name: 'broken',
    source: 'output-safety-test',
    build: () => ({ configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name', namespace: 'observability' } } }),
  }),
)]);
`;

const stackWithInput = (path: string) => `
import { addComponent, addInput, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('files', (s) =>
  addComponent(addInput(s, 'output-safety-test', 'extra', { path: ${JSON.stringify(path)}, description: 'extra files', extensions: ['.txt'], optional: true }), {
    name: 'files',
    source: 'output-safety-test',
    build: (ctx) => ({
      configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'files', namespace: ctx.common.namespace }, data: Object.fromEntries(ctx.inputs.extra ?? new Map()) },
    }),
  }),
)]);
`;

beforeAll(() => {
  if (!existsSync(cli))
    throw new Error(`${cli} does not exist: run "npm run build" first (npm test does it through nx)`);
  work = mkdtempSync(join(tmpdir(), 'mixstack-output-safety-'));
  symlinkSync(join(workspaceRoot, 'node_modules'), join(work, 'node_modules'), 'dir');
  writeFileSync(join(work, 'stack.ts'), stack);
  writeFileSync(join(work, 'invalid.ts'), invalidStack);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('ownership: mixstack deletes only the files its .mixstack record lists', () => {
  /** A git repository with a kustomize Kustomization, the way a user keeps deploy files. */
  function gitRepo(name: string): string {
    const repo = join(work, name);
    mkdirSync(repo);
    writeFileSync(join(repo, 'Kustomization'), 'resources:\n  - deploy.yaml\n');
    writeFileSync(join(repo, 'deploy.yaml'), 'kind: Deployment\n');
    writeFileSync(join(repo, 'README.md'), '# my deploy files\n');
    const git = spawnSync('git', ['init', '-q'], { cwd: repo });
    if (git.status !== 0) {
      mkdirSync(join(repo, '.git'));
      writeFileSync(join(repo, '.git/HEAD'), 'ref: refs/heads/main\n');
    }
    return repo;
  }

  test('build -o . in a git repository holding a Kustomization refuses (exit 2), lists what it would delete, changes nothing', () => {
    const repo = gitRepo('repo');
    const before = contents(repo);
    const { code, stderr, stdout } = mixstack(['build', '-o', '.'], repo);
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(stderr).toContain('. holds files mixstack did not write');
    expect(stderr).toContain('a Kustomization file does not make a folder mixstack’s');
    expect(stderr).toMatch(/\n {2}\.git\/ \(\d+ files?\)\n/);
    for (const file of ['Kustomization', 'deploy.yaml', 'README.md'])
      expect(stderr).toContain(`\n  ${file}\n`);
    expect(stderr).toContain('--replace-unknown');
    expect(contents(repo)).toEqual(before);
    expect(leftoversIn(work)).toEqual([]);
  });

  test('with --replace-unknown the folder is replaced, and .mixstack records the command and the sorted files', () => {
    const repo = gitRepo('repo-replaced');
    const { code, stderr } = mixstack(['build', '-o', '.', '--replace-unknown'], repo);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(existsSync(join(repo, '.git'))).toBe(false);
    expect(existsSync(join(repo, 'README.md'))).toBe(false);
    const files = Object.keys(written(repo)!);
    expect(files).toContain('setup/stack-namespace.yaml');
    const record = JSON.parse(readFileSync(join(repo, OWNERSHIP_MARKER), 'utf8'));
    expect(record).toEqual({ tool: 'mixstack', command: 'build', files: [...files].sort() });
    // Now the folder is mixstack's: the next build replaces it without the flag.
    expect(mixstack(['build', '-o', '.'], repo).code).toBe(0);
  });

  test('files a user adds to a folder mixstack wrote are refused (exit 2), listed and kept', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'out']).code).toBe(0);
    expect(mixstack(['build', 'stack.ts', '-o', 'out']).code).toBe(0);
    writeFileSync(join(work, 'out/notes.md'), 'mine\n');
    mkdirSync(join(work, 'out/extra/deeper'), { recursive: true });
    writeFileSync(join(work, 'out/extra/deeper/x.yaml'), 'kind: Mine\n');
    writeFileSync(join(work, 'out/setup/mine.yaml'), 'kind: Mine\n');
    const before = contents(join(work, 'out'));
    const { code, stderr } = mixstack(['build', 'stack.ts', '-o', 'out']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'out holds files mixstack did not write; refusing to delete them:\n  extra/ (1 file)\n  notes.md\n  setup/mine.yaml\nNothing was changed.',
    );
    expect(contents(join(work, 'out'))).toEqual(before);
    // mixins and crds pull refuse the same way.
    expect(mixstack(['mixins', 'stack.ts', '-o', 'out']).code).toBe(2);
    expect(contents(join(work, 'out'))).toEqual(before);
    // A file of mixstack's the user deleted is no obstacle; the user's files are.
    rmSync(join(work, 'out/notes.md'));
    rmSync(join(work, 'out/extra'), { recursive: true });
    rmSync(join(work, 'out/setup/mine.yaml'));
    rmSync(join(work, 'out/settings-configMap.yaml'));
    expect(mixstack(['build', 'stack.ts', '-o', 'out']).code).toBe(0);
    expect(existsSync(join(work, 'out/settings-configMap.yaml'))).toBe(true);
  });

  test('an output path that is a file is refused (exit 2)', () => {
    writeFileSync(join(work, 'a-file'), 'mine\n');
    const { code, stderr } = mixstack(['build', 'stack.ts', '-o', 'a-file']);
    expect(code).toBe(2);
    expect(stderr).toContain('a-file is a file, not a folder');
    expect(readFileSync(join(work, 'a-file'), 'utf8')).toBe('mine\n');
  });
});

describe('an input inside the output folder is refused before anything is written', () => {
  test('build --crds out/crds -o out exits 2 and deletes nothing', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'with-crds']).code).toBe(0);
    mkdirSync(join(work, 'with-crds/crds'));
    writeFileSync(join(work, 'with-crds/crds/monitoring.coreos.com_prometheuses.yaml'), 'kind: CRD\n');
    const before = contents(join(work, 'with-crds'));
    const { code, stderr } = mixstack(['build', '--crds', 'with-crds/crds', '-o', 'with-crds']);
    expect(code).toBe(2);
    expect(stderr).toContain('the CRD folder (--crds)');
    expect(stderr).toContain('is inside the output folder with-crds');
    expect(contents(join(work, 'with-crds'))).toEqual(before);
  });

  test('an input folder the stack names, and the stack module itself, inside the output are refused', () => {
    mkdirSync(join(work, 'named/gen/extra'), { recursive: true });
    writeFileSync(join(work, 'named/stack.ts'), stackWithInput('gen/extra'));
    writeFileSync(join(work, 'named/gen/extra/a.txt'), 'alpha');
    const input = mixstack(['build', 'named/stack.ts', '-o', 'named/gen']);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('the folder of input "extra"');
    expect(readFileSync(join(work, 'named/gen/extra/a.txt'), 'utf8')).toBe('alpha');

    const module = mixstack(['build', 'named/stack.ts', '-o', 'named']);
    expect(module.code).toBe(2);
    expect(module.stderr).toContain('the stack module');
    expect(module.stderr).toContain('is inside the output folder named');
    expect(existsSync(join(work, 'named/stack.ts'))).toBe(true);
    expect(leftoversIn(work)).toEqual([]);
  });
});

describe('a killed run: the folder is complete, or the next run restores it', () => {
  const v1 = { Kustomization: 'v1\n', 'a.yaml': 'v1\n', 'setup/ns.yaml': 'v1\n' };
  const v2 = { Kustomization: 'v2\n', 'a.yaml': 'v2\n', 'b.yaml': 'v2\n', 'setup/ns.yaml': 'v2\n' };
  const v3 = { Kustomization: 'v3\n', 'c.yaml': 'v3\n' };
  const map = (files: Record<string, string>) => new Map(Object.entries(files));
  let script: string;

  beforeAll(() => {
    script = join(work, 'kill-at.ts');
    writeFileSync(
      script,
      `import { writeDirectoryAtomically } from ${JSON.stringify(join(packageDir, 'src/cli/write-dir.ts'))};
const [directory, step, files] = process.argv.slice(2);
writeDirectoryAtomically(directory!, new Map(Object.entries(JSON.parse(files!))), {
  command: 'build',
  hooks: { afterStep: (name) => { if (name === step) process.kill(process.pid, 'SIGKILL'); } },
});
`,
    );
  });

  test.each(WRITE_STEPS.map((step) => [step]))('killed after step %s', (step: WriteStep) => {
    const parent = join(work, `killed-${step}`);
    const out = join(parent, 'out');
    mkdirSync(parent);
    writeDirectoryAtomically(out, map(v1), { command: 'build' });
    const killed = spawnSync(
      process.execPath,
      ['--import', jitiRegister, script, out, step, JSON.stringify(v2)],
      { encoding: 'utf8', env: childEnv() },
    );
    expect(killed.stderr).toBe('');
    expect(killed.signal).toBe('SIGKILL');
    // Right after the kill: the old or the new output, whole; or (between the two renames) none.
    const after = written(out);
    if (step === 'moved-old') expect(after).toBeUndefined();
    else expect([v1, v2]).toContainEqual(after);

    // The next run restores the folder before doing anything else, and removes every leftover.
    recoverOutput(out);
    const newDone = WRITE_STEPS.indexOf(step) >= WRITE_STEPS.indexOf('moved-new');
    expect(written(out)).toEqual(newDone ? v2 : v1);
    expect(readdirSync(parent)).toEqual(['out']);

    writeDirectoryAtomically(out, map(v3), { command: 'build' });
    expect(written(out)).toEqual(v3);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  test('the state a kill between the renames left (no folder, the old one aside) is restored by the next build, even a failing one', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'crashed']).code).toBe(0);
    const before = contents(join(work, 'crashed'));
    renameSync(join(work, 'crashed'), join(work, '.crashed.mixstack-old-999999'));
    mkdirSync(join(work, '.crashed.mixstack-new-999999'));
    writeFileSync(join(work, '.crashed.mixstack-new-999999/half.yaml'), 'kind: Half\n');
    const failed = mixstack(['build', 'invalid.ts', '-o', 'crashed']);
    expect(failed.code).toBe(1);
    expect(contents(join(work, 'crashed'))).toEqual(before);
    expect(leftoversIn(work)).toEqual([]);

    // Leftovers next to an existing folder (a run killed after the swap) go too.
    mkdirSync(join(work, '.crashed.mixstack-old-999998'));
    mkdirSync(join(work, '.crashed.mixstack-trash-999997'));
    expect(mixstack(['build', 'stack.ts', '-o', 'crashed']).code).toBe(0);
    expect(contents(join(work, 'crashed'))).toEqual(before);
    expect(leftoversIn(work)).toEqual([]);
  });
});

describe('one writer per folder', () => {
  test('a build while another process holds the lock is refused (exit 2) with a clear message; a dead process’s lock is taken over', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'locked']).code).toBe(0);
    const before = contents(join(work, 'locked'));
    const lock = join(work, '.locked.mixstack-lock');
    writeFileSync(lock, `${process.pid}\n`);
    // The live writer's new folder: no other run may take it for a leftover.
    const live = join(work, `.locked.mixstack-new-${process.pid}`);
    mkdirSync(live);
    const refused = mixstack(['build', 'stack.ts', '-o', 'locked']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`another mixstack (process ${process.pid}) is writing locked right now`);
    expect(contents(join(work, 'locked'))).toEqual(before);
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    expect(existsSync(live)).toBe(true);
    expect(mixstack(['build', 'invalid.ts', '-o', 'locked']).code).toBe(2);

    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lock, `${dead}\n`);
    const taken = mixstack(['build', 'stack.ts', '-o', 'locked']);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(leftoversIn(work)).toEqual([]);
  });

  test('the writer called again while it holds the lock is refused', () => {
    const out = join(work, 'nested');
    let inner: unknown;
    writeDirectoryAtomically(out, new Map([['a.yaml', 'outer\n']]), {
      command: 'build',
      hooks: {
        afterStep: (step) => {
          if (step !== 'written') return;
          try {
            writeDirectoryAtomically(out, new Map([['a.yaml', 'inner\n']]), { command: 'build' });
          } catch (error) {
            inner = error;
          }
        },
      },
    });
    expect(inner).toBeInstanceOf(UnsafeOutputError);
    expect((inner as Error).message).toContain('is writing');
    expect(written(out)).toEqual({ 'a.yaml': 'outer\n' });
    expect(leftoversIn(work)).toEqual([]);
  });

  test('concurrent builds of one folder: each exits 0 or 2 with the message, never 70; the folder is whole', async () => {
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => mixstackAsync(['build', 'stack.ts', '-o', 'concurrent'])),
    );
    for (const run of runs) {
      expect([0, 2]).toContain(run.code);
      if (run.code === 2) expect(run.stderr).toContain('is writing concurrent right now');
    }
    expect(runs.some((run) => run.code === 0)).toBe(true);
    expect(contents(join(work, 'concurrent'))).toEqual(reference());
    expect(leftoversIn(work)).toEqual([]);
  });
});

describe('a symlinked output folder is followed, never replaced by a real folder', () => {
  test('the link stays and its target gets the output, run after run', () => {
    mkdirSync(join(work, 'real-target'));
    symlinkSync(join(work, 'real-target'), join(work, 'linked'), 'dir');
    expect(mixstack(['build', 'stack.ts', '-o', 'linked']).code).toBe(0);
    expect(mixstack(['build', 'stack.ts', '-o', 'linked']).code).toBe(0);
    expect(lstatSync(join(work, 'linked')).isSymbolicLink()).toBe(true);
    expect(contents(join(work, 'real-target'))).toEqual(reference());
    expect(leftoversIn(work)).toEqual([]);
  });

  test('a link to a missing folder is refused (exit 2)', () => {
    symlinkSync(join(work, 'nowhere'), join(work, 'dangling'), 'dir');
    const { code, stderr } = mixstack(['build', 'stack.ts', '-o', 'dangling']);
    expect(code).toBe(2);
    expect(stderr).toContain('dangling is a symbolic link to a path that does not exist');
    expect(lstatSync(join(work, 'dangling')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(work, 'nowhere'))).toBe(false);
  });
});
