import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStack, MixstackError, type Stack } from '@mixstack/core';

const EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/**
 * Loads a stack module: its default export is a Stack, or a (possibly async) function
 * returning one. TypeScript entries load through jiti, without a build step.
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
  const module = (await jiti.import(pathToFileURL(path).href)) as { default?: unknown } | unknown;
  let exported =
    typeof module === 'object' && module !== null && 'default' in module
      ? (module as { default: unknown }).default
      : module;
  if (typeof exported === 'function') exported = await (exported as () => unknown)();
  if (!isStack(exported)) {
    fail(
      'the default export of the stack module is not a stack',
      'export default createStack({ namespace: "monitoring" }, [ ...parts ]) (or a function returning it)',
      exported,
    );
  }
  return exported as Stack;
}
