import { describe, expect, test } from 'vitest';
import { describeValue, isMixstackError, MixstackError } from './errors.js';

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
