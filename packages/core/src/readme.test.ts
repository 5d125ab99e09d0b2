import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeBlocks, importCode, readReadme, typecheckCode } from '@mixstack/testing';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createStack, defaultCommonValues, isMixstackError, merge, render, validateStack } from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the README', () => {
  test('has one TypeScript example, and it typechecks', () => {
    expect(codeBlocks(README, 'ts')).toHaveLength(1);
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its example prints the greeter ConfigMap, in the stack namespace, with the greeting passed', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await importCode(example!, dir);
    expect(log).toHaveBeenCalledTimes(1);
    const printed = String(log.mock.calls[0]![0]);
    expect(printed).toMatch(/^apiVersion: v1\nkind: ConfigMap\n/);
    expect(printed).toContain('name: greeter\n  namespace: monitoring\n');
    expect(printed).toContain('data:\n  greeting: hi\n');
  });

  test('merge behaves as it says: objects deep, arrays and scalars replace, undefined unset, null removes, a function patches', () => {
    interface Values {
      a: { b: number; c: number };
      list: number[];
      keep: string;
      drop?: string;
      count: number;
    }
    const previous: Values = { a: { b: 1, c: 2 }, list: [1, 2], keep: 'x', drop: 'y', count: 1 };
    expect(
      merge(previous, { a: { b: 3 }, list: [9], keep: undefined, drop: null, count: (n: number) => n + 1 }),
    ).toEqual({ a: { b: 3, c: 2 }, list: [9], keep: 'x', count: 2 });
  });

  test('a problem is a MixstackError with code, address, path, value and hint', () => {
    const stack = createStack({ namespace: 'Not A Namespace' }, []);
    const problems = validateStack(stack);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(isMixstackError(problem)).toBe(true);
      expect(problem).toMatchObject({ code: expect.any(String), hint: expect.any(String) });
      expect(problem).toHaveProperty('address');
      expect(problem).toHaveProperty('path');
      expect(problem).toHaveProperty('value');
    }
    expect(() => render(stack)).toThrow(expect.objectContaining({ code: problems[0]!.code }));
  });
});

describe('the README’s options of createStack', () => {
  const section = README.slice(
    README.indexOf('## Options of `createStack`'),
    README.indexOf('## What is in it'),
  );
  const rows = [...section.matchAll(/^\| `([A-Za-z]+)` \| ([^|]+) \|/gm)].map(
    (m) => [m[1]!, m[2]!.trim()] as const,
  );

  test('its table lists every option createStack takes, and no other', () => {
    // createStack names every option it takes when given one it does not know.
    const [problem] = validateStack(createStack({ notAnOption: true } as never, []));
    const known = /use one of: ([^.]+)\./.exec(problem!.hint!)![1]!.split(', ');
    expect(rows.map(([option]) => option).sort()).toEqual(known.sort());
  });

  test('its defaults are the common values of a stack given nothing', () => {
    const defaults = defaultCommonValues() as unknown as Record<string, unknown>;
    const shown = (value: unknown) =>
      typeof value === 'string' ? `\`'${value}'\`` : `\`${JSON.stringify(value)}\``;
    for (const [option, cell] of rows) {
      if (option in defaults) expect(cell, option).toBe(shown(defaults[option]));
      else expect(cell, option).toMatch(/^unset/);
    }
  });

  test('a stack without parts renders what it says: its Namespace, its default deny and the Kustomization', () => {
    expect([...render(createStack({ namespace: 'monitoring' }, [])).files.keys()]).toEqual([
      'setup/stack-namespace.yaml',
      'stack-networkPolicyDefaultDeny.yaml',
      'Kustomization',
    ]);
  });
});
