import { describe, expect, test } from 'vitest';
import { createStack, emptyStack, withValues } from './compose.js';
import { isMixstackError, type MixstackError } from './errors.js';
import type { Stack } from './stack.js';
import { defaultCommonValues, LAYERS, type Layer, resolveValues, type ValuesLayer } from './values.js';

const layer = (l: Layer, source: string, values: Record<string, unknown>): ValuesLayer => ({
  layer: l,
  source,
  values,
});

function conflict(layers: ValuesLayer[]): MixstackError {
  try {
    resolveValues(layers);
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error('expected a VALUES_CONFLICT');
}

const pairs = LAYERS.flatMap((low, i) => LAYERS.slice(i + 1).map((high) => [low, high] as const));

describe('resolveValues: layer precedence', () => {
  test('the order is defaults < platform < addon < user < override', () => {
    expect(LAYERS).toEqual(['defaults', 'platform', 'addon', 'user', 'override']);
  });

  test.each(pairs)('%s < %s, whichever was added first', (low, high) => {
    const lowLayer = layer(low, 'low', { app: { replicas: 1, keep: 'low' } });
    const highLayer = layer(high, 'high', { app: { replicas: 2 } });
    for (const layers of [
      [lowLayer, highLayer],
      [highLayer, lowLayer],
    ]) {
      expect(resolveValues(layers).app).toEqual({ replicas: 2, keep: 'low' });
    }
  });

  test('every layer at once: the strongest that sets a field wins it', () => {
    const values = resolveValues(
      [...LAYERS].reverse().map((l, i) => layer(l, l, { app: { [`from${i}`]: l, winner: l } })),
    );
    expect(values.app).toMatchObject({ winner: 'override', from0: 'override', from4: 'defaults' });
  });

  test('starts from the default common values', () => {
    expect(resolveValues([]).common).toEqual(defaultCommonValues());
  });

  test("the buckets' region is unset until a platform gives one, and what the user passes wins", () => {
    expect(resolveValues([]).common).not.toHaveProperty('objectStorageRegion');
    const platform = layer('platform', 'eks', {
      common: { objectStorage: 's3', objectStorageRegion: 'eu-west-1' },
    });
    expect(resolveValues([platform]).common).toMatchObject({
      objectStorage: 's3',
      objectStorageRegion: 'eu-west-1',
    });
    const user = layer('user', 'user', { common: { objectStorageRegion: 'us-east-2' } });
    expect(resolveValues([user, platform]).common.objectStorageRegion).toBe('us-east-2');
  });

  test('a higher layer may remove (null) or patch (function) what a lower one set', () => {
    const values = resolveValues([
      layer('defaults', 'app', { app: { replicas: 2, extra: 'x', args: ['--a'] } }),
      layer('user', 'user', { app: { extra: null, replicas: (n: number) => n + 1, args: ['--b'] } }),
    ]);
    expect(values.app).toEqual({ replicas: 3, args: ['--b'] });
  });

  test('the result is deep-frozen', () => {
    const values = resolveValues([layer('defaults', 'app', { app: { nested: { a: 1 } } })]);
    expect(Object.isFrozen((values.app as { nested: object }).nested)).toBe(true);
    expect(Object.isFrozen(values.common)).toBe(true);
  });
});

describe('resolveValues: conflicts within one layer', () => {
  test.each(LAYERS)('two sources setting one leaf differently in "%s" is an error naming both', (l) => {
    for (const order of [
      ['a', 'b'],
      ['b', 'a'],
    ]) {
      const error = conflict(
        order.map((source) => layer(l, source, { app: { replicas: source === 'a' ? 1 : 2 } })),
      );
      expect(error.code).toBe('VALUES_CONFLICT');
      expect(error.reason).toContain('"a"');
      expect(error.reason).toContain('"b"');
      expect(error.reason).toContain(`"${l}" layer`);
      // The same error whatever the order of the parts: sources are compared sorted.
      expect(error).toMatchObject({ address: 'b', related: ['a'] });
      expect(error.path).toBe('values.app.replicas');
    }
  });

  test.each([
    ['a scalar over a subtree', { app: 5 }, { app: { replicas: 1 } }, 'values.app'],
    ['null (remove) over a subtree', { app: null }, { app: { replicas: 1 } }, 'values.app'],
    ['a patch function over a subtree', { app: (x: unknown) => x }, { app: { replicas: 1 } }, 'values.app'],
    [
      'an array over a subtree',
      { app: { args: ['--a'] } },
      { app: { args: { 0: '--b' } } },
      'values.app.args',
    ],
    [
      'two different patch functions',
      { app: { n: (x: number) => x + 1 } },
      { app: { n: (x: number) => x + 1 } },
      'values.app.n',
    ],
    ['an empty object over a scalar', { app: { x: {} } }, { app: { x: 1 } }, 'values.app.x'],
  ])('prefix overlap: %s conflicts', (_name, a, b, shorter) => {
    for (const [first, second] of [
      [a, b],
      [b, a],
    ]) {
      const error = conflict([layer('addon', 'one', first!), layer('addon', 'two', second!)]);
      expect(error.code).toBe('VALUES_CONFLICT');
      expect(error.reason).toContain(`both set ${shorter} in`);
    }
  });

  test.each([
    ['the same value twice', { app: { replicas: 2 } }, { app: { replicas: 2 } }],
    [
      'the same list twice, objects in any key order',
      { app: { list: [{ a: 1, b: 2 }] } },
      { app: { list: [{ b: 2, a: 1 }] } },
    ],
    ['disjoint fields', { app: { a: 1 } }, { app: { b: 2 } }],
    ['an empty object and a field inside it', { app: {} }, { app: { b: 2 } }],
    [
      'label keys that contain dots, one a prefix of the other when split on dots',
      { common: { labels: { app: 'x' } } },
      { common: { labels: { 'app.kubernetes.io/name': 'y' } } },
    ],
    ['undefined, which sets nothing', { app: { a: undefined } }, { app: { a: 1 } }],
  ])('no conflict: %s', (_name, a, b) => {
    const forward = resolveValues([layer('platform', 'one', a), layer('platform', 'two', b)]);
    const backward = resolveValues([layer('platform', 'two', b), layer('platform', 'one', a)]);
    expect(forward).toEqual(backward);
  });

  test('the same patch function from two sources conflicts: it would apply twice', () => {
    const double = (n: number) => n * 2;
    const error = conflict([
      layer('defaults', 'base', { app: { n: 2 } }),
      layer('addon', 'x', { app: { n: double } }),
      layer('addon', 'y', { app: { n: double } }),
    ]);
    expect(error).toMatchObject({ code: 'VALUES_CONFLICT', path: 'values.app.n' });
  });

  test('different layers never conflict', () => {
    expect(() =>
      resolveValues([
        layer('platform', 'gke', { common: { storageClass: 'a' } }),
        layer('user', 'me', { common: { storageClass: 'b' } }),
      ]),
    ).not.toThrow();
  });
});

describe('values in a stack', () => {
  const stackWith = (...layers: ValuesLayer[]): Stack =>
    layers.reduce(
      (stack, l) => withValues(stack, l.source, l.layer, l.values),
      createStack({ cluster: 'prod' }),
    );

  test("createStack's common options are the user layer: they beat a platform, lose to an override", () => {
    const stack = stackWith(
      layer('platform', 'gke', { common: { cluster: 'from-platform', storageClass: 'standard-rwo' } }),
      layer('override', 'lib', { common: { labels: { forced: 'yes' } } }),
    );
    expect(resolveValues(stack.values).common).toMatchObject({
      cluster: 'prod',
      storageClass: 'standard-rwo',
      labels: { forced: 'yes' },
    });
  });

  test('withValues rejects an unknown layer with a suggestion, and values that are not an object', () => {
    const bad = () => withValues(emptyStack(), 'part', 'users' as Layer, {});
    expect(bad).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', address: 'part', value: 'users' }));
    expect(bad).toThrow(/Did you mean "user"/);
    expect(() => withValues(emptyStack(), 'part', 'user', [] as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });
});

describe('resolveValues: keys named like Object.prototype members', () => {
  test('labels such as "constructor" and "toString" survive every layer', () => {
    const values = resolveValues([
      layer('defaults', 'a', { common: { labels: { constructor: 'x' } } }),
      layer('platform', 'b', { common: { labels: { toString: 'y' } } }),
      layer('user', 'c', {
        common: { labels: { hasOwnProperty: 'z' } },
        app: { constructor: { valueOf: 1 } },
      }),
    ]);
    expect(values.common.labels).toEqual({ constructor: 'x', toString: 'y', hasOwnProperty: 'z' });
    expect(values.app).toEqual({ constructor: { valueOf: 1 } });
  });

  test('a "constructor" left undefined in a layer is not taken from Object.prototype', () => {
    const values = resolveValues([layer('user', 'c', { common: { labels: { constructor: undefined } } })]);
    expect(Object.keys(values.common.labels)).toEqual([]);
  });
});
