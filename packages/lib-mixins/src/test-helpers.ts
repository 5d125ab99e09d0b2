/** Fixtures and helpers of these tests: a mixin in the generated layout, read as the CLI reads an input. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputFiles } from '@mixstack/core';

const here = dirname(fileURLToPath(import.meta.url));

/** A small mixin in the generated layout, written for these tests: alerts, recording rules, a dashboard. */
export const APP_MIXIN_DIR = join(here, '__fixtures__', 'app');

/** The files of a folder and its subfolders (`dashboards_out/x.json`), as `mixstack build` reads a recursive input. */
export function readFolder(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      for (const [file, text] of readFolder(path, `${prefix}${name}/`)) files.set(file, text);
    else files.set(`${prefix}${name}`, readFileSync(path, 'utf8'));
  }
  return files;
}

/** The fixture's files with some replaced (`undefined` removes one): a broken copy for a bad-input case. */
export function withFiles(changes: Record<string, string | undefined>): InputFiles {
  const files = readFolder(APP_MIXIN_DIR);
  for (const [file, text] of Object.entries(changes)) {
    if (text === undefined) files.delete(file);
    else files.set(file, text);
  }
  return files;
}
