import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedReference } from '@mixstack/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { canonicalize } from '../render/serialize.js';
import { emitYaml } from './emit.js';
import { referenceToYaml } from './reference-emit.test-helpers.js';

/** Strings a YAML 1.1 or 1.2 reader takes for something else, or that need care to write. */
const SPECIAL_STRINGS = [
  // Booleans and nulls of YAML 1.1 and 1.2.
  ...['y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF'],
  ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '~', '', 'nULL', 'tRUE'],
  // Numbers: ints in every base, floats, exponents, sexagesimal, infinities, near misses.
  ...['0', '-0', '+1', '0755', '0o17', '-0o17', '+0o7', '0o8', '0x1F', '0xg', '0b101', '0b2', '1_000', '_1'],
  ...['1e3', '1E-3', 'e5', '1.', '.5', '.', '1.5e+3', '1e', '12:30', '190:20:30', '1:60', '190:20:30.15'],
  ...['.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', 'inf', 'NaN', '0.', '-.5', '1__2'],
  // Timestamps.
  ...[
    '2001-12-14',
    '2001-12-14t21:59:43.10-05:00',
    '2001-12-14 21:59:43.10 -5',
    '2001-1-1T1:2:3Z',
    '2001-12',
  ],
  // Indicators at the start, and the sequences that end plain style inside or at the end.
  ...['-', '--', '---', '----', '...', '....', '- a', '-a', '--flag=x', '?', '? a', '?a', ':', ':a', ': a'],
  ...['[x]', '{x}', ']', '}', ',x', '!x', '&x', '*x', '%x', '@x', '`x', '"x"', "'x'", '#x', '|', '>', '|-'],
  ...['<<', '<', '=', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', 'a\t#b', "it's", 'say "hi"', 'it\'s "q"'],
  // White space and line breaks in every position.
  ...[' ', '  ', ' a', 'a ', '\t', '\ta', 'a\t', '\n', '\n\n', 'a\n', '\na', 'a\nb', 'a\n\nb', 'a\n\n'],
  ...['a \nb', 'a\n b', 'a\n\tb', 'a\t\nb', ' a\nb\n', '  a\n b', 'a\nb \n', 'a\n \n', '\n a', 'a\r\nb'],
  ...['a\n---\nb\n', '---\na', 'a\n...\nb', '%YAML 1.1\na', 'a\n%x', 'a\n# c\nb', 'a\n- b\n', 'a: |\n  b\n'],
  // Other characters yaml escapes or keeps.
  ...['\r', 'a\rb', '\u0085', 'a\u0085b', '\u2028', 'a\u2029b', '\u00a0', '\u0000', '\u0007', '\u001b'],
  ...['\u007f', '\ufeffa', '😀', 'a 😀 b', '\ud800', 'a\udc00', 'é', '名前', 'a\\b', '\\n'],
  // Map keys and values as they appear in manifests.
  ...['app.kubernetes.io/name', 'prometheus-k8s', '9090', '10m', '64Mi', 'http://x:9090/', '$var'],
  ...['__proto__', 'constructor', 'toString', '{{ $labels.job }}', 'sum(rate(x[5m])) > 0.5'],
];

/** Strings built from the special pool: joined by spaces or line breaks, padded, repeated. */
const special = fc.constantFrom(...SPECIAL_STRINGS);
const pieces = fc.array(special, { minLength: 1, maxLength: 4 });
const separator = fc.constantFrom('', ' ', '\n', '\n\n', ': ', ' #', '\t', '\n  ', '\n---\n', '\r\n');
const joined = fc.tuple(pieces, separator).map(([parts, sep]) => parts.join(sep));
const padding = fc.constantFrom('', ' ', '\n', '\n\n', '\t', ' \n', '\n ', '  ');
const padded = fc.tuple(padding, joined, padding).map(([before, text, after]) => before + text + after);
const unusualChar = fc.constantFrom(
  ...[' ', '\n', '\t', '\r', ':', '#', '-', '?', "'", '"', '\\', ',', '[', '{', '.', '0', '1', 'e', 'y'],
  ...['\u0085', '\u2028', '\u00a0', '\u0001', '\ud83d', '\ude00', '😀', 'a', 'b', '%', '|', '>'],
);
const unusualMix = fc.string({ unit: unusualChar, maxLength: 12 });
const longText = fc
  .tuple(joined, fc.integer({ min: 20, max: 300 }))
  .map(([text, times]) => text.repeat(times));
const tricky = fc.oneof(
  { weight: 4, arbitrary: special },
  { weight: 3, arbitrary: padded },
  { weight: 2, arbitrary: unusualMix },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: longText },
);

const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0, 1e21, 1e-7, 2 ** 53 + 2, -(2 ** 60), Number.MAX_VALUE, Number.MIN_VALUE, 0.1, 1.5),
);

/** Plain objects from key and value pairs, set as own data fields (so `__proto__` is a key). */
const toObject = (entries: [string, unknown][]) => {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
};

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tricky,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(tricky, tie('value')), { maxLength: 4 }).map(toObject),
  ),
}));
const canonicalValue = value.map((v) => canonicalize(v));

describe('emitYaml writes what the yaml Document writer writes, byte for byte', () => {
  test('for arbitrary canonical values with YAML-special strings and keys', () => {
    fc.assert(
      fc.property(canonicalValue, (v) => {
        expect(emitYaml(v)).toBe(referenceToYaml(v));
      }),
      { numRuns: 3000 },
    );
  });

  test('for any string at the top, as a key and as a value at several depths', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        for (const v of [
          s,
          [s],
          [[s]],
          { [s]: s },
          { a: { [s]: [s, { [s]: s }] } },
          { [s]: {} },
          { [s]: [] },
        ]) {
          expect(emitYaml(v)).toBe(referenceToYaml(v));
        }
      }),
      { numRuns: 3000 },
    );
  });

  test.each(SPECIAL_STRINGS.map((s) => [JSON.stringify(s), s]))('for the string %s', (_name, s) => {
    for (const v of [s, [s], { [s]: s }, { a: [{ [s]: s }] }]) expect(emitYaml(v)).toBe(referenceToYaml(v));
  });

  const crds = sharedReference('reference/crds/prometheus-operator-v0.93.0');
  test.skipIf(!crds.available)(
    `for the prometheus-operator CRDs${crds.available ? '' : ` (${crds.skipMessage})`}`,
    () => {
      const files = readdirSync(crds.path).filter((name) => name.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(0);
      for (const name of files) {
        for (const document of parseAllDocuments(readFileSync(join(crds.path, name), 'utf8'))) {
          const canonical = canonicalize(document.toJS());
          expect(emitYaml(canonical)).toBe(referenceToYaml(canonical));
        }
      }
    },
  );
});

/** Each rule, with the exact text expected: `k: <value>` and `<key>: 1`. */
const QUOTING: [rule: string, input: string, asValue: string, asKey: string][] = [
  ['plain text stays plain', 'plain text', 'plain text', 'plain text'],
  ['a YAML 1.1 boolean is double-quoted', 'yes', '"yes"', '"yes"'],
  ['y and n are YAML 1.1 booleans', 'n', '"n"', '"n"'],
  ['on and off are YAML 1.1 booleans', 'off', '"off"', '"off"'],
  ['a null is quoted', '~', '"~"', '"~"'],
  ['the empty string is quoted', '', '""', '""'],
  ['a YAML 1.1 octal is quoted', '0755', '"0755"', '"0755"'],
  ['digits with underscores are a YAML 1.1 int', '1_000', '"1_000"', '"1_000"'],
  ['a hexadecimal int is quoted', '0x1F', '"0x1F"', '"0x1F"'],
  ['a binary int is quoted', '0b101', '"0b101"', '"0b101"'],
  ['an exponent without digits before it is a float', 'e5', '"e5"', '"e5"'],
  ['a float without leading digit is quoted', '.5', '".5"', '".5"'],
  ['an infinity is quoted', '.inf', '".inf"', '".inf"'],
  ['sexagesimal is a YAML 1.1 int', '12:30', '"12:30"', '"12:30"'],
  ['a date is a timestamp', '2001-12-14', '"2001-12-14"', '"2001-12-14"'],
  ['a YAML 1.2 octal is double-quoted (AMBIGUOUS)', '0o17', '"0o17"', '"0o17"'],
  ['a merge key is double-quoted (AMBIGUOUS)', '<<', '"<<"', '"<<"'],
  ['a leading space is quoted', ' lead', '" lead"', '" lead"'],
  ['a trailing space is quoted', 'trail ', '"trail "', '"trail "'],
  ['colon space is quoted', 'a: b', '"a: b"', '"a: b"'],
  ['space hash is quoted', 'a #b', '"a #b"', '"a #b"'],
  ['a hash after a character stays plain', 'a#b', 'a#b', 'a#b'],
  ['a colon before a character stays plain', 'a:b', 'a:b', 'a:b'],
  ['a trailing colon is quoted', 'a:', '"a:"', '"a:"'],
  ['a lone dash is quoted', '-', '"-"', '"-"'],
  ['dash space is quoted', '- a', '"- a"', '"- a"'],
  ['a command-line flag stays plain', '--flag=x', '--flag=x', '--flag=x'],
  ['a leading indicator is quoted', '&x', '"&x"', '"&x"'],
  ['a leading backtick is quoted', '`x', '"`x"', '"`x"'],
  ['double quotes inside give single quotes', '"x"', `'"x"'`, `'"x"'`],
  ['single quotes inside give double quotes', "'x'", `"'x'"`, `"'x'"`],
  ['quotes not at the start stay plain', 'it\'s "q"', 'it\'s "q"', 'it\'s "q"'],
  ['a tab inside stays plain', 'tab\there', 'tab\there', 'tab\there'],
  ['a carriage return is escaped', 'cr\r', '"cr\\r"', '"cr\\r"'],
  ['a next-line character is double-quoted, as is', 'a\u0085', '"a\u0085"', '"a\u0085"'],
  ['a line separator stays plain', 'a\u2028b', 'a\u2028b', 'a\u2028b'],
  // JavaScript's multi-line `^` starts a line after U+2028 and U+2029, and yaml tests for a
  // document marker (`%`, `---`, `...`) at a line start that way.
  ['a % after a line separator is quoted as a key', 'a\u2028%', 'a\u2028%', '"a\u2028%"'],
  ['a --- after a paragraph separator is quoted as a key', '\u2029---', '\u2029---', '"\u2029---"'],
  ['an emoji stays plain', 'emoji 😀', 'emoji 😀', 'emoji 😀'],
  ['an unpaired surrogate is escaped', 'x\ud800', '"x\\ud800"', '"x\\ud800"'],
  ['a document marker is plain as a value, quoted as a top-level key', '---', '---', '"---"'],
  ['text ending in a newline is a clipped block literal', 'a\nb\n', '|\n  a\n  b', '"a\\nb\\n"'],
  ['text without a final newline is a stripped block literal', 'a\nb', '|-\n  a\n  b', '"a\\nb"'],
  ['text ending in two newlines is a kept block literal', 'a\nb\n\n', '|+\n  a\n  b\n', '"a\\nb\\n\\n"'],
  ['a leading space needs an indentation indicator', ' a\nb\n', '|2\n   a\n  b', '" a\\nb\\n"'],
  ['empty lines inside a block literal stay empty', 'a\n\n\nb', '|-\n  a\n\n\n  b', '"a\\n\\n\\nb"'],
  ['a space before a line break is escaped in double quotes', 'a \nb', '|-\n  a \n  b', '"a\\ \\nb"'],
  ['white space after the last line break is double-quoted', 'a\n ', '"a\\n "', '"a\\n "'],
  ['a blank last line with its line break is a kept block literal', 'a\n \n', '|+\n  a\n   ', '"a\\n\\ \\n"'],
];

describe('quoting rules', () => {
  test.each(QUOTING)('%s', (_rule, input, asValue, asKey) => {
    expect(emitYaml({ k: input })).toBe(`k: ${asValue}\n`);
    expect(emitYaml({ [input]: 1 })).toBe(`${asKey}: 1\n`);
  });

  test('a document marker at the top level makes an indented block literal', () => {
    expect(emitYaml('x\n---\ny\n')).toBe('|\n  x\n  ---\n  y\n');
    expect(emitYaml('a\nb')).toBe('|-\na\nb\n');
  });
});

describe('layout', () => {
  test.each<[string, unknown, string]>([
    ['null at the top', null, 'null\n'],
    ['negative zero', [-0, 0], '- -0\n- 0\n'],
    [
      'numbers as JSON writes them',
      [1e21, 1e-7, 2 ** 53 + 2, 5e-324],
      '- 1e+21\n- 1e-7\n- 9007199254740994\n- 5e-324\n',
    ],
    ['booleans', { a: true, b: false }, 'a: true\nb: false\n'],
    ['empty collections inline', { a: {}, b: [] }, 'a: {}\nb: []\n'],
    ['sequences under a key indented', { a: [1, 2] }, 'a:\n  - 1\n  - 2\n'],
    ['maps in a sequence compact', [{ a: 1, b: [2] }], '- a: 1\n  b:\n    - 2\n'],
    ['nested sequences', [[1, [2, 3]], [], {}], '- - 1\n  - - 2\n    - 3\n- []\n- {}\n'],
    ['nested maps', { a: { b: { c: null } } }, 'a:\n  b:\n    c: null\n'],
  ])('%s', (_name, input, expected) => {
    expect(emitYaml(input)).toBe(expected);
    expect(referenceToYaml(input)).toBe(expected);
  });

  test('a key over 1024 characters is written explicitly', () => {
    const key = 'k'.repeat(1025);
    expect(emitYaml({ [key]: [1] })).toBe(`? ${key}\n: - 1\n`);
    expect(emitYaml({ a: { [key]: 2 } })).toBe(`a:\n  ? ${key}\n  : 2\n`);
    expect(emitYaml({ a: { [key]: 2 } })).toBe(referenceToYaml({ a: { [key]: 2 } }));
  });

  test('a __proto__ key is written as data', () => {
    const canonical = canonicalize(JSON.parse('{"__proto__": {"a": 1}}'));
    expect(emitYaml(canonical)).toBe('__proto__:\n  a: 1\n');
  });
});
