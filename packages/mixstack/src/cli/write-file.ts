// `mixstack explain -o FILE` writes one file, not a folder: the folder writer's swap and record
// do not apply, but its promises do. The file appears complete or not at all (written next to
// it, then renamed over it), a folder is never replaced by a file, and a folder that mixstack
// writes whole (manifests, mixins, CRDs) gets no stray file the next run would refuse or delete.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { OWNERSHIP_MARKER, recordedFiles, UnsafeOutputError } from './write-dir.js';

/** The extensions a page may be written under: anything else is likely a slip (`-o stack.ts`). */
const PAGE_EXTENSIONS = ['.html', '.htm'];

/** True when a path names an HTML page by its extension. */
export const isPagePath = (path: string): boolean =>
  PAGE_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension));

/** Where the file really goes: a symlink to a file is followed, so the link stays a link. */
function realTarget(file: string): string {
  const absolute = resolve(file);
  try {
    if (lstatSync(absolute).isSymbolicLink()) return realpathSync(absolute);
  } catch {
    // A dangling link or no file yet: written where it is named.
  }
  return absolute;
}

/** The nearest folder at or above `path` whose `.mixstack` record says mixstack wrote it whole. */
function mixstackFolderAbove(path: string): string | undefined {
  let dir = dirname(path);
  for (;;) {
    if (existsSync(join(dir, OWNERSHIP_MARKER)) && recordedFiles(dir) !== undefined) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Refuses an output file that cannot be written safely, before anything is read or written: a
 * folder (it would be replaced by a file), or a path inside a folder mixstack writes whole (the
 * next `build`, `mixins` or `crds pull` would list it as a file mixstack did not write; the
 * page next to the manifests is `build --explain`'s to write), or a path inside what the
 * command reads (`reads`, e.g. an input folder).
 */
export function assertFileOutput(file: string, reads: readonly { what: string; path: string }[] = []): void {
  const target = realTarget(file);
  if (existsSync(target) && lstatSync(target).isDirectory())
    throw new UnsafeOutputError(
      `${file} is a folder, not a file; refusing to replace it. Pass the path of the page to write, for example -o ${join(file, 'explain.html')}.`,
    );
  const owned = mixstackFolderAbove(target);
  if (owned !== undefined) {
    const folder = relative(process.cwd(), owned) || '.';
    throw new UnsafeOutputError(
      `${file} is inside ${folder}, a folder mixstack writes whole (its ${OWNERSHIP_MARKER} record lists what it wrote); a file written there by another command would block or be deleted by the next run. To put the page next to the manifests, run: mixstack build --explain -o ${folder}. Otherwise pick a path outside ${folder}.`,
    );
  }
  for (const { what, path } of reads) {
    if (!existsSync(path)) continue;
    const real = realpathSync(path);
    if (target === real || !relative(real, target).startsWith('..'))
      throw new UnsafeOutputError(
        `${file} is inside ${what} (${path}), which the command reads; refusing to write into it. Pick a path outside.`,
      );
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Deletes the hidden drafts of this file that killed runs left (their process is gone). */
function removeDeadDrafts(target: string): void {
  const prefix = `.${basename(target)}.mixstack-new-`;
  for (const name of readdirSync(dirname(target))) {
    if (!name.startsWith(prefix)) continue;
    const pid = name.slice(prefix.length);
    if (/^\d+$/.test(pid) && !isAlive(Number(pid))) rmSync(join(dirname(target), name), { force: true });
  }
}

/**
 * Writes one file so that readers see the old bytes or the new ones, never a part: the content
 * goes to a hidden sibling first, then is renamed over the target (rename is atomic within a
 * folder). Missing parent folders are created, and drafts that killed runs left are deleted.
 * Call `assertFileOutput` first.
 */
export function writeFileAtomically(file: string, content: string): void {
  const target = realTarget(file);
  mkdirSync(dirname(target), { recursive: true });
  removeDeadDrafts(target);
  const temporary = join(dirname(target), `.${basename(target)}.mixstack-new-${process.pid}`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
