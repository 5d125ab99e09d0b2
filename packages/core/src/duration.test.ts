import { describe, expect, test } from 'vitest';
import { durationSeconds } from './duration.js';

describe('durationSeconds', () => {
  test.each([
    ['0', 0],
    ['30s', 30],
    ['1h30m', 5400],
    ['15d', 15 * 86400],
    ['2w', 14 * 86400],
    ['1y', 365 * 86400],
    ['1500ms', 1.5],
  ])('%s is %d seconds', (duration, seconds) => {
    expect(durationSeconds(duration)).toBe(seconds);
  });
});
