import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface WriteOptions {
  /**
   * A file that marks a directory as written by mixstack. An existing, non-empty directory
   * without it is refused: `-o .` must never replace a user's repository.
   */
  marker: string;
}

export class UnsafeOutputError extends Error {}

/**
 * Replaces `directory` with exactly `files`, atomically for readers: everything is written to
 * a sibling temporary directory first, then swapped in with renames. If anything fails before
 * the swap, the existing directory is untouched.
 */
export function writeDirectoryAtomically(
  directory: string,
  files: ReadonlyMap<string, string>,
  options: WriteOptions,
): void {
  const target = resolve(directory);
  if (existsSync(target)) {
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes(options.marker)) {
      throw new UnsafeOutputError(
        `${directory} exists and was not written by mixstack (no ${options.marker} file in it); refusing to replace it. Pass an empty or new directory.`,
      );
    }
  }
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const temporary = join(parent, `.${basename(target)}.mixstack-new-${process.pid}`);
  const previous = join(parent, `.${basename(target)}.mixstack-old-${process.pid}`);
  rmSync(temporary, { recursive: true, force: true });
  try {
    mkdirSync(temporary);
    for (const [path, content] of files) {
      const file = join(temporary, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  const existed = existsSync(target);
  if (existed) renameSync(target, previous);
  try {
    renameSync(temporary, target);
  } catch (error) {
    if (existed) renameSync(previous, target);
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  if (existed) rmSync(previous, { recursive: true, force: true });
}
