import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closestNames, isMixstackError, isStack, MixstackError, type Stack } from '@mixstack/core';
import { CliError, shownPath } from './problems.js';

const EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

const EXAMPLE = 'export default createStack({ namespace: "monitoring" }, [ ...parts ])';

/** A stack module that cannot be loaded: a `MODULE` problem, exit 1. */
function moduleError(message: string, address: string, hint: string): never {
  throw new CliError({ code: 'MODULE', message, address, hint }, 1);
}

/** The package a bare import specifier names (`@scope/name` or `name`), or undefined for a path. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || isAbsolute(specifier) || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The first `file:line` of an error's stack (or message) that is the user's code, not a dependency's. */
function userLocation(error: Error, path: string): string | undefined {
  const text = `${error.message}\n${error.stack ?? ''}`;
  const locations = [...text.matchAll(/(?:file:\/\/)?(\/[^\s():]+\.[cm]?[jt]s):(\d+)(?::(\d+))?/g)];
  const mine = locations.find((m) => m[1] === path) ?? locations.find((m) => !m[1]!.includes('node_modules'));
  return mine ? `${shownPath(mine[1]!)}:${mine[2]}` : undefined;
}

/**
 * The named imports of the stack module (`import { a, b as c } from 'x'`) that the imported
 * module does not export, with their line. jiti turns imports into property reads, so a wrong
 * name is `undefined` and fails later as "is not a function"; this names the real mistake.
 */
async function missingNamedImports(
  path: string,
  load: (specifier: string) => Promise<unknown>,
): Promise<{ name: string; from: string; line: number; exports: string[] }[]> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const missing: { name: string; from: string; line: number; exports: string[] }[] = [];
  for (const match of source.matchAll(
    /import\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g,
  )) {
    if (/^import\s+type\b/.test(match[0])) continue;
    let imported: unknown;
    try {
      imported = await load(match[2]!);
    } catch {
      continue;
    }
    if (typeof imported !== 'object' || imported === null) continue;
    const line = source.slice(0, match.index).split('\n').length;
    for (const raw of match[1]!.split(',')) {
      const name = raw
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim();
      if (!name || raw.trim().startsWith('type ')) continue;
      if (!(name in imported)) missing.push({ name, from: match[2]!, line, exports: Object.keys(imported) });
    }
  }
  return missing;
}

/** The closest export name, for "did you mean" (core's matching of names). */
function closest(name: string, candidates: readonly string[]): string | undefined {
  return closestNames(name, candidates, 1)[0];
}

/**
 * Turns what went wrong while loading or running the stack module into a `MODULE` problem:
 * a syntax error (file:line), a package that is not installed (and the `npm install` that
 * fixes it), a named import that does not exist, or an error the module threw. A
 * MixstackError (a part's mistake) passes through unchanged.
 */
async function explainLoadFailure(
  error: unknown,
  entry: string,
  path: string,
  load: (specifier: string) => Promise<unknown>,
): Promise<never> {
  if (error instanceof CliError || isMixstackError(error)) throw error;
  const failure = error instanceof Error ? error : new Error(String(error));
  const code = (failure as NodeJS.ErrnoException).code;
  const message = failure.message.split('\n')[0]!.trim();
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(failure.message)?.[1];
    const from = /Require stack:\n- (\S+)/.exec(failure.message)?.[1];
    const where = from ? shownPath(from) : entry;
    const pkg = specifier ? packageOf(specifier) : undefined;
    if (pkg) {
      moduleError(
        `the package "${pkg}" is not installed (imported as "${specifier}")`,
        where,
        `install it in the stack's repository: npm install ${pkg}`,
      );
    }
    moduleError(
      `the file "${specifier ?? message}" it imports does not exist`,
      where,
      'fix the import path (relative to the importing file, with its extension)',
    );
  }
  if (/ParseError|SyntaxError/.test(`${failure.name} ${failure.message}`)) {
    const location = userLocation(failure, path) ?? entry;
    const reason = message.replace(/^(?:Error: )?(?:ParseError|SyntaxError):\s*/, '').trim();
    moduleError(
      `syntax error: ${reason || 'the module does not parse'}`,
      location,
      `fix the syntax at ${location} (npx tsc --noEmit shows every such error)`,
    );
  }
  const missing = await missingNamedImports(path, load);
  if (missing.length > 0) {
    const first = missing[0]!;
    const suggestion = closest(first.name, first.exports);
    moduleError(
      `it imports "${first.name}" from "${first.from}", which has no such export` +
        (missing.length > 1
          ? ` (also missing: ${missing
              .slice(1)
              .map((m) => m.name)
              .join(', ')})`
          : ''),
      `${entry}:${first.line}`,
      suggestion ? `did you mean "${suggestion}"?` : `import one of the names "${first.from}" exports`,
    );
  }
  const location = userLocation(failure, path) ?? entry;
  moduleError(
    `the stack module threw ${failure.name && failure.name !== 'Error' ? `a ${failure.name}` : 'an error'}: ${message}`,
    location,
    `fix the code at ${location}; the stack module must only build and export the stack`,
  );
}

/**
 * Loads a stack module: its default export is a Stack, or a (possibly async) function
 * returning one. TypeScript entries load through jiti, without a build step. Every way a
 * module can fail is a CliError (`MODULE`, exit 1) or a MixstackError of one of its parts.
 */
export async function loadStack(entry: string, cwd = process.cwd()): Promise<Stack> {
  const path = resolve(cwd, entry);
  const fail = (message: string, hint: string, value?: unknown): never => {
    throw new MixstackError({ code: 'INVALID_PART', message, address: entry, value, hint });
  };
  if (!existsSync(path))
    fail(
      'the stack module does not exist',
      'pass the path of a .ts or .js file whose default export is a stack',
    );
  if (!EXTENSIONS.has(extname(path)))
    fail(
      'the stack module must be a .ts, .mts, .js or .mjs file',
      'rename the file or pass another one',
      extname(path),
    );
  // Loaded on demand: the default stack needs no TypeScript loader.
  const { createJiti } = await import('jiti');
  const jiti = createJiti(pathToFileURL(resolve(cwd, 'mixstack-entry.js')).href, {
    interopDefault: true,
    moduleCache: false,
  });
  // Imports of the module, resolved from its own folder (for the named-import check).
  const fromEntry = createJiti(pathToFileURL(path).href, { interopDefault: false });
  const load = (specifier: string) => fromEntry.import(specifier);
  let module: unknown;
  try {
    module = await jiti.import(pathToFileURL(path).href);
  } catch (error) {
    return explainLoadFailure(error, entry, path, load);
  }
  const hasDefault = typeof module === 'object' && module !== null && 'default' in module;
  if (!hasDefault && typeof module === 'object' && module !== null) {
    const names = Object.keys(module);
    const stackName = names.find((name) => isStack((module as Record<string, unknown>)[name]));
    moduleError(
      `the stack module has no default export${names.length > 0 ? ` (it exports ${names.map((n) => `"${n}"`).join(', ')})` : ''}`,
      entry,
      stackName ? `add: export default ${stackName};` : EXAMPLE,
    );
  }
  let exported = hasDefault ? (module as { default: unknown }).default : module;
  if (typeof exported === 'function' && typeof (exported as { partName?: unknown }).partName === 'string') {
    const name = (exported as unknown as { partName: string }).partName;
    moduleError(
      `the default export is the part "${name}", not a stack`,
      entry,
      `wrap it in createStack: export default createStack({ namespace: "monitoring" }, [ ${name === 'prometheus' || name === 'grafana' ? `${name}()` : 'thePart'} ]) (createStack comes from @mixstack/core)`,
    );
  }
  if (typeof exported === 'function') {
    try {
      exported = await (exported as () => unknown)();
    } catch (error) {
      return explainLoadFailure(error, entry, path, load);
    }
  }
  if (!isStack(exported)) {
    const missing = await missingNamedImports(path, load);
    if (missing.length > 0) await explainLoadFailure(new Error('not a stack'), entry, path, load);
    fail(
      'the default export of the stack module is not a stack',
      `${EXAMPLE} (or a function returning it)`,
      exported,
    );
  }
  return exported as Stack;
}

/**
 * An error thrown while rendering whose first stack frame is in the user's stack module (a
 * component's `build` calling an import that does not exist, or throwing): a `MODULE` problem
 * (exit 1) naming the file:line, instead of an internal error. An error raised inside mixstack's
 * own code keeps its stack trace: it is a bug (exit 70).
 */
export async function userCodeFailure(error: unknown, entry: string, cwd = process.cwd()): Promise<unknown> {
  if (!(error instanceof Error) || isMixstackError(error)) return error;
  const path = resolve(cwd, entry);
  const top = /\n\s+at (?:.*?\()?(?:file:\/\/)?(\/[^\s():]+):\d+/.exec(error.stack ?? '')?.[1];
  if (top !== path) return error;
  const { createJiti } = await import('jiti');
  const fromEntry = createJiti(pathToFileURL(path).href, { interopDefault: false });
  try {
    await explainLoadFailure(error, entry, path, (specifier) => fromEntry.import(specifier));
  } catch (explained) {
    return explained;
  }
  return error;
}
