import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const workspaceRoot = resolve(packageDir, '../..');
const cli = join(packageDir, 'dist/cli.js');

let work: string;

/** The environment of the CLI: no colours (nx sets FORCE_COLOR, which makes Node warn about NO_COLOR). */
function childEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** Runs the built CLI as a child process, the way a user runs it. */
function mixstack(args: string[], cwd = work) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: childEnv(),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file of a directory with its SHA-256, to prove a directory did not change. */
function fingerprint(directory: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(directory, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(directory);
  return out;
}

const validStack = `
import { addComponent, createStack, definePart, withValues } from '@mixstack/core';

const settings = definePart('settings', (stack) =>
  addComponent(withValues(stack, 'settings', 'defaults', { settings: { greeting: 'hello' } }), {
    name: 'settings',
    source: 'cli-test',
    build: (ctx: { common: { namespace: string }; values: { greeting: string } }) => ({
      configMap: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: ctx.common.namespace },
        data: { greeting: ctx.values.greeting },
      },
    }),
  }),
);

export default createStack({ namespace: 'observability' }, [settings]);
`;

const invalidStack = `
import { addComponent, createStack, definePart } from '@mixstack/core';

const broken = definePart('broken', (stack) =>
  addComponent(stack, {
    name: 'broken',
    source: 'cli-test',
    build: () => ({ configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_A_Name', namespace: 'observability' } } }),
  }),
);

export default createStack({ namespace: 'observability' }, [broken]);
`;

beforeAll(() => {
  // nx builds the CLI before its tests; building it here could race with the other test file.
  if (!existsSync(cli))
    throw new Error(`${cli} does not exist: run "npm run build" first (npm test does it through nx)`);
  work = mkdtempSync(join(tmpdir(), 'mixstack-cli-'));
  // The entry imports @mixstack/core like a user's repository would: give the temp dir the workspace's node_modules.
  symlinkSync(join(workspaceRoot, 'node_modules'), join(work, 'node_modules'), 'dir');
  writeFileSync(join(work, 'stack.ts'), validStack);
  writeFileSync(join(work, 'invalid.ts'), invalidStack);
  writeFileSync(
    join(work, 'factory.mts'),
    `import stack from './stack.ts';\nexport default async () => stack;\n`,
  );
  writeFileSync(join(work, 'not-a-stack.ts'), 'export default { hello: "world" };\n');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('mixstack build', () => {
  test('renders a TypeScript entry into one file per object, with a summary', () => {
    const { code, stdout, stderr } = mixstack(['build', 'stack.ts', '-o', 'out']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^mixstack build → out\/: 3 objects in 4 files/);
    expect(stdout).toContain('settings  ConfigMap 1');
    expect(readdirSync(join(work, 'out')).sort()).toEqual([
      '.mixstack',
      'Kustomization',
      'settings-configMap.yaml',
      'setup',
      'stack-networkPolicyDefaultDeny.yaml',
    ]);
    expect(readFileSync(join(work, 'out/settings-configMap.yaml'), 'utf8')).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: observability\ndata:\n  greeting: hello\n',
    );
    expect(readFileSync(join(work, 'out/setup/stack-namespace.yaml'), 'utf8')).toContain(
      'name: observability',
    );
  });

  test('two runs in fresh processes write identical bytes', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'run-a']).code).toBe(0);
    expect(mixstack(['build', 'stack.ts', '-o', 'run-b']).code).toBe(0);
    expect(fingerprint(join(work, 'run-a'))).toEqual(fingerprint(join(work, 'run-b')));
  });

  test('accepts a module whose default export is an async function returning the stack', () => {
    const { code } = mixstack(['build', 'factory.mts', '-o', 'from-factory']);
    expect(code).toBe(0);
    expect(fingerprint(join(work, 'from-factory'))).toEqual(fingerprint(join(work, 'out')));
  });

  test('--stdout prints one multi-document YAML stream with setup objects first', () => {
    const { code, stdout, stderr } = mixstack(['build', 'stack.ts', '--stdout']);
    expect(code).toBe(0);
    const documents = parseAllDocuments(stdout).map((doc) => doc.toJS());
    expect(documents.map((d) => d.kind)).toEqual(['Namespace', 'ConfigMap', 'NetworkPolicy']);
    expect(stderr).toContain('3 objects');
  });

  test('--json reports the summary as JSON', () => {
    const { code, stdout } = mixstack(['build', 'stack.ts', '-o', 'json-out', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: true, command: 'build', summary: { objects: 3, files: 4 } });
    expect(report.summary.byComponent).toEqual({
      settings: { ConfigMap: 1 },
      stack: { Namespace: 1, NetworkPolicy: 1 },
    });
  });

  test('a failed build leaves an existing output directory byte-identical and exits 1', () => {
    expect(mixstack(['build', 'stack.ts', '-o', 'kept']).code).toBe(0);
    const before = fingerprint(join(work, 'kept'));
    const { code, stderr, stdout } = mixstack(['build', 'invalid.ts', '-o', 'kept']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error [INVALID_NAME] in broken/configMap, field metadata.name');
    expect(stderr).toContain('fix:');
    expect(fingerprint(join(work, 'kept'))).toEqual(before);
    expect(
      readdirSync(work).filter((name) => name.includes('mixstack-new') || name.includes('mixstack-old')),
    ).toEqual([]);
  });

  test('--json reports errors as JSON with code, address and path, in the shape validate uses', () => {
    const { code, stdout } = mixstack(['build', 'invalid.ts', '-o', 'never', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      ok: false,
      command: 'build',
      problems: [
        {
          code: 'INVALID_NAME',
          address: 'broken/configMap',
          path: 'metadata.name',
          value: 'Not_A_Name',
        },
      ],
    });
    const validated = JSON.parse(mixstack(['validate', 'invalid.ts', '--json']).stdout);
    expect(Object.keys(validated).sort()).toEqual(Object.keys(report).sort());
    expect(validated.problems).toEqual(report.problems);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test('build and validate list every problem of the stack in one run', () => {
    writeFileSync(
      join(work, 'three-mistakes.ts'),
      `import { createStack, defineComponent, options } from '@mixstack/core';
const app = defineComponent({
  name: 'app',
  source: 'test',
  schema: options.object({ replicas: options.integer({ min: 1 }), image: options.pinnedImage() }),
  defaults: () => ({ replicas: 1, image: 'app:1.0' }),
  build: () => ({}),
});
export default createStack({ namespace: 'Monitoring' }, [app({ replicas: 0, image: 'app:latest' })]);
`,
    );
    const built = mixstack(['build', 'three-mistakes.ts', '-o', 'never']);
    expect(built.code).toBe(1);
    for (const field of ['field namespace', 'field replicas', 'field image'])
      expect(built.stderr).toContain(field);
    expect(built.stderr).toContain('mixstack build: 3 problems');
    const validated = mixstack(['validate', 'three-mistakes.ts', '--json']);
    expect(JSON.parse(validated.stdout).problems.map((p: { path: string }) => p.path)).toEqual([
      'namespace',
      'replicas',
      'image',
    ]);
  });

  test('refuses to replace a directory it did not write', () => {
    mkdirSync(join(work, 'precious'));
    writeFileSync(join(work, 'precious/notes.txt'), 'mine');
    const { code, stderr } = mixstack(['build', 'stack.ts', '-o', 'precious']);
    expect(code).toBe(2);
    expect(stderr).toContain('refusing to delete them:\n  notes.txt\n');
    expect(readFileSync(join(work, 'precious/notes.txt'), 'utf8')).toBe('mine');
  });

  test('a module without a stack as default export is a clear error', () => {
    const { code, stderr } = mixstack(['build', 'not-a-stack.ts', '-o', 'never']);
    expect(code).toBe(1);
    expect(stderr).toContain('the default export of the stack module is not a stack');
  });

  test('without ENTRY it renders the default stack', () => {
    const { code, stdout } = mixstack(['build', '-o', 'default-out']);
    expect(code).toBe(0);
    expect(stdout).toContain('mixstack build → default-out/');
    // Pyroscope pulls the profiles of annotated pods: the summary says how to annotate one.
    expect(stdout).toContain('note: To profile an app, annotate its pod template');
    expect(stdout).toContain('profiles.grafana.com/cpu.scrape: "true"');
    expect(readFileSync(join(work, 'default-out/setup/stack-namespace.yaml'), 'utf8')).toContain(
      'name: monitoring',
    );
  });
});

describe('mixstack validate and mixins', () => {
  test('validate lists problems and exits 1, or says there are none', () => {
    const bad = mixstack(['validate', 'invalid.ts']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INVALID_NAME');
    expect(bad.stderr).toContain('1 problem(s)');
    const good = mixstack(['validate', 'stack.ts']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('no problems');
  });

  test('mixins writes the monitoring-mixins layout', () => {
    writeFileSync(
      join(work, 'with-mixin.ts'),
      `import { addMixin, createStack, definePart } from '@mixstack/core';
export default createStack({}, [definePart('m', (s) => addMixin(s, 'test', 'demo', {
  title: 'Demo',
  prometheusAlerts: { groups: [{ name: 'demo', rules: [{ alert: 'DemoDown', expr: 'up{job="demo"} == 0', for: '5m', labels: { severity: 'warning' } }] }] },
  prometheusRules: { groups: [{ name: 'demo.rules', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }] },
  grafanaDashboards: { 'demo.json': { title: 'Demo', panels: [] } },
}))]);
`,
    );
    const { code, stdout } = mixstack(['mixins', 'with-mixin.ts', '-o', 'mixins-out']);
    expect(stdout).toContain('3 files');
    expect(code).toBe(0);
    const files = fingerprint(join(work, 'mixins-out'));
    expect(Object.keys(files).sort()).toEqual([
      '.mixstack',
      'demo/dashboards_out/demo.json',
      'demo/prometheus_alerts.yaml',
      'demo/prometheus_rules.yaml',
    ]);
  });
});

describe('inputs: files a stack reads from the repository', () => {
  const withInput = `
import { addComponent, addInput, createStack, definePart } from '@mixstack/core';
export default createStack({ namespace: 'observability' }, [definePart('files', (s) =>
  addComponent(addInput(s, 'cli-test', 'extra', { path: 'extra', description: 'extra settings', extensions: ['.txt'], optional: true }), {
    name: 'files',
    source: 'cli-test',
    build: (ctx) => ({
      configMap: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'files', namespace: ctx.common.namespace },
        data: Object.fromEntries(ctx.inputs.extra ?? new Map()),
      },
    }),
  }),
)]);
`;

  test('reads the directory the stack names, relative to the stack module, only the requested extensions', () => {
    mkdirSync(join(work, 'inputs-case/extra'), { recursive: true });
    writeFileSync(join(work, 'inputs-case/stack.ts'), withInput);
    writeFileSync(join(work, 'inputs-case/extra/a.txt'), 'alpha');
    writeFileSync(join(work, 'inputs-case/extra/ignored.md'), 'not read');
    const { code, stderr } = mixstack(['build', 'inputs-case/stack.ts', '-o', 'inputs-out']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(work, 'inputs-out/files-configMap.yaml'), 'utf8')).toContain('a.txt: alpha');
  });

  test('--input ID=DIR overrides the directory', () => {
    mkdirSync(join(work, 'other-extra'), { recursive: true });
    writeFileSync(join(work, 'other-extra/b.txt'), 'beta');
    const { code } = mixstack([
      'build',
      'inputs-case/stack.ts',
      '--input',
      'extra=other-extra',
      '-o',
      'inputs-out2',
    ]);
    expect(code).toBe(0);
    const text = readFileSync(join(work, 'inputs-out2/files-configMap.yaml'), 'utf8');
    expect(text).toContain('b.txt: beta');
    expect(text).not.toContain('alpha');
  });

  test('a missing directory and an input the stack does not request are clear errors', () => {
    const missing = mixstack(['build', 'inputs-case/stack.ts', '--input', 'extra=nowhere', '-o', 'never']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the directory of input "extra" (extra settings) does not exist');
    const unknown = mixstack(['build', 'stack.ts', '--crds', 'other-extra', '-o', 'never']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('the stack requests no input "crds"');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});

describe('usage errors exit 2', () => {
  test.each([
    [['bogus'], 'unknown command "bogus"'],
    [[], 'missing command'],
    [['build', '--nope'], "Unknown option '--nope'"],
    [['build', '--stdout', '-o', 'x'], '--stdout and --output exclude each other'],
    [['validate', '-o', 'x'], 'validate writes nothing'],
    [['mixins', '--stdout'], '--stdout only goes with build'],
    [['build', '--input', 'nodir'], '--input takes ID=DIR'],
    [['build', '--crds', 'a', '--input', 'crds=b'], '--crds and --input crds=... exclude each other'],
  ])('%j', (args, message) => {
    const { code, stderr } = mixstack(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: mixstack');
  });

  test('--help prints usage and exits 0', () => {
    const { code, stdout } = mixstack(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: mixstack <command>');
  });
});
