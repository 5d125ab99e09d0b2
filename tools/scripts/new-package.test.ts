import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { updatingGolden } from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM script without types
import { checkLayering } from './check-layering.mjs';
// @ts-expect-error plain ESM script without types
import { createPackage, KINDS, namesOf, sortedKustomization, TEMPLATES, unfill } from './new-package.mjs';
// @ts-expect-error plain ESM script without types
import { workspaceRoot } from './workspace.mjs';

/**
 * The generator writes, for each kind, a package that typechecks, builds, renders and passes its
 * own tests. Proven on one package per kind, generated into a miniature workspace: the root
 * configs the skeleton extends, the real node_modules (so the built @mixstack/core and kit), and
 * core, kit and @mixstack/testing linked in, so that the generated tests see their sources as
 * every test of the repository does. Each package's tsc, tsup and vitest run once, two processes
 * at a time; nothing is written into packages/.
 *
 * The golden files of the component skeleton are templates too (tools/templates/component/src/
 * __golden__): with UPDATE_GOLDEN=1 (`npm run golden`), the generated component rewrites its
 * golden files and they are copied back into the templates, names turned into placeholders.
 */

type Kind = 'component' | 'addon' | 'platform' | 'lib';
const PACKAGES: Record<Kind, string> = {
  component: 'component-wombat-den',
  addon: 'addon-wombat-den',
  platform: 'platform-wombat-den',
  lib: 'lib-wombat-den',
};
const KIND_LIST = Object.keys(PACKAGES) as Kind[];

interface Run {
  status: number | null;
  output: string;
  seconds: number;
}

/** Runs at most two processes at a time (CI machines have few cores; tsc and vitest each use one). */
const queue: (() => void)[] = [];
let running = 0;
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const start = () => {
      running += 1;
      const started = Date.now();
      // No colours, and no FORCE_COLOR beside NO_COLOR: Node then warns on stderr, in the output.
      const { FORCE_COLOR: _forced, ...inherited } = process.env;
      const child = spawn(command, args, { cwd, env: { ...inherited, NO_COLOR: '1', ...env } });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr.on('data', (chunk) => {
        output += chunk;
      });
      child.on('close', (status) => {
        running -= 1;
        queue.shift()?.();
        resolve({ status, output, seconds: (Date.now() - started) / 1000 });
      });
    };
    if (running < 2) start();
    else queue.push(start);
  });
}

const bin = (name: string) => join(workspaceRoot, 'node_modules/.bin', name);

let root: string;
const written: Partial<Record<Kind, string[]>> = {};
const checks: Partial<Record<Kind, { typecheck: Promise<Run>; build: Promise<Run>; tests: Promise<Run> }>> =
  {};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mixstack-new-package-'));
  // The repository's Biome settings; the miniature workspace is no git repository, so what
  // .gitignore keeps from Biome there is ignored here by name.
  const biome = JSON.parse(readFileSync(join(workspaceRoot, 'biome.json'), 'utf8'));
  const includes = [...biome.files.includes, '!**/.vitest-report.json', '!**/.vitest-tmp'];
  writeFileSync(
    join(root, 'biome.json'),
    JSON.stringify({ ...biome, vcs: { enabled: false }, files: { ...biome.files, includes } }),
  );
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'mini-workspace', private: true, type: 'module', workspaces: ['packages/*'] }),
  );
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'packages'));
  for (const pkg of ['core', 'kit', 'testing']) {
    symlinkSync(join(workspaceRoot, 'packages', pkg), join(root, 'packages', pkg), 'dir');
  }
  for (const kind of KIND_LIST) {
    const name = PACKAGES[kind];
    written[kind] = createPackage(name, { root, description: `Test ${kind} of the generator.` });
    const dir = join(root, 'packages', name);
    checks[kind] = {
      typecheck: run(bin('tsc'), ['-p', 'tsconfig.json'], dir),
      build: run(bin('tsup'), [], dir),
      tests: run(bin('vitest'), ['run'], dir),
    };
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const dirOf = (kind: Kind) => join(root, 'packages', PACKAGES[kind]);
const shown = (r: Run) => `${r.output}\n(${r.seconds}s)`;

describe('package names', () => {
  test.each([['component-foo'], ['addon-pager-duty'], ['lib-resources'], ['platform-eks']])(
    'accepts %s',
    (name) => {
      expect(() => namesOf(name)).not.toThrow();
    },
  );

  test.each([['foo'], ['component'], ['Component-Foo'], ['widget-foo'], ['component_foo'], ['component-2d']])(
    'rejects %s',
    (name) => {
      expect(() => namesOf(name)).toThrow(/is not a package name/);
    },
  );

  test('every name the skeleton uses, from one package name', () => {
    expect(namesOf('component-foo-bar')).toEqual({
      name: 'component-foo-bar',
      kind: 'component',
      base: 'foo-bar',
      camel: 'fooBar',
      pascal: 'FooBar',
      constant: 'FOO_BAR',
      title: 'Foo Bar',
    });
    expect(() => namesOf('component-contracts')).toThrow(/reserved/);
  });
});

describe('golden Kustomizations', () => {
  test('list the files as core sorts them, wherever the package name falls among the stack files', () => {
    const template = [
      'kind: Kustomization',
      'resources:',
      '  - setup/stack-namespace.yaml',
      '  - stack-networkPolicyDefaultDeny.yaml',
      '  - loki-deployment.yaml',
      '  - loki-service.yaml',
      '',
    ].join('\n');
    expect(sortedKustomization(template)).toBe(
      [
        'kind: Kustomization',
        'resources:',
        '  - setup/stack-namespace.yaml',
        '  - loki-deployment.yaml',
        '  - loki-service.yaml',
        '  - stack-networkPolicyDefaultDeny.yaml',
        '',
      ].join('\n'),
    );
  });
});

describe('the files of each kind', () => {
  const common = [
    'package.json',
    'tsconfig.json',
    'tsup.config.ts',
    'vitest.config.ts',
    'README.md',
    'LICENSE',
  ];
  const expected: Record<Kind, string[]> = {
    component: [
      ...common,
      'src/index.ts',
      'src/wombat-den.ts',
      'src/config.ts',
      'src/versions.ts',
      'src/manifests/context.ts',
      'src/manifests/deployment.ts',
      'src/manifests/service.ts',
      'src/manifests/service-account.ts',
      'src/manifests/network-policy.ts',
      'src/manifests/pod-disruption-budget.ts',
      'src/manifests/scrape-target.ts',
      'src/mixin/mixin.ts',
      'src/mixin/alerts.ts',
      'src/mixin/alerts.cases.ts',
      'src/mixin/dashboard.ts',
      'src/mixin/mixin.test.ts',
      'src/golden.test.ts',
      'src/render.test.ts',
      'src/bad-input.test.ts',
      'src/readme.test.ts',
      'src/__golden__/default/Kustomization',
      'src/__golden__/default/setup/stack-namespace.yaml',
      'src/__golden__/default/wombatDen-deployment.yaml',
      'src/__golden__/default/wombatDen-networkPolicy.yaml',
      'src/__golden__/default/wombatDen-service.yaml',
      'src/__golden__/default/wombatDen-serviceAccount.yaml',
      'src/__golden__/default/stack-networkPolicyDefaultDeny.yaml',
      'src/__golden__/in-a-stack/Kustomization',
      'src/__golden__/in-a-stack/setup/stack-namespace.yaml',
      'src/__golden__/in-a-stack/wombatDen-deployment.yaml',
      'src/__golden__/in-a-stack/wombatDen-networkPolicy.yaml',
      'src/__golden__/in-a-stack/wombatDen-podDisruptionBudget.yaml',
      'src/__golden__/in-a-stack/wombatDen-service.yaml',
      'src/__golden__/in-a-stack/wombatDen-serviceAccount.yaml',
      'src/__golden__/in-a-stack/stack-networkPolicyDefaultDeny.yaml',
      'src/__golden__/mixin/wombat-den/prometheus_alerts.yaml',
    ],
    addon: [
      ...common,
      'src/index.ts',
      'src/wombat-den.ts',
      'src/config.ts',
      'src/wombat-den.test.ts',
      'src/bad-input.test.ts',
      'src/readme.test.ts',
    ],
    platform: [
      ...common,
      'src/index.ts',
      'src/wombat-den.ts',
      'src/config.ts',
      'src/test-helpers.ts',
      'src/wombat-den.test.ts',
      'src/bad-input.test.ts',
      'src/readme.test.ts',
    ],
    lib: [
      ...common,
      'src/index.ts',
      'src/wombat-den.ts',
      'src/config.ts',
      'src/test-helpers.ts',
      'src/wombat-den.test.ts',
      'src/bad-input.test.ts',
      'src/readme.test.ts',
    ],
  };
  const outside: Record<Kind, string[]> = {
    component: ['docs/runbooks/WombatDenDown.md'],
    addon: [],
    platform: [],
    lib: [],
  };

  test.each(KIND_LIST)('%s: the skeleton of its kind, a changeset, and nothing in the repository', (kind) => {
    const name = PACKAGES[kind];
    expect(written[kind]).toEqual(
      [
        ...expected[kind].map((file) => `packages/${name}/${file}`),
        ...outside[kind],
        `.changeset/new-${name}.md`,
      ].sort(),
    );
    expect(existsSync(join(workspaceRoot, 'packages', name))).toBe(false);
    expect(readFileSync(join(root, `.changeset/new-${name}.md`), 'utf8')).toBe(
      `---\n'@mixstack/${name}': minor\n---\n\nNew package: Test ${kind} of the generator.\n`,
    );
  });

  test.each(KIND_LIST)(
    '%s: package.json has the shared shape and the dependencies its layer allows',
    (kind) => {
      const manifest = JSON.parse(readFileSync(join(dirOf(kind), 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({
        name: `@mixstack/${PACKAGES[kind]}`,
        description: `Test ${kind} of the generator.`,
        type: 'module',
        sideEffects: false,
        files: ['dist'],
        repository: { directory: `packages/${PACKAGES[kind]}` },
        // A range the published core satisfies, never `*` (npm would take any core, 0.x majors included).
        peerDependencies: { '@mixstack/core': expect.stringMatching(/^\^\d+\.\d+\.\d+$/) },
        publishConfig: { access: 'public' },
      });
      const sections = KINDS[kind] as Record<string, string[]>;
      for (const [section, names] of Object.entries(sections)) {
        expect(Object.keys(manifest[section]).sort()).toEqual([...names].sort());
      }
      for (const version of Object.values<string>(manifest.devDependencies))
        expect(version).toMatch(/^\^?\d+\.\d+\.\d+$/);
    },
  );

  test('refuses to overwrite a package or a file outside it, and then writes nothing', () => {
    expect(() => createPackage(PACKAGES.component, { root })).toThrow(
      'packages/component-wombat-den already exists',
    );
    writeFileSync(join(root, 'docs/runbooks/OtherDenDown.md'), 'mine');
    expect(() => createPackage('component-other-den', { root })).toThrow(
      'docs/runbooks/OtherDenDown.md already exists',
    );
    expect(existsSync(join(root, 'packages/component-other-den'))).toBe(false);
    expect(readFileSync(join(root, 'docs/runbooks/OtherDenDown.md'), 'utf8')).toBe('mine');
  });
});

describe('the generated packages', () => {
  test.each(KIND_LIST)('%s typechecks (tsc, tests included)', async (kind) => {
    const result = await checks[kind]!.typecheck;
    expect(result.output, shown(result)).toBe('');
    expect(result.status).toBe(0);
  });

  test.each(KIND_LIST)('%s builds with tsup: ESM, CommonJS and types', async (kind) => {
    const result = await checks[kind]!.build;
    expect(result.status, shown(result)).toBe(0);
    expect(readdirSync(join(dirOf(kind), 'dist')).sort()).toEqual([
      'index.cjs',
      'index.d.cts',
      'index.d.ts',
      'index.js',
    ]);
  });

  test('the built component renders in a user stack, past every safety check', async () => {
    await checks.component!.build;
    const script = `
      import { createStack, render, validateStack } from '@mixstack/core';
      import { wombatDen } from './dist/index.js';
      const stack = createStack({ namespace: 'monitoring' }, [wombatDen({ replicas: 2 })]);
      console.log(JSON.stringify({ problems: validateStack(stack).length, files: [...render(stack).files.keys()] }));
    `;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], dirOf('component'));
    expect(result.status, shown(result)).toBe(0);
    // The output must be the one JSON line and nothing else (no warning); show it when not.
    expect(() => JSON.parse(result.output), shown(result)).not.toThrow();
    expect(JSON.parse(result.output)).toEqual({
      problems: 0,
      files: [
        'setup/stack-namespace.yaml',
        'stack-networkPolicyDefaultDeny.yaml',
        'wombatDen-deployment.yaml',
        'wombatDen-networkPolicy.yaml',
        'wombatDen-podDisruptionBudget.yaml',
        'wombatDen-service.yaml',
        'wombatDen-serviceAccount.yaml',
        'Kustomization',
      ],
    });
  });

  test.each(KIND_LIST)('%s passes its own tests', async (kind) => {
    const result = await checks[kind]!.tests;
    const report = JSON.parse(readFileSync(join(dirOf(kind), '.vitest-report.json'), 'utf8'));
    expect(report.numFailedTests, shown(result)).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(5);
    expect(result.status).toBe(0);
    if (kind === 'component' && updatingGolden()) copyGoldensIntoTemplates();
  });

  test('Biome accepts the generated code as it is', async () => {
    const result = await run(
      bin('biome'),
      ['check', ...KIND_LIST.map((kind) => `packages/${PACKAGES[kind]}`)],
      root,
    );
    expect(result.status, shown(result)).toBe(0);
  });

  test('the layering rules accept every import and dependency', () => {
    const { violations } = checkLayering({ root });
    expect(violations).toEqual([]);
  });
});

/** The component's golden files, as it rendered them, back into the templates (UPDATE_GOLDEN=1 only). */
function copyGoldensIntoTemplates(): void {
  const names = namesOf(PACKAGES.component);
  const generated = join(dirOf('component'), 'src/__golden__');
  const templates = join(TEMPLATES, 'component/src/__golden__');
  rmSync(templates, { recursive: true, force: true });
  for (const entry of readdirSync(generated, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const target = join(templates, `${unfill(relative(generated, path), names)}.tmpl`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, unfill(readFileSync(path, 'utf8'), names));
  }
}
