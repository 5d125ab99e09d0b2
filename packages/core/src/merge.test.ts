import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  type DeepPartial,
  deepFreeze,
  isPlainObject,
  merge,
  mergeUnknown,
  type Override,
  type PatchFn,
} from './merge.js';

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
    ['an empty array replaces too', { args: [] }, { ...base, args: [] }],
    ['scalars replace', { replicas: 3 }, { ...base, replicas: 3 }],
    ['undefined leaves a field unset', { replicas: undefined }, base],
    ['undefined deep inside leaves it unset', { storage: { size: undefined } }, base],
    [
      'null removes an optional field',
      { storage: { storageClass: null } },
      { ...base, storage: { size: '50Gi' } },
    ],
    ['a new optional field is added', { labels: { team: 'a' } }, { ...base, labels: { team: 'a' } }],
    ['a function patches the previous value', { replicas: (n: number) => n * 2 }, { ...base, replicas: 4 }],
    [
      'a function patches an array',
      { args: (a: string[]) => [...a, '--c'] },
      { ...base, args: ['--a', '--b', '--c'] },
    ],
    [
      'a function deep inside patches its field only',
      { storage: { size: (s: string) => s.replace('50', '60') } },
      { ...base, storage: { size: '60Gi', storageClass: 'fast' } },
    ],
    [
      'a function returning null removes the field',
      { storage: { storageClass: () => null } },
      { ...base, storage: { size: '50Gi' } },
    ],
    ['an empty override changes nothing', {}, base],
  ] as [string, Override<Options>, Options][])('%s', (_name, override, expected) => {
    expect(merge(base, override)).toEqual(expected);
  });

  test('a function receives undefined for a field that is not set, and may set it', () => {
    let seen: unknown = 'not called';
    const result = merge(base, {
      labels: (previous) => {
        seen = previous;
        return { ...previous, team: 'a' };
      },
    });
    expect(seen).toBeUndefined();
    expect(result.labels).toEqual({ team: 'a' });
  });

  test('a whole-value function patches the whole value', () => {
    expect(merge(base, (previous) => ({ ...previous, name: previous.name.toUpperCase() })).name).toBe(
      'PROMETHEUS',
    );
  });

  test('null at the top removes everything', () => {
    expect(mergeUnknown({ a: 1 }, null)).toBeUndefined();
  });

  test.each([
    ['an object replaces a scalar', { a: 1 }, { a: { b: 1 } }, { a: { b: 1 } }],
    ['a scalar replaces an object', { a: { b: 1 } }, { a: 2 }, { a: 2 }],
    ['an object replaces an array, no index merge', { a: [1, 2] }, { a: { 0: 9 } }, { a: { 0: 9 } }],
    ['an array replaces an object', { a: { b: 1 } }, { a: [1] }, { a: [1] }],
    [
      'null-prototype objects merge deeply',
      { a: { b: 1, c: 2 } },
      { a: Object.assign(Object.create(null), { c: 3 }) },
      { a: { b: 1, c: 3 } },
    ],
  ])('%s', (_name, left, right, expected) => {
    expect(mergeUnknown(left, right)).toEqual(expected);
  });

  test('class instances replace as a whole, they are not merged field by field', () => {
    const date = new Date(0);
    const result = mergeUnknown({ at: new Date(1), keep: 1 }, { at: date }) as { at: Date };
    expect(result.at).toBe(date);
  });

  test('does not modify its inputs', () => {
    const copy = structuredClone(base);
    const override = { storage: { size: '1Gi' }, args: ['x'] };
    const overrideCopy = structuredClone(override);
    merge(base, override);
    expect(base).toEqual(copy);
    expect(override).toEqual(overrideCopy);
  });

  test('works on frozen inputs and shares untouched sub-objects', () => {
    const frozen = deepFreeze(structuredClone(base));
    const result = merge(frozen, { replicas: 5 });
    expect(result.replicas).toBe(5);
    expect(result.storage).toBe(frozen.storage);
    expect(result.args).toBe(frozen.args);
  });

  test('applies overrides left to right, skipping undefined ones', () => {
    expect(merge(base, { replicas: 3 }, undefined, { replicas: (n) => n + 1 }).replicas).toBe(4);
    expect(merge(base)).toBe(base);
  });

  test('result and override types', () => {
    expectTypeOf(merge(base, { replicas: 1 })).toEqualTypeOf<Options>();
    expectTypeOf<{ storage: { storageClass: null } }>().toExtend<Override<Options>>();
    expectTypeOf<{ labels: null }>().toExtend<Override<Options>>();
    // null may only remove optional fields: removing a required one does not type-check.
    expectTypeOf<{ replicas: null }>().not.toExtend<Override<Options>>();
    expectTypeOf<{ storage: null }>().not.toExtend<Override<Options>>();
    expectTypeOf<{ storage: { size: null } }>().not.toExtend<Override<Options>>();
    expectTypeOf<{ replicas: string }>().not.toExtend<Override<Options>>();
    expectTypeOf<{ args: (previous: string[]) => string[] }>().toExtend<Override<Options>>();
    expectTypeOf<{ storage: { size: (previous: string) => string } }>().toExtend<Override<Options>>();
    expectTypeOf<PatchFn<Options>>().toExtend<Override<Options>>();
    // Arrays replace, so an override of an array is a whole array of the right items.
    expectTypeOf<{ args: number[] }>().not.toExtend<Override<Options>>();
    expectTypeOf<{ unknownField: 1 }>().not.toExtend<Override<Options>>();
  });

  test('DeepPartial types: every field optional at every depth, arrays whole, no patches', () => {
    expectTypeOf<Record<never, never>>().toExtend<DeepPartial<Options>>();
    expectTypeOf<{ storage: { storageClass: string } }>().toExtend<DeepPartial<Options>>();
    expectTypeOf<DeepPartial<Options>['args']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<{ replicas: (n: number) => number }>().not.toExtend<DeepPartial<Options>>();
    expectTypeOf<{ storage: { size: 1 } }>().not.toExtend<DeepPartial<Options>>();
  });
});

describe('merge: keys named like Object.prototype members', () => {
  const protoKeys = { constructor: 'a', toString: 'b', hasOwnProperty: 'c', valueOf: 'd' };

  test('are merged as ordinary keys', () => {
    expect(merge<Record<string, string>>({}, protoKeys)).toEqual(protoKeys);
    expect(merge<Record<string, string>>({ team: 'x' }, { constructor: 'a' }, { toString: 'b' })).toEqual({
      team: 'x',
      constructor: 'a',
      toString: 'b',
    });
  });

  test('an undefined or a patch sees no inherited member', () => {
    const unset = merge<Record<string, unknown>>({}, { constructor: undefined, toString: undefined });
    expect(Object.keys(unset)).toEqual([]);
    const seen: unknown[] = [];
    const patched = merge<Record<string, unknown>>(
      {},
      {
        hasOwnProperty: (previous: unknown) => {
          seen.push(previous);
          return 'x';
        },
      },
    );
    expect(seen).toEqual([undefined]);
    expect(patched).toEqual({ hasOwnProperty: 'x' });
  });

  test('deep values under such keys merge deeply', () => {
    expect(mergeUnknown({ constructor: { a: 1 } }, { constructor: { b: 2 } })).toEqual({
      constructor: { a: 1, b: 2 },
    });
  });

  test('a "__proto__" key stays data and never replaces the prototype', () => {
    const merged = mergeUnknown({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['__proto__']);
  });
});

describe('isPlainObject', () => {
  test.each([
    [{}, true],
    [{ a: 1 }, true],
    [Object.create(null), true],
    [[], false],
    [null, false],
    [undefined, false],
    ['a', false],
    [1, false],
    [new Date(0), false],
    [new Map(), false],
    [() => 1, false],
    [Object.create({ inherited: 1 }), false],
  ])('%o → %s', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});

describe('deepFreeze', () => {
  test('freezes every level and returns the same value', () => {
    const value = { a: { b: [{ c: 1 }] } };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value.a.b[0])).toBe(true);
    expect(() => {
      (value.a.b[0] as { c: number }).c = 2;
    }).toThrow(TypeError);
  });

  test('leaves class instances alone (a typed array cannot be frozen)', () => {
    const value = { bytes: new Uint8Array([1, 2]), at: new Date(0), nested: { a: 1 } };
    deepFreeze(value);
    expect(Object.isFrozen(value.nested)).toBe(true);
    expect(Object.isFrozen(value.at)).toBe(false);
    value.bytes[0] = 9;
    expect(value.bytes[0]).toBe(9);
  });

  test('terminates on cycles and leaves scalars alone', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(deepFreeze(cyclic)).toBe(cyclic);
    expect(Object.isFrozen(cyclic)).toBe(true);
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBeNull();
  });
});
