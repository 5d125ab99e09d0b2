import { describe, expect, test } from 'vitest';
import { describeValue, isMixstackError, MixstackError, throwProblems } from './errors.js';

describe('MixstackError', () => {
  const error = new MixstackError({
    code: 'INVALID_OPTION',
    message: 'expected a DNS label',
    address: 'prometheus',
    path: 'storage.storageClass',
    value: 'Fast',
    hint: 'use lower-case letters',
    related: ['other'],
  });

  test('is an Error whose message says where, what, the value and the fix', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MixstackError');
    expect(error.message).toBe(
      'prometheus at storage.storageClass: expected a DNS label. Got "Fast". Also involved: other. Fix: use lower-case letters',
    );
  });

  test('keeps the details as fields and in JSON', () => {
    expect(error).toMatchObject({
      code: 'INVALID_OPTION',
      address: 'prometheus',
      path: 'storage.storageClass',
      value: 'Fast',
    });
    expect(error.reason).toBe('expected a DNS label');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'INVALID_OPTION',
      message: 'expected a DNS label',
      address: 'prometheus',
      path: 'storage.storageClass',
      value: 'Fast',
      hint: 'use lower-case letters',
      related: ['other'],
    });
  });

  test('leaves out what it was not given', () => {
    const bare = new MixstackError({ code: 'NOT_FOUND', message: 'nothing here', hint: 'look elsewhere' });
    expect(bare.message).toBe('nothing here. Fix: look elsewhere');
    expect(bare.related).toEqual([]);
    expect(bare.toJSON().related).toBeUndefined();
  });

  test('isMixstackError recognizes errors of any copy of core by their brand, and nothing else', () => {
    expect(isMixstackError(error)).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('mixstack.error')]: true });
    expect(isMixstackError(foreign)).toBe(true);
    for (const other of [new Error('x'), { code: 'INVALID_OPTION' }, null, undefined, 'MixstackError']) {
      expect(isMixstackError(other)).toBe(false);
    }
  });
});

describe('throwProblems', () => {
  const problem = (path: string) =>
    new MixstackError({ code: 'INVALID_OPTION', message: `bad ${path}`, address: 'x', path, hint: 'fix it' });

  test('nothing to throw: returns', () => {
    expect(() => throwProblems([])).not.toThrow();
  });

  test('one problem is thrown as it is', () => {
    const only = problem('a');
    expect(() => throwProblems([only])).toThrow(only);
  });

  test('several: the first is thrown, carrying every one', () => {
    try {
      throwProblems([problem('a'), problem('b'), problem('c')]);
      expect.unreachable();
    } catch (error) {
      expect(isMixstackError(error)).toBe(true);
      expect((error as MixstackError).path).toBe('a');
      expect((error as MixstackError).problems.map((p) => p.path)).toEqual(['a', 'b', 'c']);
    }
  });
});

describe('describeValue', () => {
  test.each([
    ['a', '"a"'],
    ['x'.repeat(200), `"${'x'.repeat(117)}..."`],
    [() => 1, 'a function'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1, 2, 3], 'an array of 3'],
    [{ a: 1 }, '{"a":1}'],
    [new Date(0), 'an instance of Date'],
    [Object.create(null), '{}'],
    [{ big: 1n }, 'an object'],
    [42, '42'],
    [Symbol('s'), 'Symbol(s)'],
  ])('%o → %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  test('a long object is shortened', () => {
    expect(describeValue({ text: 'y'.repeat(300) })).toHaveLength(120);
  });
});

describe('credentials are never repeated in a problem', () => {
  test.each([
    ['a password by its field name', 'config.database.password', 'hunter2', '[redacted]'],
    ['a token by its field name', 'secureJsonData.token', 'abc123', '[redacted]'],
    [
      'a Slack webhook by its shape',
      'receivers.0.url',
      'https://hooks.slack.com/services/T0/B0/XXXXXXXX',
      '[redacted: a Slack webhook URL]',
    ],
    [
      'the password of a URL',
      'remote_cache.connstr_url',
      'redis://app:s3cret@redis:6379/0',
      'redis://app:[redacted]@redis:6379/0',
    ],
    [
      'an AWS access key in an image reference',
      'image',
      'AKIAABCDEFGHIJKLMNOP/app:1',
      '[redacted: an AWS access key]',
    ],
  ])('%s', (_name, path, value, shown) => {
    const error = new MixstackError({
      code: 'INVALID_OPTION',
      message: 'bad',
      address: 'x',
      path,
      value,
      hint: 'fix',
    });
    expect(error.value).toBe(shown);
    expect(error.message).not.toContain(value);
    expect(JSON.stringify(error.toJSON())).not.toContain(value);
    // Carried problems stay redacted.
    expect(JSON.stringify(error.withOthers([error]).problems.map((p) => p.toJSON()))).not.toContain(value);
  });

  test('secrets inside an object value are redacted, the rest kept', () => {
    const error = new MixstackError({
      code: 'INVALID_OPTION',
      message: 'bad',
      address: 'grafana',
      path: 'config.security',
      value: { secret_key: 'SW2YcwTIb9zpOOhoPsMm', cookie_secure: true },
      hint: 'fix',
    });
    expect(error.value).toEqual({ secret_key: '[redacted]', cookie_secure: true });
    expect(error.message).not.toContain('SW2YcwTIb9zpOOhoPsMm');
  });

  test('ordinary values are shown as they are', () => {
    const error = new MixstackError({
      code: 'INVALID_OPTION',
      message: 'bad',
      address: 'x',
      path: 'replicas',
      value: 'two',
      hint: 'fix',
    });
    expect(error.value).toBe('two');
  });
});
