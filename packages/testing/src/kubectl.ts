import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes rendered files (path → content) into a temporary folder, calls `fn` with it, and removes it. */
export function withFiles<T>(files: ReadonlyMap<string, string>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-files-'));
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `kubectl kustomize` on rendered files, as a user would on the output folder. */
export function kustomize(files: ReadonlyMap<string, string>): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  return withFiles(files, (dir) => {
    const result = spawnSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw new Error(`kubectl could not run: ${result.error.message}`);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  });
}
