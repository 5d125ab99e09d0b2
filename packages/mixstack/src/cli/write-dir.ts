import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The file in which mixstack records what it wrote into a folder: JSON with the tool, the
 * command and the sorted list of files. Only the files it lists are mixstack's; a kustomize
 * `Kustomization` (or any other file) never makes a folder mixstack's.
 */
export const OWNERSHIP_MARKER = '.mixstack';

/**
 * The page `build --explain` writes next to the manifests. It is mixstack's file like the
 * others (listed in the `.mixstack` record, so replaced or deleted by the next write) but no
 * Kubernetes object: it is never listed in the Kustomization.
 */
export const EXPLAIN_PAGE = 'explain.html';

/** The command-line flag that lets mixstack delete files in the output folder it did not write. */
export const REPLACE_UNKNOWN_FLAG = '--replace-unknown';

/** The steps of a write, in order; `hooks.afterStep` is called after each (a test seam for crashes). */
export const WRITE_STEPS = [
  'locked',
  'recovered',
  'partly-written',
  'written',
  'moved-old',
  'moved-new',
  'trashed',
  'removed',
] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

export interface WriteOptions {
  /** The mixstack command that writes (`build`, `mixins`, `crds pull`), recorded in the marker. */
  command: string;
  /**
   * Delete the files in the folder that mixstack did not write (the `--replace-unknown` flag).
   * Without it, such files make the write fail with an UnsafeOutputError listing them.
   */
  replaceUnknown?: boolean;
  /** Called after each step of the write; tests use it to simulate a crash at that step. */
  hooks?: { afterStep?: (step: WriteStep) => void };
}

/** A refusal to touch the output folder; the CLI reports it with exit code 2. Nothing was changed. */
export class UnsafeOutputError extends Error {}

interface OwnershipRecord {
  tool: 'mixstack';
  command: string;
  files: string[];
}

/** The marker's bytes: deterministic (no time, no PID), so two builds write identical folders. */
export function ownershipRecord(command: string, files: Iterable<string>): string {
  const record: OwnershipRecord = { tool: 'mixstack', command, files: [...files].sort() };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Where an output path really is: a symlinked output (or parent) is followed to its target. */
export interface OutputLocation {
  /** The real path of the folder (it may not exist yet). */
  target: string;
  parent: string;
  name: string;
}

/**
 * Resolves the output path. A symlink is followed, so the link is kept and its target gets the
 * new content (a GitOps checkout linked into a repository stays linked). A dangling link, or a
 * path that is a file, is refused.
 */
export function locateOutput(directory: string): OutputLocation {
  const absolute = resolve(directory);
  let target: string;
  let stats: ReturnType<typeof lstatSync> | undefined;
  try {
    stats = lstatSync(absolute);
  } catch {
    stats = undefined;
  }
  if (stats?.isSymbolicLink()) {
    try {
      target = realpathSync(absolute);
    } catch {
      throw new UnsafeOutputError(
        `${directory} is a symbolic link to a path that does not exist; refusing to write through it. Create the folder it points to, or remove the link.`,
      );
    }
  } else {
    target = join(realExisting(dirname(absolute)), basename(absolute));
  }
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UnsafeOutputError(
      `${directory} is a file, not a folder; refusing to replace it. Pass a folder.`,
    );
  }
  return { target, parent: dirname(target), name: basename(target) };
}

/** The real path of a path whose tail may not exist yet: its nearest existing ancestor, resolved. */
function realExisting(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    return join(realExisting(parent), basename(path));
  }
}

/** True when `path` is `folder` or inside it (both absolute, real paths). */
function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * Refuses an output folder that holds something the command reads (an input folder, the stack
 * module): replacing the folder would delete the build's own input. Checked before anything is
 * written. Paths that do not exist are not read, so they do not count.
 */
export function assertOutsideOutput(
  directory: string,
  reads: readonly { what: string; path: string }[],
): void {
  const { target } = locateOutput(directory);
  for (const { what, path } of reads) {
    if (!existsSync(path)) continue;
    const real = realpathSync(path);
    if (isInside(real, target)) {
      throw new UnsafeOutputError(
        `${what} (${path}) is inside the output folder ${directory}, which is replaced on every run; refusing to write. Pick an output folder that holds none of the build's inputs (for example -o manifests).`,
      );
    }
  }
}

// --- the lock -------------------------------------------------------------------------------

const lockPath = (at: OutputLocation) => join(at.parent, `.${at.name}.mixstack-lock`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock of one output folder: a file next to it, created exclusively, holding the PID.
 * A lock whose process is gone (a killed run) is taken over; a live one is refused.
 */
function acquireLock(at: OutputLocation, directory: string): () => void {
  const path = lockPath(at);
  const mine = `${process.pid}\n`;
  // The lock appears complete or not at all: the PID is written to a file of this process, then
  // hard-linked to the lock's name (which fails if it exists). A lock created empty and written
  // after would look, to another run reading it in between, like one cut short by a kill.
  const draft = `${path}-${process.pid}`;
  writeFileSync(draft, mine);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(draft, path);
        return () => {
          try {
            if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // Released meanwhile: try again.
      }
      const holder = /^\d+\n$/.test(text) ? Number(text.trim()) : undefined;
      if (holder === undefined || isAlive(holder)) {
        throw new UnsafeOutputError(
          `another mixstack (process ${holder ?? 'unknown'}) is writing ${directory} right now; refusing to write it at the same time. Run again when it is done; if no mixstack is running, delete ${path}.`,
        );
      }
      // A killed run's lock: take it over, unless another run did so since it was read.
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        // Gone meanwhile: try again.
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  throw new UnsafeOutputError(`could not take the lock ${path} of ${directory}; run again.`);
}

// --- recovery of killed runs ----------------------------------------------------------------

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The folders a write uses next to its target, named after it: `.NAME.mixstack-new-PID` (the new
 * output being written), `-old-PID` (the previous output, moved aside by an atomic rename, so
 * always complete) and `-trash-PID` (the previous output being deleted). The names are the
 * journal: whatever step a run was killed at, they say how to finish.
 */
function leftovers(at: OutputLocation): { old: string[]; other: string[] } {
  const pattern = new RegExp(`^\\.${escapeRegExp(at.name)}\\.mixstack-(new|old|trash)-\\d+$`);
  const old: string[] = [];
  const other: string[] = [];
  let names: string[];
  try {
    names = readdirSync(at.parent);
  } catch {
    return { old, other };
  }
  for (const name of names.sort()) {
    const match = pattern.exec(name);
    if (!match) continue;
    (match[1] === 'old' ? old : other).push(join(at.parent, name));
  }
  return { old, other };
}

/**
 * Finishes what a killed run left, under the lock: a missing output folder gets its previous
 * content back (the `-old-` folder, complete by construction); then every leftover is deleted.
 * Each step is a rename or a delete of a leftover, so a kill during recovery is recovered too.
 */
function recoverLocked(at: OutputLocation): void {
  const { old, other } = leftovers(at);
  let restored: string | undefined;
  if (!existsSync(at.target) && old.length > 0) {
    restored = old[old.length - 1]!;
    renameSync(restored, at.target);
  }
  for (const path of [...other, ...old]) {
    if (path !== restored) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Repairs the output folder after a killed run (restores it or deletes the leftovers) before a
 * command does anything else; a killed run's lock goes too, a live run's lock is refused.
 * Without leftovers or a lock it writes nothing, so a command that then fails (an invalid
 * stack) writes nothing next to the folder either.
 */
export function recoverOutput(directory: string): void {
  const at = locateOutput(directory);
  const found = leftovers(at);
  if (found.old.length + found.other.length === 0 && !existsSync(lockPath(at))) return;
  const release = acquireLock(at, directory);
  try {
    recoverLocked(at);
  } finally {
    release();
  }
}

// --- ownership --------------------------------------------------------------------------------

/** The files a folder's marker says mixstack wrote, or undefined without a readable marker. */
function ownedFiles(target: string): { files: Set<string> } | { problem: string } {
  const path = join(target, OWNERSHIP_MARKER);
  if (!existsSync(path))
    return { problem: `it has no ${OWNERSHIP_MARKER} file, the record of what mixstack wrote` };
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<OwnershipRecord>;
    if (
      record.tool === 'mixstack' &&
      Array.isArray(record.files) &&
      record.files.every((file) => typeof file === 'string')
    ) {
      return { files: new Set([...record.files, OWNERSHIP_MARKER]) };
    }
  } catch {
    // Unreadable: treated as no record.
  }
  return { problem: `its ${OWNERSHIP_MARKER} file is not a record mixstack wrote` };
}

/**
 * The files a folder's `.mixstack` record lists (sorted, the record itself not included), or
 * undefined when the folder has no record mixstack wrote. Lets a command say what the next
 * write will drop (e.g. a page `build --explain` wrote, when a build runs without it).
 */
export function recordedFiles(directory: string): string[] | undefined {
  const owned = ownedFiles(locateOutput(directory).target);
  if (!('files' in owned)) return undefined;
  return [...owned.files].filter((file) => file !== OWNERSHIP_MARKER).sort();
}

/**
 * The files (and links) in `target` that mixstack did not write, with the folders that hold no
 * file of mixstack's listed once (`.git/ (12 files)`). Empty folders hold no data and do not count.
 */
function unknownEntries(target: string, owned: ReadonlySet<string>): string[] {
  const ownedDirs = new Set<string>();
  for (const file of owned) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) ownedDirs.add(parts.slice(0, i).join('/'));
  }
  const found: string[] = [];
  const countFiles = (dir: string): number => {
    let count = 0;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      count += lstatSync(path).isDirectory() ? countFiles(path) : 1;
    }
    return count;
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(target, path).split(sep).join('/');
      if (lstatSync(path).isDirectory()) {
        if (ownedDirs.has(rel)) walk(path);
        else {
          const count = countFiles(path);
          if (count > 0) found.push(`${rel}/ (${count} file${count === 1 ? '' : 's'})`);
        }
      } else if (!owned.has(rel)) found.push(rel);
    }
  };
  walk(target);
  return found;
}

function refuseUnknown(directory: string, unknown: readonly string[], problem: string | undefined): never {
  const shown = unknown.slice(0, 40);
  const more = unknown.length > shown.length ? [`... and ${unknown.length - shown.length} more`] : [];
  const why = problem
    ? ` (${problem}${unknown.includes('Kustomization') ? '; a Kustomization file does not make a folder mixstack’s' : ''})`
    : '';
  throw new UnsafeOutputError(
    `${directory} holds files mixstack did not write${why}; refusing to delete them:\n` +
      [...shown, ...more].map((line) => `  ${line}\n`).join('') +
      `Nothing was changed. Pick another output folder, move these files away, or pass ${REPLACE_UNKNOWN_FLAG} to delete them (an output folder written by an older mixstack needs it once).`,
  );
}

// --- the write ----------------------------------------------------------------------------------

/**
 * Replaces `directory` with exactly `files` plus the `.mixstack` record of them. At every instant
 * the folder holds the complete old or the complete new content, or the next run restores it:
 * the new content is written to a sibling, the old folder is renamed aside, the new one renamed
 * in, then the old one deleted. One writer per folder at a time (a lock file next to it).
 * Refused with an UnsafeOutputError, before anything changes, when the folder holds files
 * mixstack did not write (unless `replaceUnknown`) or is a file. A symlinked folder is followed.
 */
export function writeDirectoryAtomically(
  directory: string,
  files: ReadonlyMap<string, string>,
  options: WriteOptions,
): void {
  if (files.has(OWNERSHIP_MARKER)) throw new Error(`${OWNERSHIP_MARKER} is written by the writer itself`);
  const step = (name: WriteStep) => options.hooks?.afterStep?.(name);
  const at = locateOutput(directory);
  mkdirSync(at.parent, { recursive: true });
  const release = acquireLock(at, directory);
  try {
    step('locked');
    recoverLocked(at);
    step('recovered');
    const existed = existsSync(at.target);
    // A read-only output folder cannot be swapped out (nor its old files deleted): refused
    // here, before anything changes, with the folder's own path in the error.
    if (existed) accessSync(at.target, constants.W_OK);
    if (existed && !options.replaceUnknown) {
      const owned = ownedFiles(at.target);
      const unknown = unknownEntries(at.target, 'files' in owned ? owned.files : new Set());
      if (unknown.length > 0)
        refuseUnknown(directory, unknown, 'problem' in owned ? owned.problem : undefined);
    }
    const temporary = join(at.parent, `.${at.name}.mixstack-new-${process.pid}`);
    const previous = join(at.parent, `.${at.name}.mixstack-old-${process.pid}`);
    const trash = join(at.parent, `.${at.name}.mixstack-trash-${process.pid}`);
    try {
      mkdirSync(temporary);
      let first = true;
      for (const [path, content] of files) {
        const file = join(temporary, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        if (first) step('partly-written');
        first = false;
      }
      writeFileSync(join(temporary, OWNERSHIP_MARKER), ownershipRecord(options.command, files.keys()));
      step('written');
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      throw error;
    }
    if (existed) {
      renameSync(at.target, previous);
      step('moved-old');
    }
    try {
      renameSync(temporary, at.target);
    } catch (error) {
      if (existed) renameSync(previous, at.target);
      rmSync(temporary, { recursive: true, force: true });
      throw error;
    }
    step('moved-new');
    if (existed) {
      // Renamed before deleting, so an `-old-` folder is always complete: recovery may restore it.
      renameSync(previous, trash);
      step('trashed');
      rmSync(trash, { recursive: true, force: true });
    }
    step('removed');
  } finally {
    release();
  }
}
