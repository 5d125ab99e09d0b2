import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as checks from './index.js';
import { defaultChecks } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here);
const HELPERS = new Set(['index.ts', 'types.ts', 'pods.ts', 'test-helpers.ts']);
const checkFiles = files.filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !HELPERS.has(file),
);

describe('the default safety checks', () => {
  test('have unique kebab-case names and a description', () => {
    const names = defaultChecks.map((check) => check.name);
    expect(new Set(names).size).toBe(names.length);
    for (const check of defaultChecks) {
      expect(check.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(check.description.length).toBeGreaterThan(10);
    }
  });

  test('every check module is a default check named after its file, and exported', () => {
    expect(checkFiles.map((file) => file.replace(/\.ts$/, '')).sort()).toEqual(
      defaultChecks.map((c) => c.name).sort(),
    );
    for (const check of defaultChecks) expect(Object.values(checks)).toContain(check);
  });

  // DESIGN.md §5: every check is tested on its own (compliant, each violation, exceptions).
  test.each(checkFiles)('%s has its own test file', (file) => {
    expect(files).toContain(file.replace(/\.ts$/, '.test.ts'));
  });
});
