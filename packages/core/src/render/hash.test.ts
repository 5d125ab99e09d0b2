import { describe, expect, test } from 'vitest';
import { contentHash, stableUid } from './hash.js';

describe('contentHash', () => {
  test('is the SHA-256 of the text, or of the canonical JSON of a value', () => {
    expect(contentHash('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(contentHash({ b: 1, a: 2 })).toBe(contentHash('{"a":2,"b":1}'));
  });

  test('does not depend on key order, and changes with content', () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
  });
});

describe('stableUid', () => {
  test("is 24 hex characters, within Grafana's 40-character uid limit, and stable", () => {
    const uid = stableUid('node-exporter', 'nodes.json');
    expect(uid).toMatch(/^[0-9a-f]{24}$/);
    expect(stableUid('node-exporter', 'nodes.json')).toBe(uid);
  });

  test('parts are separated, so moving a boundary changes the id', () => {
    expect(stableUid('ab', 'c')).not.toBe(stableUid('a', 'bc'));
  });
});
