import { describe, expect, expectTypeOf, test } from 'vitest';
import { merge, type Override } from './merge.js';

interface Options {
  name: string;
  replicas: number;
  args: string[];
  storage: { size: string; storageClass?: string };
  labels?: Record<string, string>;
}

const base: Options = {
  name: 'prometheus',
  replicas: 2,
  args: ['--a', '--b'],
  storage: { size: '50Gi', storageClass: 'fast' },
};

describe('merge', () => {
  test.each([
    [
      'objects merge deeply',
      { storage: { size: '100Gi' } },
      { ...base, storage: { size: '100Gi', storageClass: 'fast' } },
    ],
    ['arrays replace', { args: ['--c'] }, { ...base, args: ['--c'] }],
    ['scalars replace', { replicas: 3 }, { ...base, replicas: 3 }],
    ['undefined leaves a field unset', { replicas: undefined }, base],
    [
      'null removes an optional field',
      { storage: { storageClass: null } },
      { ...base, storage: { size: '50Gi' } },
    ],
    ['a function patches the previous value', { replicas: (n: number) => n * 2 }, { ...base, replicas: 4 }],
  ] as [string, Override<Options>, Options][])('%s', (_name, override, expected) => {
    expect(merge(base, override)).toEqual(expected);
  });

  test('does not modify its inputs', () => {
    const copy = structuredClone(base);
    merge(base, { storage: { size: '1Gi' }, args: ['x'] });
    expect(base).toEqual(copy);
  });

  test('applies overrides left to right', () => {
    expect(merge(base, { replicas: 3 }, { replicas: (n) => n + 1 }).replicas).toBe(4);
  });

  test('result and override types', () => {
    expectTypeOf(merge(base, { replicas: 1 })).toEqualTypeOf<Options>();
    expectTypeOf<{ storage: { storageClass: null } }>().toMatchTypeOf<Override<Options>>();
    // null may only remove optional fields: removing a required one does not type-check.
    expectTypeOf<{ replicas: null }>().not.toMatchTypeOf<Override<Options>>();
    expectTypeOf<{ replicas: string }>().not.toMatchTypeOf<Override<Options>>();
    expectTypeOf<{ args: (previous: string[]) => string[] }>().toMatchTypeOf<Override<Options>>();
  });
});
