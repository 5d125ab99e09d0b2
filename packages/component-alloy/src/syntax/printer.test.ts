import { describe, expect, test } from 'vitest';
import { attribute, block, call, concat, object, reference, type Value } from './model.js';
import { AlloySyntaxError, isIdentifier, printAlloy, quote } from './printer.js';

/** One attribute in one component, printed: what the value looks like in a file. */
const printed = (value: Value) =>
  printAlloy({ blocks: [block('local.file_match', [attribute('v', value)], { label: 'x' })] });

describe('strings are double-quoted with Alloy’s escapes', () => {
  test.each([
    ['plain', 'hello', '"hello"'],
    ['a double quote', 'say "hi"', '"say \\"hi\\""'],
    ['a backslash (regexes need it doubled)', '\\d+', '"\\\\d+"'],
    ['a newline, a carriage return and a tab', 'a\nb\rc\td', '"a\\nb\\rc\\td"'],
    ['other control characters as \\x', 'bell\u0007 del\u007f nul\u0000', '"bell\\x07 del\\x7f nul\\x00"'],
    ['C1 controls and line separators as \\u', 'x\u0085y\u2028z', '"x\\u0085y\\u2028z"'],
    ['Unicode as it is (the file is UTF-8)', 'café 日本 🚀', '"café 日本 🚀"'],
    ['template braces mean nothing to Alloy', '{{ .Values.x }}', '"{{ .Values.x }}"'],
    ['a single quote needs no escape', "it's", '"it\'s"'],
    ['the empty string', '', '""'],
  ])('%s', (_case, text, expected) => {
    expect(quote(text)).toBe(expected);
  });

  test('a lone surrogate cannot be written as UTF-8, and is refused', () => {
    expect(() => quote('bad \ud800')).toThrow(AlloySyntaxError);
  });
});

describe('identifiers and labels', () => {
  test.each([
    ['default', true],
    ['_x1', true],
    ['café', true],
    ['1pod', false],
    ['loki-logs', false],
    ['a.b', false],
    ['with space', false],
    ['', false],
    ['true', false],
    ['null', false],
  ])('%s is an identifier: %s', (text, expected) => {
    expect(isIdentifier(text)).toBe(expected);
  });

  test('a component is `name "label" { ... }`, its label double-quoted', () => {
    expect(printAlloy({ blocks: [block('loki.write', [], { label: 'default' })] })).toBe(
      'loki.write "default" { }\n',
    );
  });

  test.each([
    ['a label that is no identifier', block('loki.write', [], { label: 'loki-logs' })],
    ['a component without a label', block('loki.write', [])],
    ['a keyword as label', block('loki.write', [], { label: 'true' })],
    ['a name with a hyphen', block('loki.wri-te', [], { label: 'x' })],
    [
      'a nested block with a label',
      block('loki.write', [block('endpoint', [], { label: 'x' })], { label: 'x' }),
    ],
    ['an attribute name that is no identifier', block('loki.write', [attribute('a-b', 1)], { label: 'x' })],
  ])('refused: %s', (_case, invalid) => {
    expect(() => printAlloy({ blocks: [invalid] })).toThrow(AlloySyntaxError);
  });

  test('config blocks have no label', () => {
    expect(printAlloy({ blocks: [block('logging', [attribute('level', 'info')])] })).toBe(
      'logging {\n  level = "info"\n}\n',
    );
  });
});

describe('values', () => {
  test.each<[string, Value, string]>([
    ['numbers', 3.5, 'v = 3.5'],
    ['a negative integer', -3, 'v = -3'],
    ['booleans', true, 'v = true'],
    ['null', null, 'v = null'],
    ['an empty list', [], 'v = []'],
    ['a short list, inline', ['a', 1, false], 'v = ["a", 1, false]'],
    [
      'references in a list, unquoted',
      [reference('loki.write', 'default', 'receiver')],
      'v = [loki.write.default.receiver]',
    ],
    ['a function call', call('sys.env', 'HOSTNAME'), 'v = sys.env("HOSTNAME")'],
    [
      'a concatenation of a string and a nested call',
      concat('spec.nodeName=', call('coalesce', call('sys.env', 'HOSTNAME'), 'x')),
      'v = "spec.nodeName=" + coalesce(sys.env("HOSTNAME"), "x")',
    ],
    ['an empty object', object({}), 'v = {}'],
  ])('%s', (_case, value, line) => {
    expect(printed(value)).toBe(`local.file_match "x" {\n  ${line}\n}\n`);
  });

  test('an object: keys sorted, quoted unless identifiers, one per line with a trailing comma', () => {
    expect(printed(object({ 'app.kubernetes.io/name': 'x', cluster: 'c', true: 't', '1st': '"' }))).toBe(
      [
        'local.file_match "x" {',
        '  v = {',
        '    "1st" = "\\"",',
        '    "app.kubernetes.io/name" = "x",',
        '    cluster = "c",',
        '    "true" = "t",',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a list of objects, one item per line, each with its trailing comma', () => {
    expect(printed([object({ __path__: '/var/log/*.log' }), object({ a: 'b' })])).toBe(
      [
        'local.file_match "x" {',
        '  v = [',
        '    {',
        '      __path__ = "/var/log/*.log",',
        '    },',
        '    {',
        '      a = "b",',
        '    },',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a long list goes over several lines, with trailing commas', () => {
    const items = Array.from({ length: 12 }, (_, i) => `__meta_kubernetes_${i}`);
    const text = printed(items);
    expect(text).toContain('  v = [\n    "__meta_kubernetes_0",\n');
    expect(text).toContain('    "__meta_kubernetes_11",\n  ]\n');
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY])('%s is refused', (value) => {
    expect(() => printed(value)).toThrow(AlloySyntaxError);
  });
});

describe('files', () => {
  test('nested blocks in order, comments above blocks, a blank line between components', () => {
    const text = printAlloy({
      comment: 'Rendered by mixstack.\nDo not edit.',
      blocks: [
        block(
          'loki.process',
          [
            attribute('forward_to', [reference('loki.write', 'logs', 'receiver')]),
            block('stage.json', [attribute('expressions', object({ level: 'level' }))]),
            block('stage.cri', []),
            block('stage.labels', [attribute('values', object({ level: '' }))]),
          ],
          { label: 'logs', comment: 'the "logs" pipeline' },
        ),
        block('loki.write', [block('endpoint', [attribute('url', 'http://loki:3100/loki/api/v1/push')])], {
          label: 'logs',
        }),
      ],
    });
    expect(text).toBe(`// Rendered by mixstack.
// Do not edit.

// the "logs" pipeline
loki.process "logs" {
  forward_to = [loki.write.logs.receiver]
  stage.json {
    expressions = {
      level = "level",
    }
  }
  stage.cri { }
  stage.labels {
    values = {
      level = "",
    }
  }
}

loki.write "logs" {
  endpoint {
    url = "http://loki:3100/loki/api/v1/push"
  }
}
`);
  });

  test('the same model prints the same bytes', () => {
    const model = () => ({
      blocks: [
        block('loki.write', [attribute('external_labels', object({ b: '2', a: '1' }))], { label: 'x' }),
      ],
    });
    expect(printAlloy(model())).toBe(printAlloy(model()));
    expect(printAlloy(model())).toContain('    a = "1",\n    b = "2",');
  });
});

/**
 * Alloy's reading of a double-quoted string (grafana/alloy `syntax/scanner`, the escapes of
 * the syntax reference), written independently of the printer so that a printer bug cannot
 * hide behind its own inverse.
 */
function unquote(literal: string): string {
  if (!literal.startsWith('"') || !literal.endsWith('"') || literal.length < 2)
    throw new Error(`not quoted: ${literal}`);
  const body = literal.slice(1, -1);
  const simple: Record<string, string> = {
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v',
    '\\': '\\',
    "'": "'",
    '"': '"',
  };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === '"' || char === '\n')
      throw new Error(`unescaped ${JSON.stringify(char)} at ${i} in ${literal}`);
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++i]!;
    if (next in simple) out += simple[next];
    else if (next === 'x') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u' || next === 'U') {
      const width = next === 'u' ? 4 : 8;
      out += String.fromCodePoint(Number.parseInt(body.slice(i + 1, i + 1 + width), 16));
      i += width;
    } else if (/[0-7]/.test(next)) {
      out += String.fromCharCode(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new Error(`unknown escape \\${next} in ${literal}`);
  }
  return out;
}

describe('every string reads back as it was written', () => {
  /** A small deterministic generator (no clock, no Math.random): the same strings on every run. */
  function* strings(count: number): Generator<string> {
    let seed = 0x2f6b1d3;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    const pools = [
      () => next() % 0x80, // ASCII, controls included
      () => 0x80 + (next() % 0x780), // Latin, C1 controls, Greek, Cyrillic
      () => [0x22, 0x5c, 0x7b, 0x7d, 0x24, 0x0a, 0x2028][next() % 7]!, // " \ { } $ newline LS
      () => 0x10000 + (next() % 0x10000), // outside the BMP (emoji)
      () => 0x3000 + (next() % 0x6000), // CJK
    ];
    for (let n = 0; n < count; n++) {
      let text = '';
      for (let k = next() % 24; k > 0; k--) text += String.fromCodePoint(pools[next() % pools.length]!());
      yield text;
    }
  }

  test('2000 strings of every kind of character', () => {
    for (const text of strings(2000)) {
      const literal = quote(text);
      expect(unquote(literal)).toBe(text);
      expect(literal).not.toMatch(/[\n\r\u2028]/);
    }
  });
});
