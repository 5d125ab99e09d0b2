// The release test's users: repositories that install mixstack from the local registry.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, run, step } from './run.mjs';

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** Every file under `dir`, relative, sorted, with its contents. */
function filesOf(dir) {
  const files = new Map();
  const walk = (current, prefix) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, readFileSync(path, 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}

/** The workspace packages installed in a folder's node_modules (`@mixstack/*` and `mixstack`). */
function installedMixstackPackages(dir) {
  const scope = join(dir, 'node_modules/@mixstack');
  const scoped = readdirSync(scope).map((name) => `@mixstack/${name}`);
  const meta = readdirSync(join(dir, 'node_modules')).includes('mixstack') ? ['mixstack'] : [];
  return [...scoped, ...meta].sort();
}

const STACK = `import { createStack } from '@mixstack/core';
import { prometheus } from '@mixstack/component-prometheus';

export default createStack({ namespace: 'monitoring' }, [prometheus()]);
`;

export async function consumerChecks({ folder, env, versions }) {
  const install = (dir, args = []) =>
    run('npm', ['install', '--no-audit', '--no-fund', ...args], { cwd: dir, env });
  let esmFiles;

  await step(
    'an ESM TypeScript repository installs mixstack, @mixstack/core and @mixstack/component-prometheus, and builds stack.ts',
    () => {
      const dir = folder('esm-repository');
      writeFileSync(
        join(dir, 'package.json'),
        json({
          name: 'esm-repository',
          private: true,
          type: 'module',
          dependencies: {
            mixstack: versions.mixstack,
            '@mixstack/core': versions['@mixstack/core'],
            '@mixstack/component-prometheus': versions['@mixstack/component-prometheus'],
          },
          devDependencies: { typescript: '5.9.3' },
        }),
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        json({
          // As `mixstack init` writes it. skipLibCheck: the kit's declarations name kubernetes-models
          // types, which only its optional peers provide (26 MB to install for types alone).
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
          },
          include: ['stack.ts'],
        }),
      );
      writeFileSync(join(dir, 'stack.ts'), STACK);
      install(dir);
      run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: dir, env });
      const output = run('npx', ['mixstack', 'build', 'stack.ts', '-o', 'manifests', '--json'], {
        cwd: dir,
        env,
      });
      const report = JSON.parse(output);
      assert(report.ok === true, `mixstack build reports ok (${output})`);
      esmFiles = filesOf(join(dir, 'manifests'));
      // The CLI's ownership marker (what it wrote, so that a later build may replace it) is not rendered.
      assert(esmFiles.delete('.mixstack'), 'mixstack build marks the folder it owns (.mixstack)');
      assert(esmFiles.has('Kustomization'), 'manifests/Kustomization is written');
      assert(
        [...esmFiles.keys()].some((path) => /prometheus/.test(path)),
        'the Prometheus manifests are written',
      );
      run('kubectl', ['kustomize', 'manifests'], { cwd: dir, env });
      process.stdout.write(`${esmFiles.size} files; kubectl kustomize accepts them\n`);
    },
  );

  await step('a CommonJS script requires the packages and renders the same files', () => {
    const dir = folder('cjs-script');
    writeFileSync(
      join(dir, 'package.json'),
      json({
        name: 'cjs-script',
        private: true,
        dependencies: {
          '@mixstack/core': versions['@mixstack/core'],
          '@mixstack/component-prometheus': versions['@mixstack/component-prometheus'],
          mixstack: versions.mixstack,
        },
      }),
    );
    writeFileSync(
      join(dir, 'render.js'),
      `'use strict';
const { createStack, render } = require('@mixstack/core');
const { prometheus } = require('@mixstack/component-prometheus');
const meta = require('mixstack');
if (typeof meta.defaultStack !== 'function') throw new Error('mixstack has no defaultStack');
const { files } = render(createStack({ namespace: 'monitoring' }, [prometheus()]));
process.stdout.write(JSON.stringify(Object.fromEntries(files)));
`,
    );
    install(dir);
    const files = new Map(Object.entries(JSON.parse(run('node', ['render.js'], { cwd: dir, env }))));
    assert(
      files.size === esmFiles.size,
      `the CommonJS render has as many files as the CLI build (${files.size} / ${esmFiles.size})`,
    );
    for (const [path, text] of esmFiles) {
      assert(files.get(path) === text, `${path} is byte-identical in the CommonJS render and the CLI build`);
    }
    process.stdout.write(`${files.size} files, byte-identical to the ESM repository's build\n`);
  });

  await step('@mixstack/addon-slack installed alone pulls no component', () => {
    const dir = folder('addon-slack-alone');
    writeFileSync(join(dir, 'package.json'), json({ name: 'addon-slack-alone', private: true }));
    install(dir, [`@mixstack/addon-slack@${versions['@mixstack/addon-slack']}`]);
    const installed = installedMixstackPackages(dir);
    // Its peer dependency, core, is installed with it (npm installs peers); nothing else of ours.
    assert(
      JSON.stringify(installed) === JSON.stringify(['@mixstack/addon-slack', '@mixstack/core']),
      `only addon-slack and its peer core are installed (got ${installed.join(', ')})`,
    );
    run('node', ['-e', "require('@mixstack/addon-slack'); import('@mixstack/addon-slack')"], {
      cwd: dir,
      env,
    });
    process.stdout.write(`installed: ${installed.join(', ')}\n`);
  });

  await step('npx mixstack init scaffolds a repository that typechecks and builds', () => {
    const dir = folder('init');
    writeFileSync(join(dir, 'package.json'), json({ name: 'init-runner', private: true }));
    install(dir, [`mixstack@${versions.mixstack}`]);
    run('npx', ['mixstack', 'init', 'my-stack'], { cwd: dir, env });
    const repo = join(dir, 'my-stack');
    writeFileSync(join(repo, '.npmrc'), readFileSync(join(dir, '.npmrc'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
    assert(
      manifest.dependencies?.mixstack === `^${versions.mixstack}`,
      `the scaffold depends on the installed mixstack (${manifest.dependencies?.mixstack})`,
    );
    install(repo);
    run('npm', ['run', 'typecheck'], { cwd: repo, env });
    run('npm', ['run', 'build'], { cwd: repo, env });
    const files = filesOf(join(repo, 'manifests'));
    assert(files.has('Kustomization'), 'the scaffold renders manifests/Kustomization');
    run('kubectl', ['kustomize', 'manifests'], { cwd: repo, env });
    process.stdout.write(`the scaffold renders ${files.size} files\n`);
  });
}
