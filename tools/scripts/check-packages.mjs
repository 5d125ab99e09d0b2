#!/usr/bin/env node
// Runs publint and @arethetypeswrong/cli on every publishable package (after `npm run build`),
// plus the workspace's own rules of DESIGN.md §4 that neither tool knows.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackages, workspaceRoot } from './workspace.mjs';

const failures = [];

function run(label, command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0) failures.push(`${label}\n${output}`);
  return output;
}

/** Our package shape: ESM type, exports with types for import and require, dist only, no side effects, public. */
function checkShape({ name, dir, manifest }) {
  const problems = [];
  const expectField = (ok, text) => ok || problems.push(text);
  expectField(manifest.type === 'module', '"type" must be "module"');
  expectField(manifest.sideEffects === false, '"sideEffects" must be false');
  // dist/, plus any file the package exports as it is (@mixstack/testing's tsconfig.base.json).
  const exportedFiles = Object.entries(manifest.exports ?? {})
    .filter(([subpath, target]) => typeof target === 'string' && subpath !== './package.json')
    .map(([, target]) => target.replace(/^\.\//, ''));
  const files = ['dist', ...exportedFiles];
  expectField(
    JSON.stringify(manifest.files) === JSON.stringify(files),
    `"files" must be ${JSON.stringify(files)}`,
  );
  expectField(manifest.publishConfig?.access === 'public', '"publishConfig.access" must be "public"');
  expectField(manifest.license === 'Apache-2.0', '"license" must be "Apache-2.0"');
  expectField(
    manifest.repository?.directory === `packages/${name}`,
    `"repository.directory" must be "packages/${name}"`,
  );
  expectField(
    manifest.exports?.['.']?.import?.types && manifest.exports?.['.']?.require?.types,
    '"exports" must give types for import and require',
  );
  expectField(existsSync(join(dir, 'README.md')), 'README.md is missing');
  // What the npm page and the tarball show: the license travels with the package, `npm pack`
  // builds what it ships, and no link of the README leaves the package (npm cannot follow it).
  expectField(
    existsSync(join(dir, 'LICENSE')),
    'LICENSE is missing (npm pack ships it from the package folder)',
  );
  expectField(
    manifest.scripts?.prepack !== undefined,
    '"scripts.prepack" must build the package, so that npm pack never ships it without dist/',
  );
  if (existsSync(join(dir, 'README.md'))) {
    const links = [...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(/\]\((\.\.\/[^)]*)\)/g)].map(
      (m) => m[1],
    );
    for (const link of links)
      problems.push(`README.md links to ${link}, outside the package: use an absolute URL`);
  }
  expectField(existsSync(join(dir, 'src/index.ts')), 'src/index.ts is missing');
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [dep, range] of Object.entries(manifest[section] ?? {})) {
      if (String(range).startsWith('workspace:'))
        problems.push(`${section}.${dep} uses "workspace:" which npm rejects; use "*"`);
    }
  }
  if (name !== 'core' && manifest.dependencies?.['@mixstack/core']) {
    problems.push('@mixstack/core must be a peer dependency (one core per stack), not a dependency');
  }
  if (problems.length > 0) failures.push(`package shape of ${manifest.name}:\n  ${problems.join('\n  ')}`);
}

for (const pkg of workspacePackages()) {
  if (pkg.manifest.private) continue;
  process.stdout.write(`checking ${pkg.manifest.name}\n`);
  checkShape(pkg);
  if (!existsSync(join(pkg.dir, 'dist'))) {
    failures.push(`${pkg.manifest.name}: dist/ is missing; run npm run build first`);
    continue;
  }
  // Type declarations are read in editors, far from this repository: no citation of its files.
  for (const file of readdirSync(join(pkg.dir, 'dist')).filter((f) => /\.d\.c?ts$/.test(f))) {
    const cited = readFileSync(join(pkg.dir, 'dist', file), 'utf8').match(/\b(DESIGN|STYLE)\.md\b/);
    if (cited)
      failures.push(`${pkg.manifest.name}: dist/${file} cites ${cited[0]}, a file of the repository only`);
  }
  run(
    `publint ${pkg.manifest.name}`,
    join(workspaceRoot, 'node_modules/.bin/publint'),
    ['--strict'],
    pkg.dir,
  );
  run(
    `attw ${pkg.manifest.name}`,
    join(workspaceRoot, 'node_modules/.bin/attw'),
    ['--pack', '.', '--profile', 'node16'],
    pkg.dir,
  );
}

if (failures.length > 0) {
  process.stderr.write(`\n${failures.join('\n\n')}\n\npackage checks: ${failures.length} failed\n`);
  process.exit(1);
}
process.stdout.write('package checks: all passed (publint, attw, package shape)\n');
