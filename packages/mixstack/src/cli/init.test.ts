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
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageDir, '../..');
const cli = join(packageDir, 'dist/cli.js');
const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
  .version;
const work = mkdtempSync(join(tmpdir(), 'mixstack-init-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string) {
  const { FORCE_COLOR: _force, ...env } = process.env;
  return spawnSync(command, args, {
    cwd,
    env: { ...env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('mixstack init', () => {
  test('scaffolds a repository that builds and type-checks at once (mixstack from the workspace, no network)', () => {
    const init = run(process.execPath, [cli, 'init', 'my-stack'], work);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('mixstack init → my-stack/');
    const repo = join(work, 'my-stack');
    expect(readdirSync(repo).sort()).toEqual(['.gitignore', 'package.json', 'stack.ts', 'tsconfig.json']);
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      type: 'module',
      private: true,
      dependencies: { mixstack: `^${version}` },
      scripts: { build: 'mixstack build stack.ts -o manifests' },
    });
    const tsconfig = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ module: 'NodeNext', strict: true, noEmit: true });
    expect(readFileSync(join(repo, 'stack.ts'), 'utf8')).toContain(
      "export default createStack({ namespace: 'monitoring' }, [prometheus(), grafana()]);",
    );
    const gitignore = readFileSync(join(repo, '.gitignore'), 'utf8');
    expect(gitignore).toMatch(/^node_modules\/$/m);
    expect(gitignore).not.toMatch(/^manifests/m);
    expect(gitignore).toContain('committed');

    // Resolve mixstack (and its dependencies) from the workspace instead of npm install.
    symlinkSync(join(repoRoot, 'node_modules'), join(repo, 'node_modules'), 'dir');
    expect(existsSync(join(repo, 'node_modules/mixstack/package.json'))).toBe(true);

    const build = run(process.execPath, [cli, 'build', 'stack.ts', '-o', 'manifests'], repo);
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(readdirSync(join(repo, 'manifests')).length).toBeGreaterThan(0);
    expect(existsSync(join(repo, 'manifests/.mixstack'))).toBe(true);

    const tsc = run(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
      repo,
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 180_000);

  test('refuses to overwrite existing files (exit 2, listing them) and writes nothing', () => {
    const dir = mkdtempSync(join(work, 'taken-'));
    writeFileSync(join(dir, 'package.json'), '{}\n');
    writeFileSync(join(dir, 'stack.ts'), '// mine\n');
    const init = run(process.execPath, [cli, 'init'], dir);
    expect(init.status).toBe(2);
    expect(init.stderr).toContain('error [UNSAFE_OUTPUT] in .: . already holds package.json, stack.ts;');
    expect(init.stderr).toContain('mixstack init overwrites no file, so nothing was written');
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'stack.ts']);
    expect(readFileSync(join(dir, 'stack.ts'), 'utf8')).toBe('// mine\n');

    const json = run(process.execPath, [cli, 'init', dir, '--json'], work);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      command: 'init',
      problems: [{ code: 'UNSAFE_OUTPUT' }],
    });
  });

  test('usage error: init takes no output option', () => {
    const init = run(process.execPath, [cli, 'init', '-o', 'x'], work);
    expect(init.status).toBe(2);
    expect(init.stderr).toContain('init takes only a folder');
  });
});
