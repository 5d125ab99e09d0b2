import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { goldenDirectory, updatingGolden } from './golden.js';

describe('updatingGolden: the one reading of UPDATE_GOLDEN', () => {
  test.each([['1'], ['true'], ['TRUE'], [' 1 ']])('%j rewrites', (value) => {
    expect(updatingGolden(value)).toBe(true);
  });

  test.each([[undefined], [''], ['0'], ['false']])('%j compares', (value) => {
    // `undefined` reads the environment: unset it here, or `npm run golden` (UPDATE_GOLDEN=1) fails this.
    vi.stubEnv('UPDATE_GOLDEN', undefined);
    try {
      expect(updatingGolden(value)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test.each([['yes'], ['2'], ['update']])('%j is a mistake that fails loudly', (value) => {
    expect(() => updatingGolden(value)).toThrow(/UPDATE_GOLDEN=.* is not understood/);
  });
});

describe('goldenDirectory', () => {
  let root: string;
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'mixstack-golden-')), '__golden__');
    mkdirSync(join(root, 'scenario', 'nested'), { recursive: true });
    writeFileSync(join(root, 'scenario', 'a.yaml'), 'a: 1\n');
    writeFileSync(join(root, 'scenario', 'nested', 'b.json'), '{}\n');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(join(root, '..'), { recursive: true, force: true });
  });

  const rendered = new Map([
    ['a.yaml', 'a: 1\n'],
    ['nested/b.json', '{}\n'],
  ]);

  test('a folder that holds exactly the rendered files passes', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    goldenDirectory(root).expectGoldenFolder('scenario', rendered);
  });

  test('a missing, an extra or a changed file fails', () => {
    vi.stubEnv('UPDATE_GOLDEN', '');
    const golden = goldenDirectory(root);
    expect(() => golden.expectGoldenFolder('scenario', { 'a.yaml': 'a: 1\n' })).toThrow(
      /does not hold exactly the rendered files/,
    );
    expect(() => golden.expectGolden('scenario/a.yaml', 'a: 2\n')).toThrow(/differs from its golden file/);
    expect(() => golden.expectGolden('scenario/c.yaml', '')).toThrow(/is missing/);
  });

  test('with UPDATE_GOLDEN=1 the folder is replaced: new files written, stale files gone', () => {
    vi.stubEnv('UPDATE_GOLDEN', '1');
    const golden = goldenDirectory(root);
    golden.expectGoldenFolder('scenario', { 'a.yaml': 'a: 2\n', 'c.yaml': 'c: 3\n' });
    expect(golden.goldenFiles('scenario')).toEqual(['a.yaml', 'c.yaml']);
    expect(readFileSync(join(root, 'scenario', 'a.yaml'), 'utf8')).toBe('a: 2\n');
  });

  test('an unknown UPDATE_GOLDEN value stops the test instead of guessing', () => {
    vi.stubEnv('UPDATE_GOLDEN', 'yes');
    expect(() => goldenDirectory(root).expectGoldenFolder('scenario', rendered)).toThrow(/not understood/);
    expect(goldenDirectory(root).goldenFiles('scenario')).toEqual(['a.yaml', 'nested/b.json']);
  });
});
