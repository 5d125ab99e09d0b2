import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { isMixstackError, type MixstackError } from '../errors.js';
import { canonicalize, toJson, toYaml } from './serialize.js';

function rejection(value: unknown): MixstackError {
  try {
    canonicalize(value, { address: 'app/configMap' });
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error('expected NOT_SERIALIZABLE');
}

/** Parses YAML as Kubernetes (YAML 1.1) and as a YAML 1.2 tool would. */
const readBack = (text: string) => [parse(text, { version: '1.1' }), parse(text, { version: '1.2' })];

// Strings a YAML 1.1 or 1.2 reader would take for something else if they were not quoted.
const AMBIGUOUS = [
  ...['on', 'off', 'On', 'OFF', 'yes', 'no', 'Yes', 'NO', 'y', 'n', 'Y', 'N', 'true', 'False', 'TRUE'],
  ...['null', 'Null', '~', ''],
  ...['0755', '0o17', '0x1F', '0b101', '1_000', '12:30', '190:20:30', '1e3', '1E-3', '+12', '-7', '.5', '1.'],
  ...['.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14t21:59:43.10-05:00'],
  ...['-', '?', ':', '<<', '=', '@at', '`tick', '#hash', '*alias', '&anchor', '!tag', '%percent', '|', '>'],
  ...[' leading', 'trailing ', 'a: b', 'a #b', '[list]', '{map}', '"quoted"', "'single'", '\ttab'],
];

describe('keys named like Object.prototype members', () => {
  test('are written like any other key, in YAML and JSON', () => {
    const labels = { constructor: 'a', toString: 'b', hasOwnProperty: 'c' };
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels } };
    expect(canonicalize(object)).toEqual(object);
    expect(readBack(toYaml(canonicalize(object)))).toEqual([object, object]);
    expect(JSON.parse(toJson(object))).toEqual(object);
  });

  test('a "__proto__" key is written as data, not taken for the prototype', () => {
    const canonical = canonicalize(JSON.parse('{"__proto__": {"a": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(canonical)).toBe(Object.prototype);
    expect(Object.keys(canonical)).toEqual(['__proto__']);
    expect(toJson(JSON.parse('{"__proto__": {"a": 1}}'))).toBe('{\n  "__proto__": {\n    "a": 1\n  }\n}\n');
  });
});

describe('canonicalize', () => {
  test('sorts keys, with apiVersion, kind and metadata first at the top only', () => {
    const canonical = canonicalize({
      spec: { b: 1, a: 2 },
      metadata: { name: 'x', labels: { b: '1', a: '2' }, annotations: {} },
      kind: 'ConfigMap',
      data: {},
      apiVersion: 'v1',
    });
    expect(JSON.stringify(canonical)).toBe(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"labels":{"a":"2","b":"1"},"name":"x"},"data":{},"spec":{"a":2,"b":1}}',
    );
    expect(Object.keys(canonicalize({ data: { metadata: 1, apiVersion: 2, a: 3 } }) as object)).toEqual([
      'data',
    ]);
    expect(
      Object.keys((canonicalize({ data: { metadata: 1, apiVersion: 2, a: 3 } }) as { data: object }).data),
    ).toEqual(['a', 'apiVersion', 'metadata']);
  });

  // Integer-like keys always come first in numeric order: that is how JavaScript orders an
  // object's keys, on every engine, so the output stays deterministic.
  test('sorts by code unit, whatever the locale', () => {
    expect(Object.keys(canonicalize({ b: 1, B: 2, a: 3, _: 4, é: 5, '10': 6, '9': 7 }) as object)).toEqual([
      '9',
      '10',
      'B',
      '_',
      'a',
      'b',
      'é',
    ]);
  });

  test('drops undefined fields, keeps null, and keeps list order', () => {
    expect(canonicalize({ a: undefined, b: null, c: [3, 1, 2] })).toEqual({ b: null, c: [3, 1, 2] });
  });

  test('returns a copy and accepts frozen input and a value shared (not cyclic) twice', () => {
    const shared = Object.freeze({ x: 1 });
    const input = Object.freeze({ one: shared, two: shared });
    const canonical = canonicalize(input) as { one: object };
    expect(canonical).toEqual({ one: { x: 1 }, two: { x: 1 } });
    expect(canonical.one).not.toBe(shared);
  });

  const cyclic: Record<string, unknown> = { name: 'x' };
  cyclic.self = { back: cyclic };

  test.each([
    ['a class instance', { data: { at: new Date(0) } }, 'data.at'],
    ['a Map', { data: new Map() }, 'data'],
    ['NaN', { spec: { replicas: Number.NaN } }, 'spec.replicas'],
    ['Infinity', { spec: { replicas: Number.POSITIVE_INFINITY } }, 'spec.replicas'],
    ['a function', { spec: { build: () => 1 } }, 'spec.build'],
    ['a symbol', { spec: { s: Symbol('x') } }, 'spec.s'],
    ['a bigint', { spec: { n: 1n } }, 'spec.n'],
    ['a cycle', cyclic, 'self.back'],
    ['an undefined list item', { args: ['a', undefined] }, 'args.1'],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ['a hole in a list', { args: ['a', , 'c'] }, 'args.1'],
  ])('rejects %s as NOT_SERIALIZABLE at its path', (_name, value, path) => {
    const error = rejection(value);
    expect(error).toMatchObject({ code: 'NOT_SERIALIZABLE', address: 'app/configMap', path });
    expect(error.hint).toContain('plain data');
  });
});

describe('toYaml', () => {
  test.each(AMBIGUOUS.map((s) => [s]))(
    'the string %j is written so both YAML 1.1 and 1.2 read it back as that string',
    (text) => {
      const yaml = toYaml(canonicalize({ value: text, [text]: 'key' }));
      for (const read of readBack(yaml)) {
        expect(read.value).toBe(text);
        expect(read[text]).toBe('key');
      }
    },
  );

  test('the YAML 1.1 booleans and octals are quoted, not left bare', () => {
    expect(toYaml({ a: 'on', b: 'yes', c: '0755', d: '0o17', e: 'plain' })).toBe(
      'a: "on"\nb: "yes"\nc: "0755"\nd: "0o17"\ne: plain\n',
    );
  });

  test('numbers, booleans and null stay typed', () => {
    expect(toYaml({ one: 1, f: 1.5, t: true, z: null, neg: -3 })).toBe(
      'one: 1\nf: 1.5\nt: true\nz: null\nneg: -3\n',
    );
  });

  test.each([
    ['two lines', 'line one\nline two'],
    ['a final newline', 'a: 1\nb: 2\n'],
    ['two final newlines', 'x\n\n'],
    ['an indented first line', '  indented\nnot'],
    ['trailing spaces', 'trailing  \nx'],
    ['a Windows line ending inside', 'a\r\nb'],
    ['a tab', 'a\n\tb'],
  ])('a multi-line string (%s) reads back unchanged', (_name, text) => {
    const yaml = toYaml(canonicalize({ data: { 'config.yaml': text } }));
    for (const read of readBack(yaml)) expect(read.data['config.yaml']).toBe(text);
  });

  test('a multi-line config is a readable literal block', () => {
    expect(toYaml({ data: { 'app.yaml': 'listen: 8080\nlog: info\n' } })).toBe(
      'data:\n  app.yaml: |\n    listen: 8080\n    log: info\n',
    );
  });

  test('long lines are not folded', () => {
    const long = 'word '.repeat(100).trim();
    expect(toYaml({ long })).toBe(`long: ${long}\n`);
  });

  test('LF only, one final newline, no document markers, lists indented', () => {
    const yaml = toYaml(
      canonicalize({ apiVersion: 'v1', kind: 'List', items: [{ a: 1 }, 'b'], empty: {}, none: [] }),
    );
    expect(yaml).toBe('apiVersion: v1\nkind: List\nempty: {}\nitems:\n  - a: 1\n  - b\nnone: []\n');
    expect(yaml).not.toContain('\r');
    expect(yaml.endsWith('\n') && !yaml.endsWith('\n\n')).toBe(true);
  });

  // Near-numbers, near-booleans and arbitrary text, in keys and values, at any depth.
  const trickyString = fc.oneof(
    fc.constantFrom(...AMBIGUOUS),
    fc.stringMatching(/^[-+0-9._:eExobO]{1,8}$/),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary-ascii' }),
  );
  const document = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      trickyString,
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  test('property: any plain document reads back equal under YAML 1.1 and 1.2', () => {
    fc.assert(
      fc.property(document, (value) => {
        const canonical = canonicalize(value);
        const yaml = toYaml(canonical);
        for (const read of readBack(yaml)) expect(read).toEqual(canonical);
        expect(yaml.endsWith('\n') && !yaml.includes('\r\n')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('property: the bytes do not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(toYaml(canonicalize(reversed))).toBe(toYaml(canonicalize(value)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('toJson', () => {
  test('sorted keys, two-space indent, one final newline', () => {
    expect(toJson({ title: 'Nodes', panels: [{ b: 1, a: 2 }] })).toBe(
      '{\n  "panels": [\n    {\n      "a": 2,\n      "b": 1\n    }\n  ],\n  "title": "Nodes"\n}\n',
    );
  });

  test('rejects what canonicalize rejects, with the address', () => {
    expect(() => toJson({ at: new Date(0) }, { address: 'mixin/x/a.json' })).toThrow(
      expect.objectContaining({ code: 'NOT_SERIALIZABLE', address: 'mixin/x/a.json', path: 'at' }),
    );
  });
});
