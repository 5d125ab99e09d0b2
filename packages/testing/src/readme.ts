import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { findWorkspaceRoot, ownPackage, workspaceSources } from './workspace.js';

/**
 * README tests: every package's README example is code a user copies, so each package has a
 * `readme.test.ts` that typechecks the README's TypeScript blocks, runs them and asserts what
 * the text around them says. These are the shared pieces.
 */

/** The base compiler options every package extends, shipped beside this package's dist/ and src/. */
const baseTsconfig = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'tsconfig.base.json');

/** A package's README as text; `dir` is the package folder. */
export const readReadme = (dir: string): string => readFileSync(join(dir, 'README.md'), 'utf8');

/** The fenced code blocks of a markdown text in one language (```ts, ```sh, ```text), in order. */
export function codeBlocks(markdown: string, language: string): string[] {
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  return [...markdown.matchAll(fence)].map((match) => match[1]!);
}

/**
 * Loads TypeScript code as a module, as a user's `stack.ts` would be loaded: workspace package
 * names resolve to their sources (the vitest aliases), other packages from `dir` (the package
 * folder, where the file is written for the time of the import, under the git-ignored
 * `.vitest-tmp/`).
 */
export async function importCode(code: string, dir: string): Promise<Record<string, unknown>> {
  const parent = join(dir, '.vitest-tmp');
  mkdirSync(parent, { recursive: true });
  const tmp = mkdtempSync(join(parent, 'readme-'));
  try {
    const file = join(tmp, 'stack.ts');
    writeFileSync(file, code);
    return (await import(file)) as Record<string, unknown>;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    // Leave no empty .vitest-tmp/ behind; rmdir fails (and it stays) while another test uses it.
    try {
      rmdirSync(parent);
    } catch {}
  }
}

function compilerOptions(dir: string): ts.CompilerOptions {
  const config = ts.readConfigFile(baseTsconfig, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(baseTsconfig));
  // Workspace packages by name → their sources (as the vitest aliases do), not a possibly stale
  // dist/; outside the monorepo they resolve from node_modules. The package under test, wherever
  // it lives: a package the generator wrote into a temporary workspace, or one lifted out.
  const sources = workspaceSources(findWorkspaceRoot(dir));
  const own = ownPackage(dir);
  if (own) sources[own.name] = own.index;
  const paths = Object.fromEntries(Object.entries(sources).map(([name, index]) => [name, [index]]));
  return { ...options, paths, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
}

/**
 * Typechecks code blocks as modules of the package in `dir` (strict, with the workspace's
 * tsconfig), each block a module of its own; returns the errors as `block:line: message`,
 * none when every block typechecks. Nothing is written to disk.
 */
export function typecheckCode(blocks: Readonly<Record<string, string>>, dir: string): string[] {
  const options = compilerOptions(dir);
  const virtual = new Map(
    Object.entries(blocks).map(([name, code]) => [join(dir, '.readme', `${name}.ts`), code] as const),
  );
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, ...rest) => {
    const code = virtual.get(fileName);
    return code === undefined
      ? getSourceFile.call(host, fileName, language, ...rest)
      : ts.createSourceFile(fileName, code, language);
  };
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile.call(host, fileName);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return [...virtual.keys()].flatMap((fileName) => {
    const source = program.getSourceFile(fileName)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
      (diagnostic) => {
        const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
        const name = relative(join(dir, '.readme'), fileName).replace(/\.ts$/, '');
        return `${name}:${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      },
    );
  });
}
