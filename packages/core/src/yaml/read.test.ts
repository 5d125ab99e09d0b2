import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { sharedReference } from '@mixstack/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments, stringify, type ToStringOptions } from 'yaml';
import { canonicalize, toYaml } from '../render/serialize.js';
import { parseYamlDocuments, readFast } from './read.js';

/** What yaml itself reads: the reference every result must equal (undefined where toJS throws). */
function yamlValues(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => buildable(doc) && doc.toJS());
}

/** Which documents yaml reports an error for, or cannot build. */
function yamlErrors(text: string): boolean[] {
  return parseAllDocuments(text).map((doc) => doc.errors.length > 0 || buildable(doc) === undefined);
}

function buildable(doc: { toJS(): unknown }): true | undefined {
  try {
    doc.toJS();
    return true;
  } catch {
    return undefined;
  }
}

/**
 * Deep equality as node:assert's strict mode sees it: -0 is not 0, NaN is NaN, prototypes
 * and own `__proto__` properties count (vitest's toEqual is looser on all three).
 */
function expectSameValues(text: string): void {
  const ours = parseYamlDocuments(text).map((doc) => doc.value);
  const theirs = yamlValues(text);
  if (!isDeepStrictEqual(ours, theirs)) expect({ text, ours }).toEqual({ text, ours: theirs });
}

/** The fast path read `text`, and gave what yaml gives. */
function expectFastAndSame(text: string): void {
  const fast = readFast(text);
  expect(fast, `fell back to yaml on:\n${text}`).toBeDefined();
  const theirs = yamlValues(text);
  const ours = fast!.map((doc) => doc.value);
  if (!isDeepStrictEqual(ours, theirs)) expect({ text, ours }).toEqual({ text, ours: theirs });
}

const CRDS = sharedReference('reference/crds/prometheus-operator-v0.93.0');

describe.skipIf(!CRDS.available)(`prometheus-operator CRDs ${CRDS.available ? '' : CRDS.skipMessage}`, () => {
  const files = CRDS.available ? readdirSync(CRDS.path).filter((name) => name.endsWith('.yaml')) : [];

  test('there are the 10 CRD files', () => {
    expect(files).toHaveLength(10);
  });

  test.each(files)('%s: fast path, equal to yaml, each document text reads back to its value', (name) => {
    const text = readFileSync(join(CRDS.path, name), 'utf8');
    expectFastAndSame(text);
    for (const doc of parseYamlDocuments(text)) {
      expect(isDeepStrictEqual(yamlValues(doc.text), [doc.value])).toBe(true);
      expect(doc.error).toBeUndefined();
    }
  });
});

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function goldenFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.yaml')) found.push(path);
    }
  };
  for (const pkg of readdirSync(packagesDir)) {
    const golden = join(packagesDir, pkg, 'src', '__golden__');
    try {
      walk(golden);
    } catch {
      // A package without golden files.
    }
  }
  return found.sort();
}

describe('golden files', () => {
  const files = goldenFiles();

  test('there are golden YAML files to read', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  test('each takes the fast path and equals yaml', () => {
    for (const file of files) expectFastAndSame(readFileSync(file, 'utf8'));
  });
});

describe('constructs', () => {
  test.each([
    [
      'plain scalars of the core schema',
      'a: ~\nb: null\nc:\nd: true\ne: False\nf: TRUE\ng: yes\nh: no\ni: on\n',
    ],
    [
      'integers',
      'a: 0o17\nb: 0x1F\nc: -12\nd: +1\ne: 1_000\nf: 0\ng: -0\nh: 123456789012345678901234\ni: 017\n',
    ],
    ['floats', 'a: .inf\nb: -.Inf\nc: .nan\nd: 1e3\ne: -.5\nf: 1.\ng: 2.50\nh: +1.5e-3\ni: .NaN\n'],
    ['strings that look like other types', 'a: 2001-12-14\nb: 1.2.3\nc: 0x\nd: 0o8\ne: nULL\nf: .Nan\n'],
    ['keys resolved then stringified', '1: a\ntrue: b\n~: c\n0x10: d\n1e3: e\n.nan: f\n'],
    ['__proto__ as an own key', '__proto__: 1\nb:\n  __proto__:\n    x: 1\n'],
    ['single-quoted', "a: 'it''s'\nb: ''\nc: 'a # b'\nd: 'x: y'\n"],
    [
      'double-quoted escapes',
      'a: "\\t\\n\\\\\\"\\x41\\u00e9\\U0001F600\\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P\\/\\ "\n',
    ],
    [
      'multi-line quoted scalars fold',
      'a: "one\n  two\n\n  three  \n   four"\nb: \'x\n  y\n\n\n  z\'\nc: "a\\\n  b"\n',
    ],
    ['block literals', 'a: |\n  x\n   y\n\n  z\nb: |-\n  x\n\nc: |+\n  x\n\n\nd: 1\n'],
    ['block folded', 'a: >\n  x\n  y\n\n  z\n    more\n  w\nb: >-\n  x\n  y\n'],
    ['explicit indentation indicators', 'a: |2\n    x\n  y\nb:\n- |1-\n   x\n- >2\n    y\n'],
    ['block scalar headers with comments', 'a: | # c\n  x\nb: >- # c\n  y\n'],
    ['multi-line plain scalars fold', 'a: one\n  two\n\n  three\nb:\n  x\n  y\n'],
    ['comments everywhere', '# top\na: 1 # c\n# between\nb:\n  # inside\n  c: x#y\n  d: "q" # c\n'],
    [
      'flow collections',
      'a: []\nb: {}\nc: [1, two, "3", \'4\']\nd: {x: 1, "y": [a, b], z: {}}\ne: [ a, b, ]\n',
    ],
    ['sequences at the key column', 'a:\n- x\n- y: 1\n  z: 2\n- - n\n  - m\nb: 1\n'],
    ['indented sequences', 'a:\n  - x\n  -   y: 1\n      z: 2\n  -\n    w\n  -\nb: 1\n'],
    ['documents', '---\na: 1\n---\nb: 2\n...\n---\n---\nc: 3\n'],
    ['a document after ...', 'a: 1\n...\nb: 2\n'],
    ['a comment-only stream', '# nothing\n\n'],
    ['an empty stream', ''],
    [
      'root scalars',
      '--- \n'.trim().concat('\nplain text\n  goes on\n---\n"quoted"\n---\n|\n  literal\n---\n[a]\n'),
    ],
    ['indented root', '  a: 1\n  b:\n  - c\n'],
    ['keys with colons and odd characters', 'a:b: 1\nhttp://x: 2\n"q: k": 3\n:node:sum: 4\nk: -x\n'],
  ])('%s', (_name, text) => {
    expectFastAndSame(text);
  });

  test.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['complex keys', '? a\n: b\n'],
    ['tabs', 'a:\t1\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['keys equal once stringified', '1: a\n"1": b\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['carriage returns', 'a: 1\r\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['an unclosed quote', 'a: "x\n'],
    ['a bad indentation', 'a: 1\n b: 2\n'],
  ])('%s: left to yaml, with the same result', (_name, text) => {
    expect(readFast(text)).toBeUndefined();
    expectSameValues(text);
    expect(parseYamlDocuments(text).map((doc) => doc.error !== undefined)).toEqual(yamlErrors(text));
  });

  test('an invalid document has the first line of yaml error', () => {
    const [doc] = parseYamlDocuments('a: 1\na: 2\n');
    expect(doc!.error).toBe('Map keys must be unique at line 2, column 1:');
  });

  test('document texts are the sources between markers', () => {
    expect(parseYamlDocuments('---\na: 1\n---\nb: 2\n...\n').map((doc) => doc.text)).toEqual([
      'a: 1\n',
      'b: 2\n',
    ]);
    expect(parseYamlDocuments('a: &x 1\n---\nb: *x\n').map((doc) => doc.text)).toEqual([
      'a: &x 1\n',
      'b: *x\n',
    ]);
  });
});

/** Strings that YAML writers must quote or escape, or that resolve to other types when plain. */
const SPECIAL_STRINGS = [
  'yes',
  'no',
  'on',
  'off',
  'null',
  'Null',
  '~',
  'true',
  'False',
  '0o17',
  '0x1F',
  '1e3',
  '.inf',
  '-.inf',
  '.nan',
  '-.5',
  '+1',
  '1_000',
  '2001-12-14',
  '0',
  '-0',
  '',
  ' ',
  ' lead',
  'trail ',
  'a: b',
  'a #b',
  '#',
  '- x',
  '? x',
  ':x',
  "'",
  '"',
  '\\',
  '\n',
  'a\nb',
  'a\n\nb\n',
  '\n\nx\n\n',
  '  indented\nline\n',
  'tab\there',
  'é ü 日本 😀',
  '---',
  '...',
  'x\n---\ny',
  'x\n...\n',
  '[a]',
  '{a}',
  '&a',
  '*a',
  '!a',
  '%a',
  '@a',
  '`a',
  '|',
  '>',
  'a,b',
  'long words that a small line width has to fold over several lines of text',
];

const specialString = fc.oneof(
  fc.constantFrom(...SPECIAL_STRINGS),
  fc.string({
    unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', "'", '"', '\\', '\t', 'é', '0', '.', 'x'),
  }),
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.constantFrom(...SPECIAL_STRINGS), { maxLength: 4 }).map((parts) => parts.join(' ')),
);

const key = fc.oneof(
  fc.constantFrom(...SPECIAL_STRINGS.filter((s) => !s.includes('\n'))),
  fc.string({ maxLength: 8 }),
);

const jsonLike = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    specialString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const OPTION_SETS: [string, ToStringOptions][] = [
  ['default', {}],
  ['indentSeq false', { indentSeq: false }],
  ['double-quoted', { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }],
  ['single-quoted', { defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN' }],
  ['block literal', { defaultStringType: 'BLOCK_LITERAL', defaultKeyType: 'PLAIN' }],
  ['block folded', { defaultStringType: 'BLOCK_FOLDED', defaultKeyType: 'PLAIN' }],
  ['narrow lines', { lineWidth: 20, minContentWidth: 0 }],
  ['narrow double-quoted', { lineWidth: 16, minContentWidth: 0, defaultStringType: 'QUOTE_DOUBLE' }],
  ['flow collections', { collectionStyle: 'flow' }],
  ['narrow flow', { collectionStyle: 'flow', lineWidth: 20, minContentWidth: 0 }],
];

describe('properties', () => {
  test.each(OPTION_SETS)('values written by yaml (%s) read back as yaml reads them', (_name, options) => {
    fc.assert(
      fc.property(jsonLike, (value) => {
        expectSameValues(stringify(value, options));
      }),
      { numRuns: 300 },
    );
  });

  test('values written by toYaml(canonicalize(v)) read back as yaml reads them, on the fast path', () => {
    fc.assert(
      fc.property(jsonLike, (value) => {
        expectSameValues(toYaml(canonicalize(value)));
      }),
      { numRuns: 500 },
    );
  });

  test('several documents in one stream', () => {
    fc.assert(
      fc.property(fc.array(jsonLike, { maxLength: 4 }), (values) => {
        expectSameValues(values.map((value) => `---\n${stringify(value)}`).join(''));
      }),
      { numRuns: 200 },
    );
  });

  const SEEDS = [
    'a: 1\nb:\n  - x\n  - "y z"\nc: |-\n  line\n   more\n',
    'spec:\n  versions:\n  - name: v1\n    schema:\n      description: >-\n        folded\n        text\n      enum:\n      - \'!=\'\n      - "=~"\n',
    '---\nk: [a, {b: 1}]\n---\nplain\n  folded # c\n...\n',
    "q: 'it''s\n  folded'\nd: \"esc\\t\\u00e9\n  \\\n  x\"\nn: ~\nf: .5\n",
  ];

  /** One random edit of a text: a character or a line deleted, inserted or duplicated. */
  const mutation = fc.tuple(
    fc.constantFrom(
      'delete char',
      'insert char',
      'duplicate char',
      'delete line',
      'duplicate line',
      'insert line',
    ),
    fc.nat(),
    fc.constantFrom(
      ' ',
      '\n',
      ':',
      '-',
      '#',
      "'",
      '"',
      '|',
      '>',
      '[',
      ']',
      '{',
      '}',
      ',',
      '&',
      '*',
      '!',
      '?',
      'a',
      '1',
      '\t',
    ),
  );

  function mutate(text: string, [kind, at, ch]: [string, number, string]): string {
    const lines = text.split('\n');
    const i = at % (text.length + 1);
    const l = at % lines.length;
    switch (kind) {
      case 'delete char':
        return text.slice(0, i) + text.slice(i + 1);
      case 'insert char':
        return text.slice(0, i) + ch + text.slice(i);
      case 'duplicate char':
        return text.slice(0, i) + text.slice(i, i + 1) + text.slice(i);
      case 'delete line':
        return [...lines.slice(0, l), ...lines.slice(l + 1)].join('\n');
      case 'duplicate line':
        return [...lines.slice(0, l + 1), ...lines.slice(l)].join('\n');
      default:
        return [...lines.slice(0, l), `${' '.repeat(at % 5)}${ch} x`, ...lines.slice(l)].join('\n');
    }
  }

  test('mutated YAML reads as yaml reads it, errors included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, edits) => {
          const text = edits.reduce(mutate, seed);
          expectSameValues(text);
          expect(parseYamlDocuments(text).map((doc) => doc.error !== undefined)).toEqual(yamlErrors(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
