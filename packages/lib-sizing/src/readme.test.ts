import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compose, isStack, render, type Stack, validateStack } from '@mixstack/core';
import { codeBlocks, importCode, readReadme, repositoryRoot, typecheckCode } from '@mixstack/testing';
import { alloy, grafana, loki, prometheus, pyroscope, tempo } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { SIZING_NOTICE, sizingTable } from './index.js';
import { specAt } from './real-stack.test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const [example] = codeBlocks(readReadme(dir), 'ts');

async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

const START = '<!-- sizing-table:start -->';
const END = '<!-- sizing-table:end -->';

/** The table between the markers of a README (and the file's text). */
function tableIn(path: string): { text: string; table: string } {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no ${START} … ${END} section`);
  return { text, table: text.slice(start + START.length, end).trim() };
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test("its example is valid, and sizes the default stack's components composed with it", async () => {
    const stack = await readmeStack();
    expect(validateStack(stack)).toEqual([]);
    const components = compose('components', grafana(), prometheus(), loki(), tempo(), pyroscope(), alloy());
    const result = render(components(stack));
    // The table's medium Prometheus: 1M series ≈ 3 GiB of head.
    expect(specAt(result, 'prometheus/prometheus').resources?.requests?.memory).toBe('3200Mi');
    expect(result.sections.notices[SIZING_NOTICE]?.message).toContain('Sized from load');
  });

  // One command regenerates both: UPDATE_README=1 npx vitest run src/readme.test.ts
  test.each([
    ['the package README', join(dir, 'README.md')],
    ["the repository's README", join(repositoryRoot(), 'README.md')],
  ])('%s holds the table sizingPlan gives for the small, medium and large clusters', (_, path) => {
    const wanted = sizingTable();
    if (process.env.UPDATE_README) {
      const { text } = tableIn(path);
      const start = text.indexOf(START) + START.length;
      writeFileSync(path, `${text.slice(0, start)}\n${wanted}\n${text.slice(text.indexOf(END))}`);
    }
    expect(tableIn(path).table).toBe(wanted);
  });
});
