// A package lifted out of the monorepo: its folder copied alone into a temporary directory,
// its dependencies installed from the local registry, its build, typecheck and tests run there.
// It proves the package can be proposed upstream or moved to a repository of its own.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sharedDir } from '@mixstack/testing';
import { workspaceRoot } from '../scripts/workspace.mjs';
import { assert, run } from './run.mjs';

/** What a copy leaves behind: what the package's own commands create. */
const LEFT_BEHIND = new Set(['node_modules', 'dist', '.vitest-report.json', '.vitest-tmp', 'CHANGELOG.md']);

export function liftOut({ name, folder, env }) {
  const source = join(workspaceRoot, 'packages', name);
  const dir = folder(`lifted-${name}`);
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => path === source || !LEFT_BEHIND.has(path.slice(dirname(path).length + 1)),
  });
  // A repository of its own keeps its runbooks in docs/runbooks/, as this one does: each names
  // the package it belongs to in its first lines.
  const runbooks = join(workspaceRoot, 'docs/runbooks');
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  for (const file of readdirSync(runbooks).filter((f) => f.endsWith('.md'))) {
    if (readFileSync(join(runbooks, file), 'utf8').includes(`(\`${manifest.name}\``)) {
      mkdirSync(join(dir, 'docs/runbooks'), { recursive: true });
      cpSync(join(runbooks, file), join(dir, 'docs/runbooks', file));
    }
  }
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, env });
  run('npm', ['run', 'build'], { cwd: dir, env });
  assert(existsSync(join(dir, 'dist/index.js')), `${name}: npm run build writes dist/index.js`);
  run('npm', ['run', 'typecheck'], { cwd: dir, env });
  const testEnv = { ...env, ...(existsSync(sharedDir) ? { MIXSTACK_SHARED: sharedDir } : {}) };
  run('npx', ['vitest', 'run'], { cwd: dir, env: testEnv });
  const report = JSON.parse(readFileSync(join(dir, '.vitest-report.json'), 'utf8'));
  assert(report.numPassedTests > 0, `${name}: its tests ran (${report.numPassedTests} passed)`);
  assert(report.numFailedTests === 0, `${name}: no test failed (${report.numFailedTests} failed)`);
  process.stdout.write(
    `${name}: built, typechecked, ${report.numPassedTests} tests passed${report.numPendingTests ? `, ${report.numPendingTests} skipped` : ''}\n`,
  );
}
