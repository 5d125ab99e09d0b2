import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findWorkspaceRoot } from './workspace.js';

/** The repository's root: the monorepo around the tests' folder (none for a lifted-out package). */
const repoRoot = findWorkspaceRoot(process.cwd());

/**
 * The shared reference folder: `MIXSTACK_SHARED`, else `../shared` beside the repository
 * (CI always has it there).
 */
export const sharedDir = process.env.MIXSTACK_SHARED ?? resolve(repoRoot ?? process.cwd(), '..', 'shared');

/** A file or folder of the shared reference folder, and what a test says when it is absent. */
export interface SharedReference {
  /** Its absolute path. */
  path: string;
  /** Whether it exists: tests that read it skip, saying so with `skipMessage`, where it does not. */
  available: boolean;
  /** The reason of the skip, for the test's name: what is absent and how to provide it. */
  skipMessage: string;
}

/** `relativePath` in the shared reference folder (`reference/config-keys/loki.tsv`). */
export function sharedReference(relativePath: string): SharedReference {
  const path = join(sharedDir, relativePath);
  return {
    path,
    available: existsSync(path),
    skipMessage: `skipped: ${path} is absent (the shared reference folder is not next to the repository; set MIXSTACK_SHARED to its path)`,
  };
}
