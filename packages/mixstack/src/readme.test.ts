import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { USAGE } from './cli/args.js';
import * as mixstack from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [stackExample, programmatic] = codeBlocks(README, 'ts');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the README', () => {
  test('has two TypeScript examples, and both typecheck', () => {
    expect(codeBlocks(README, 'ts')).toHaveLength(2);
    expect(typecheckCode({ stackExample: stackExample!, programmatic: programmatic! }, dir)).toEqual([]);
  });

  test('its stack.ts exports a stack that renders (a namespace, its default deny and the Kustomization, before any part)', async () => {
    const module = await importCode(stackExample!, dir);
    expect(mixstack.isStack(module.default)).toBe(true);
    const { files } = mixstack.render(module.default as mixstack.Stack);
    expect([...files.keys()]).toEqual([
      'setup/stack-namespace.yaml',
      'stack-networkPolicyDefaultDeny.yaml',
      'Kustomization',
    ]);
    expect(files.get('setup/stack-namespace.yaml')).toContain('name: monitoring');
  });

  test('its programmatic example prints the object count and the files of the default stack', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await importCode(programmatic!, dir);
    expect(log).toHaveBeenCalledTimes(1);
    const [objects, files] = log.mock.calls[0]! as [number, string[]];
    expect(files).toHaveLength(objects + 1); // one file per object, and the Kustomization
    expect(files).toEqual(expect.arrayContaining(['prometheus-prometheus.yaml', 'grafana-deployment.yaml']));
  });

  test('the default stack is what it says: prometheus() and grafana()', () => {
    expect(README).toMatch(/`prometheus\(\)` of `@mixstack\/component-prometheus`/);
    expect(README).toMatch(/`grafana\(\)` of\s+`@mixstack\/component-grafana`/);
    const components = new Set(
      mixstack.render(mixstack.defaultStack()).objects.map((object) => object.component),
    );
    expect(components).toContain('prometheus');
    expect(components).toContain('grafana');
  });

  test('the package re-exports what it says: core and both components', () => {
    expect(typeof mixstack.createStack).toBe('function');
    expect(typeof mixstack.prometheus).toBe('function');
    expect(typeof mixstack.grafana).toBe('function');
  });

  test('every command and option of its table is one the CLI knows', () => {
    const rows = [...README.matchAll(/^\| `mixstack ([^`]+)`/gm)].map((m) => m[1]!);
    expect(rows).toHaveLength(7);
    for (const row of rows) {
      const [command, sub] = row.split(' ');
      expect(USAGE, row).toContain(
        sub === 'pull'
          ? `${command} pull`
          : sub === 'import'
            ? 'mixin import PATH -o DIR [-J JPATH]... [--config JSON]'
            : command === 'init'
              ? 'init [DIR]'
              : `${command} [ENTRY]`,
      );
      for (const option of row.match(/--?[a-z-]+/g) ?? [])
        expect(USAGE, `${row}: ${option}`).toContain(option);
    }
  });
});
