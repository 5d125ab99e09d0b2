import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The mixstack monorepo around `from`, if there is one: the nearest folder up with a
 * package.json that declares npm workspaces and a packages/ folder. A package lifted out of the
 * monorepo (or installed from the registry) has none, and then resolves its mixstack
 * dependencies from node_modules like any other library.
 */
export function findWorkspaceRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && existsSync(join(dir, 'packages'))) {
      const { workspaces } = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (workspaces !== undefined) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The npm name of the package in a folder of packages/ (the meta-package is plain `mixstack`). */
export const workspacePackageName = (folder: string): string =>
  folder === 'mixstack' ? 'mixstack' : `@mixstack/${folder}`;

/**
 * Workspace package names → their `src/index.ts`, so that tests and README checks always see the
 * sources next to them, never a stale dist/. Empty outside the monorepo.
 */
export function workspaceSources(root: string | undefined): Record<string, string> {
  if (!root) return {};
  const packages = join(root, 'packages');
  const sources: Record<string, string> = {};
  for (const folder of readdirSync(packages).sort()) {
    const index = join(packages, folder, 'src', 'index.ts');
    if (existsSync(index)) sources[workspacePackageName(folder)] = index;
  }
  return sources;
}

/** The name of the package in `dir` (a package folder with sources), if it is one. */
export function ownPackage(dir: string): { name: string; index: string } | undefined {
  const manifest = join(dir, 'package.json');
  const index = join(dir, 'src', 'index.ts');
  if (!existsSync(manifest) || !existsSync(index)) return undefined;
  const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
  return typeof name === 'string' ? { name, index } : undefined;
}

/**
 * The root of the repository a package's tests run in: the monorepo, or the package folder
 * itself when it is a repository of its own (lifted out, or proposed upstream). Repository
 * documents such as `docs/runbooks/` are found from here. `dir` defaults to the folder vitest
 * runs in, the package's.
 */
export const repositoryRoot = (dir: string = process.cwd()): string => findWorkspaceRoot(dir) ?? resolve(dir);
