import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * README tests: every package's README example is code a user copies, so each package has a
 * `readme.test.ts` that typechecks the README's TypeScript blocks, runs them and asserts what
 * the text around them says. These are the shared pieces.
 */

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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

/** The npm name of the package in `dir`, when `dir` is a package folder with sources. */
function ownPackage(dir: string): string | undefined {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || !existsSync(join(dir, 'src', 'index.ts'))) return undefined;
  const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
  return typeof name === 'string' ? name : undefined;
}

function compilerOptions(dir: string): ts.CompilerOptions {
  const config = ts.readConfigFile(join(workspaceRoot, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, workspaceRoot);
  // Workspace packages by name → their sources (as the vitest aliases do), not a possibly stale dist/.
  const paths: Record<string, string[]> = { ...options.paths };
  for (const folder of readdirSync(join(workspaceRoot, 'packages'))) {
    const name = folder === 'mixstack' ? 'mixstack' : `@mixstack/${folder}`;
    paths[name] = [join(workspaceRoot, 'packages', folder, 'src', 'index.ts')];
  }
  // The package under test, wherever it lives: a package the generator wrote into a temporary
  // workspace (tools/scripts/new-package.test.ts) is no folder of this one.
  const own = ownPackage(dir);
  if (own) paths[own] = [join(dir, 'src', 'index.ts')];
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
