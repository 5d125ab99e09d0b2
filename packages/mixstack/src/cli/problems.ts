import { relative } from 'node:path';
import type { CrdProblemCode } from './crds-error.js';

/**
 * The codes the CLI adds to core's `MixstackErrorCode` in its reports (text and `--json`):
 * - `MODULE`: the stack module cannot be loaded (syntax error, missing package, wrong import,
 *   no default export, a part instead of a stack, it throws). Exit 1.
 * - `ENVIRONMENT`: the file system refuses the output (not writable, read-only, disk full,
 *   name too long, a file where a folder belongs). Exit 2.
 * - `UNSAFE_OUTPUT`: mixstack refuses to touch the output folder (files it did not write, a
 *   concurrent run, an input inside it). Exit 2.
 * - `USAGE`: the command line is wrong. Exit 2.
 * - `CRD_*`: `crds pull` refused the CRD files, one code per cause (see `CrdProblemCode`). Exit 1.
 * - `JSONNET`: `mixin import` could not evaluate a jsonnet mixin: the binary is missing (exit 2,
 *   the message says how to install it) or the evaluation failed (exit 1, with jsonnet's error).
 */
export type CliProblemCode =
  | 'MODULE'
  | 'ENVIRONMENT'
  | 'UNSAFE_OUTPUT'
  | 'USAGE'
  | 'JSONNET'
  | CrdProblemCode;

/** One problem the CLI found itself, in the shape of core's `MixstackError.toJSON()`. */
export interface CliProblem {
  code: CliProblemCode;
  message: string;
  /** The file (and line) or folder concerned, as the user named it. */
  address?: string;
  hint: string;
}

/** A mistake the CLI reports as a problem with its exit code (1: invalid stack module, 2: usage or environment). */
export class CliError extends Error {
  constructor(
    readonly problem: CliProblem,
    readonly exitCode: 1 | 2,
  ) {
    super(problem.message);
  }
}

/** The problem in the text form of core's problems: what, where, how to fix it. */
export function formatCliProblem(problem: CliProblem): string {
  return `error [${problem.code}]${problem.address ? ` in ${problem.address}` : ''}: ${problem.message}.\n  fix: ${problem.hint}\n`;
}

/**
 * JSON of any value, never throwing: a BigInt is written as its decimal string with an `n`
 * (`"10n"`), a repeated (cyclic) reference as `"[Circular]"`, a function or symbol as a description.
 */
export function safeJson(value: unknown): string {
  const seen: object[] = [];
  return JSON.stringify(
    value,
    function (this: unknown, _key, current: unknown) {
      if (typeof current === 'bigint') return `${current}n`;
      if (typeof current === 'function') return `[function ${current.name || 'anonymous'}]`;
      if (typeof current === 'symbol') return current.toString();
      if (typeof current === 'object' && current !== null) {
        // Ancestors only: `this` is the holder; drop the entries that are no longer on the path.
        while (seen.length > 0 && seen[seen.length - 1] !== this) seen.pop();
        if (seen.includes(current)) return '[Circular]';
        seen.push(current);
      }
      return current;
    },
    2,
  );
}

/** A path as the user sees it: relative to the working directory when inside it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
