import { describe, expect, expectTypeOf, test } from 'vitest';
import { isMixstackError, type MixstackError } from '../errors.js';
import {
  array,
  boolean,
  byteSize,
  check,
  dnsLabel,
  dnsSubdomain,
  duration,
  either,
  integer,
  labels,
  nonEmptyString,
  object,
  oneOf,
  orFalse,
  parseImage,
  parseOptions,
  parseOptionsCollecting,
  pinnedImage,
  qualifiedName,
  quantity,
  record,
  required,
  type Schema,
  secretName,
  storageClassName,
  string,
  toleration,
} from './schema.js';

const at = { address: 'myPart', path: ['opt'] };

/** The MixstackError a parse throws (fails the test if it returns or throws something else). */
function failure(schema: Schema<unknown>, value: unknown, where = at): MixstackError {
  try {
    schema.parse(value, where);
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}

const DIGEST = `sha256:${'0'.repeat(64)}`;

// Every validator: values it accepts (returned unchanged) and values it rejects.
const validators: [string, Schema<unknown>, unknown[], unknown[]][] = [
  ['string()', string(), ['', 'a', ' x '], [1, null, {}, [], true]],
  [
    'string({ minLength, maxLength })',
    string({ minLength: 2, maxLength: 3 }),
    ['ab', 'abc'],
    ['a', 'abcd', 2],
  ],
  ['string({ pattern })', string({ pattern: /^v\d+$/ }), ['v1', 'v20'], ['1', 'v', 'vv1']],
  ['nonEmptyString()', nonEmptyString(), ['a', ' '], ['', 0, undefined]],
  [
    'dnsLabel()',
    dnsLabel(),
    ['monitoring', 'team-a', 'a1'],
    ['', 'Monitoring', 'a.b', '-a', 'x'.repeat(64), 7],
  ],
  ['dnsSubdomain()', dnsSubdomain(), ['standard-rwo', 'a.b'], ['', 'A', 'a..b', 'a_b', 'x'.repeat(254)]],
  [
    'quantity()',
    quantity(),
    ['10Gi', '512Mi', '250m', '2', '1.5', '+1', '1e3', '.5'],
    ['', '10 Gi', '10GiB', 'ten', 10, '-'],
  ],
  [
    'duration()',
    duration(),
    ['30d', '6h', '1h30m', '0', '500ms', '1y2w'],
    ['', '1.5h', '30', 'h', '30x', '6h1d', 30],
  ],
  ['byteSize()', byteSize(), ['90GB', '512MB', '0', '1.5TB', '100B'], ['', 'GB', '90', '90gb', '90GiB', 90]],
  ['integer()', integer(), [0, -3, 2 ** 40], [1.5, '1', Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, null]],
  ['integer({ min, max })', integer({ min: 1, max: 3 }), [1, 3], [0, 4, 2.5]],
  ['boolean()', boolean(), [true, false], ['true', 0, null]],
  ['oneOf()', oneOf(['service', 'pod', 1]), ['service', 'pod', 1], ['Service', '1', true]],
  ['array()', array(string()), [[], ['a', 'b']], ['a', [1], {}]],
  [
    'array({ minLength, unique })',
    array(string(), { minLength: 1, unique: true }),
    [['a'], ['a', 'b']],
    [[], ['a', 'a']],
  ],
  ['record()', record(integer()), [{}, { a: 1 }], [{ a: 'x' }, { '': 1 }, [], null]],
  [
    'labels()',
    labels(),
    [{}, { team: 'a', 'app.kubernetes.io/name': 'x', empty: '' }],
    [{ 'bad key': 'a' }, { a: 'bad value' }, { a: 1 }, 'team=a'],
  ],
  ['required()', required(integer()), [1], [undefined, 'x']],
  [
    'object()',
    object({ a: integer(), b: string() }),
    [{}, { a: 1 }, { a: 1, b: 'x' }, { a: undefined }],
    [{ c: 1 }, { a: 'x' }, [], null, 'a'],
  ],
  ['either()', either(integer(), boolean()), [1, true], ['1', null]],
  [
    'check()',
    check(integer(), (n) => (n % 2 ? 'must be even' : undefined), 'pass an even number'),
    [2, 0],
    [1, 'x'],
  ],
  [
    'pinnedImage()',
    pinnedImage(),
    ['quay.io/prometheus/prometheus:v3.13.2', 'redis:7', `busybox@${DIGEST}`, 'localhost:5000/a/b:1'],
    ['nginx', 'nginx:latest', 'Nginx:1', 'localhost:5000/a', '', 3, `nginx@sha256:abc`],
  ],
];

describe.each(validators)('%s', (_name, schema, good, bad) => {
  test.each(good.map((value) => [value]))('accepts %o', (value) => {
    expect(schema.parse(value, at)).toEqual(value);
  });

  test.each(bad.map((value) => [value]))(
    'rejects %o as INVALID_OPTION with where, what and a hint',
    (value) => {
      const error = failure(schema, value);
      expect(error.code).toBe('INVALID_OPTION');
      expect(error.address).toBe('myPart');
      expect(error.path?.startsWith('opt')).toBe(true);
      expect(error.hint.length).toBeGreaterThan(5);
      expect(error.message).toContain('myPart at opt');
    },
  );

  test('describes what it expects', () => {
    expect(schema.expected.length).toBeGreaterThan(3);
  });
});

describe('error details', () => {
  test('the value and the expected shape are reported', () => {
    const error = failure(dnsLabel(), 'Team_A');
    expect(error).toMatchObject({ path: 'opt', value: 'Team_A' });
    expect(error.reason).toMatch(/^expected a DNS label/);
    expect(error.hint).toContain('"monitoring"');
  });

  test('a top-level value has no path', () => {
    expect(failure(boolean(), 'x', { address: 'myPart', path: [] }).path).toBeUndefined();
  });

  test.each([
    ['a list item', array(integer()), [1, 'x'], 'opt.1', 'x'],
    ['a repeated list item', array(string(), { unique: true }), ['a', 'b', 'a'], 'opt.2', 'a'],
    ['a record value', record(integer()), { a: 1, b: 'x' }, 'opt.b', 'x'],
    ['a label key', labels(), { 'bad key': 'v' }, 'opt.bad key', 'bad key'],
    [
      'a nested option',
      object({ storage: object({ size: quantity() }) }),
      { storage: { size: '1 Gi' } },
      'opt.storage.size',
      '1 Gi',
    ],
  ])('%s is reported at its own path', (_name, schema, value, path, offending) => {
    expect(failure(schema as Schema<unknown>, value)).toMatchObject({ path, value: offending });
  });

  test('oneOf suggests the closest value', () => {
    expect(failure(oneOf(['service', 'pod']), 'Service').hint).toContain('Did you mean "service"?');
  });

  test('either names both alternatives', () => {
    expect(failure(either(integer(), boolean()), 'x').reason).toBe('expected an integer, or true or false');
  });

  test('check reports its own problem text and hint', () => {
    const even = check(integer(), (n) => (n % 2 ? 'must be even' : undefined), 'pass an even number');
    expect(failure(even, 3)).toMatchObject({ reason: 'must be even', hint: 'pass an even number', value: 3 });
  });
});

describe('object', () => {
  const schema = object({ namespace: dnsLabel(), replicas: integer(), image: required(pinnedImage()) });

  test('rejects an unknown option with its path and the closest known names', () => {
    const error = failure(schema, { image: 'a:1', namespce: 'x' });
    expect(error).toMatchObject({ code: 'INVALID_OPTION', path: 'opt.namespce', value: 'x' });
    expect(error.reason).toBe('unknown option "namespce"');
    expect(error.hint).toContain('Did you mean "namespace"?');
    expect(error.hint).toContain('namespace, replicas, image');
  });

  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    'rejects the inherited name %j as an unknown option',
    (key) => {
      const value = JSON.parse(`{"image": "a:1", ${JSON.stringify(key)}: 1}`);
      expect(failure(schema, value)).toMatchObject({ path: `opt.${key}`, reason: `unknown option "${key}"` });
    },
  );

  test('reports a missing required option', () => {
    const error = failure(schema, { replicas: 1 });
    expect(error).toMatchObject({ path: 'opt.image', reason: 'missing required option "image"' });
    expect(error.hint).toContain('pinned image');
  });

  test('drops undefined fields and keeps the rest', () => {
    expect(schema.parse({ image: 'a:1', replicas: undefined }, at)).toEqual({ image: 'a:1' });
  });

  test('types its result: required fields required, others optional', () => {
    type Parsed = ReturnType<typeof schema.parse>;
    expectTypeOf<Parsed['image']>().toEqualTypeOf<string>();
    expectTypeOf<Parsed['replicas']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ image: string }>().toExtend<Parsed>();
    expectTypeOf<{ replicas: number }>().not.toExtend<Parsed>();
  });
});

describe('record', () => {
  test('refuses a "__proto__" key with a problem naming its path, instead of dropping it', () => {
    const error = failure(record(integer()), JSON.parse('{"__proto__": 1, "a": 2}'));
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.path).toBe('opt.__proto__');
    expect(error.hint).toContain('__proto__');
    const collected = parseOptionsCollecting(
      object({ extra: record(integer()) }),
      JSON.parse('{"extra": {"__proto__": 1, "a": 2}}'),
      'myPart',
    );
    expect(collected.problems.map((p) => p.path)).toEqual(['extra.__proto__']);
    expect(collected.value).toEqual({ extra: { a: 2 } });
  });

  test('keeps keys named like Object.prototype members', () => {
    const input = { constructor: 'a', toString: 'b', hasOwnProperty: 'c', valueOf: 'd' };
    const parsed = labels().parse(input, at);
    expect(Object.keys(parsed).sort()).toEqual(['constructor', 'hasOwnProperty', 'toString', 'valueOf']);
    expect(parsed).toEqual(input);
    expect(record(integer()).parse({ constructor: 1, toString: 2 }, at)).toEqual({
      constructor: 1,
      toString: 2,
    });
  });

  test('drops undefined values', () => {
    expect(record(integer()).parse({ a: undefined, b: 1 }, at)).toEqual({ b: 1 });
  });
});

describe('orFalse', () => {
  const schema = orFalse(object({ size: quantity(), bucket: required(nonEmptyString()) }));

  test('false leaves the part out', () => {
    expect(schema.parse(false, at)).toBe(false);
  });

  test('options are parsed', () => {
    expect(schema.parse({ bucket: 'b' }, at)).toEqual({ bucket: 'b' });
  });

  test('true means the defaults, so missing required options are still reported', () => {
    expect(failure(schema, true)).toMatchObject({ path: 'opt.bucket' });
    expect(orFalse(object({ size: quantity() })).parse(true, at)).toEqual({});
  });

  test('anything else is rejected', () => {
    expect(failure(schema, 'yes').code).toBe('INVALID_OPTION');
  });
});

describe('parseImage', () => {
  test.each([
    [
      'quay.io/prometheus/prometheus:v3.13.2',
      { repository: 'quay.io/prometheus/prometheus', tag: 'v3.13.2' },
    ],
    ['redis:7', { repository: 'redis', tag: '7' }],
    ['localhost:5000/team/app', { repository: 'localhost:5000/team/app' }],
    ['localhost:5000/team/app:1.0', { repository: 'localhost:5000/team/app', tag: '1.0' }],
    [`grafana/grafana@${DIGEST}`, { repository: 'grafana/grafana', digest: DIGEST }],
    [`grafana/grafana:13.0.0@${DIGEST}`, { repository: 'grafana/grafana', tag: '13.0.0', digest: DIGEST }],
    ['docker.io/library/my__app--x:v1', { repository: 'docker.io/library/my__app--x', tag: 'v1' }],
  ])('%s', (reference, expected) => {
    const { repository, tag, digest } = parseImage(reference) ?? {};
    expect({ repository, tag, digest }).toEqual({ tag: undefined, digest: undefined, ...expected });
  });

  test.each(['', 'UPPER/case:1', 'a:', ':1', 'a::1', 'a/:1', 'a b:1', 'http://quay.io/a:1'])(
    'rejects %j',
    (reference) => {
      expect(parseImage(reference)).toBeUndefined();
    },
  );
});

describe('parseOptions', () => {
  const schema = object({ retention: duration() });

  test('treats missing options as {}', () => {
    expect(parseOptions(schema, undefined, 'prometheus')).toEqual({});
    expect(parseOptions(schema, null, 'prometheus')).toEqual({});
  });

  test('names the part in errors, with paths from the options root', () => {
    const error = (() => {
      try {
        parseOptions(schema, { retention: '30 days' }, 'prometheus');
      } catch (e) {
        return e as MixstackError;
      }
    })();
    expect(error).toMatchObject({
      code: 'INVALID_OPTION',
      address: 'prometheus',
      path: 'retention',
      value: '30 days',
    });
  });
});

describe('qualifiedName', () => {
  test.each(['team', 'constructor', 'example.com/team', `${'a'.repeat(253)}/x`, 'x'.repeat(63)])(
    'accepts %j',
    (v) => {
      expect(qualifiedName().parse(v, at)).toBe(v);
    },
  );
  test.each([
    '',
    '/x',
    'example.com/',
    'a/b/c',
    `${'a'.repeat(254)}/x`,
    'x'.repeat(64),
    '_x',
    'a b',
    'Ex.com/x',
  ])('rejects %j', (v) => {
    expect(failure(qualifiedName(), v).code).toBe('INVALID_OPTION');
  });
});

describe('toleration', () => {
  test.each([
    [{ operator: 'Exists' }],
    [{ key: '', operator: 'Exists' }],
    [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' }],
    [{ key: 'example.com/gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    [{ key: 'constructor', value: 'x' }],
  ])('accepts %o', (value) => {
    expect(toleration().parse(value, at)).toEqual(value);
  });
  test.each([
    [{ key: 'bad key', operator: 'Exists' }, 'taint key'],
    [{ key: 'a/b/c', operator: 'Exists' }, 'taint key'],
    [{ key: `${'a'.repeat(254)}/x` }, 'taint key'],
    [{ key: 'x'.repeat(64) }, 'taint key'],
    [{ key: '', operator: 'Equal', value: 'x' }, 'without a key'],
    [{ value: 'x' }, 'without a key'],
    [{ key: 'a', operator: 'Exists', value: 'x' }, 'must not have a value'],
    [{ key: 'a', value: 'not a label value!' }, 'label value'],
    [{ key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }, 'NoExecute'],
  ])('rejects %o', (value, text) => {
    const error = failure(toleration(), value);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain(text);
    expect(error.path?.startsWith('opt')).toBe(true);
  });
});

describe('names of a kind, with a hint of that kind', () => {
  const hintOf = (schema: Schema<string>) => {
    try {
      schema.parse('Not A Name', { address: 'x', path: ['name'] });
    } catch (error) {
      return (error as { hint: string }).hint;
    }
    throw new Error('expected a problem');
  };

  test('a Secret name suggests a Secret name, a StorageClass a StorageClass name', () => {
    expect(hintOf(secretName())).toBe('use a name such as "alertmanager-slack"');
    expect(hintOf(secretName())).not.toContain('standard-rwo');
    expect(hintOf(storageClassName())).toBe('use a name such as "standard-rwo"');
  });
});
