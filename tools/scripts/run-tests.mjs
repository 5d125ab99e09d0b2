#!/usr/bin/env node
// `npm test`: every package's tests through nx (cached, dependencies built first), then one
// closing line with the total over all packages, read from each package's vitest JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackages, workspaceRoot } from './workspace.mjs';

const projects = [...workspacePackages().map((p) => p.dir), join(workspaceRoot, 'tools')];
for (const dir of projects) rmSync(join(dir, '.vitest-report.json'), { force: true });

const extra = process.argv.slice(2);
const nx = spawnSync(
  join(workspaceRoot, 'node_modules/.bin/nx'),
  ['run-many', '-t', 'test', '--output-style=stream', ...extra],
  {
    cwd: workspaceRoot,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of projects) {
  const report = join(dir, '.vitest-report.json');
  if (!existsSync(report)) {
    missing.push(dir.slice(workspaceRoot.length + 1));
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + (json.numTodoTests ?? 0);
}
if (missing.length > 0) process.stdout.write(`\nno test report from: ${missing.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
const code = nx.status ?? 1;
process.exit(code !== 0 ? code : failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
