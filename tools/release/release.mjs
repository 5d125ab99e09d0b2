#!/usr/bin/env node
// `npm run test:release` (run by .ci/run after the build): mixstack as its users get it.
//
// 1. Starts a local npm registry (verdaccio, 127.0.0.1) and publishes every package to it with
//    `changeset publish`, as a release does.
// 2. In fresh folders with their own .npmrc, installs from it: an ESM TypeScript repository
//    with only mixstack, @mixstack/core and @mixstack/component-prometheus builds a stack.ts
//    with `npx mixstack build`; a CommonJS script requires the packages and renders the same
//    files; @mixstack/addon-slack installed alone pulls no component; `npx mixstack init`
//    scaffolds a repository that typechecks and builds.
// 3. Copies one component, one addon and one platform out of the monorepo, installs their
//    dependencies from the registry, and runs their build, typecheck and tests there.
// 4. Prints the installed size of each package and of its dependency tree
//    (`--update-readme` writes them into the README's package table).
// The registry is stopped whatever happens. Needs `npm run build` first.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { workspacePackages, workspaceRoot } from '../scripts/workspace.mjs';
import { consumerChecks } from './consumers.mjs';
import { liftOut } from './lift-out.mjs';
import { npmrc, startRegistry } from './registry.mjs';
import { assert, run, step } from './run.mjs';
import { installedSizes, updateReadmeTable } from './sizes.mjs';

const { values: options } = parseArgs({
  options: {
    'update-readme': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
  },
});

const published = workspacePackages().filter(({ manifest }) => !manifest.private);
for (const { manifest, dir } of published) {
  assert(existsSync(join(dir, 'dist')), `${manifest.name} has no dist/: run npm run build first`);
}

const work = mkdtempSync(join(tmpdir(), 'mixstack-release-'));
/**
 * The environment of every npm command: none of the npm_* variables of the `npm run` that
 * started this script (npm_config_local_prefix would point installs at the workspace), one
 * npm cache for the run (the packages are new each run; a user cache could hold older tarballs
 * of the same versions).
 */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'),
);
const npmEnv = { ...cleanEnv, npm_config_cache: join(work, 'npm-cache') };
const wanted = (name) => !options.only || options.only.includes(name);

let registry;
let failed = false;
try {
  registry = await step('local registry (verdaccio) on 127.0.0.1', () =>
    startRegistry(join(work, 'registry')),
  );
  process.stdout.write(`registry: ${registry.url}\n`);
  const publishConfig = join(work, 'publish.npmrc');
  writeFileSync(publishConfig, npmrc(registry));
  const env = { ...npmEnv, npm_config_userconfig: publishConfig, npm_config_registry: registry.url };

  await step('changeset publish: every package to the local registry', () => {
    // dist/ is built already (prepack would build each package again); no git tags here.
    const output = run(join(workspaceRoot, 'node_modules/.bin/changeset'), ['publish', '--no-git-tag'], {
      cwd: workspaceRoot,
      env: { ...env, npm_config_ignore_scripts: 'true' },
    });
    process.stdout.write(output);
    for (const { manifest } of published) {
      const info = JSON.parse(
        run('npm', ['view', `${manifest.name}@${manifest.version}`, 'version', '--json'], { cwd: work, env }),
      );
      assert(
        info === manifest.version,
        `${manifest.name}@${manifest.version} is on the registry (got ${info})`,
      );
    }
  });

  const folder = (name) => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.npmrc'), npmrc(registry));
    return dir;
  };
  const versions = Object.fromEntries(published.map(({ manifest }) => [manifest.name, manifest.version]));

  if (wanted('consumers')) await consumerChecks({ folder, env: npmEnv, versions });
  if (wanted('lift-out')) {
    for (const name of ['component-tempo', 'addon-slack', 'platform-gke']) {
      await step(`lift out packages/${name}: install from the registry, build, typecheck, test`, () =>
        liftOut({ name, folder, env: npmEnv }),
      );
    }
  }
  if (wanted('sizes')) {
    const sizes = await step('installed sizes', () =>
      installedSizes({ packages: published.map(({ manifest }) => manifest), folder, env: npmEnv }),
    );
    if (options['update-readme']) updateReadmeTable(join(workspaceRoot, 'README.md'), sizes);
  }
} catch (error) {
  failed = true;
  process.stderr.write(`\nrelease test failed: ${error instanceof Error ? error.stack : error}\n`);
} finally {
  if (registry) await registry.stop();
  if (!options.keep) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`kept ${work}\n`);
}
process.stdout.write(failed ? '\nrelease test: FAILED\n' : '\nrelease test: passed\n');
process.exit(failed ? 1 : 0);
