// The README promises Node 20: `npm ci` must print no engine warning, so every package the
// lock file installs must accept the Node that runs it (Node 20 on these machines; the dev
// tools themselves need 20.19, the published packages 20.11).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error semver ships no types and none are installed; only `satisfies` is used.
import semver from 'semver';
import { describe, expect, test } from 'vitest';

const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(join(workspaceRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

describe('engines: npm ci on this Node', () => {
  const current = process.versions.node;

  test('every installed package accepts it (npm ci prints no EBADENGINE warning)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path.includes('node_modules/') && !Array.isArray(entry.engines))
      .filter(([, entry]) => {
        const range = (entry.engines as { node?: string } | undefined)?.node;
        return range !== undefined && !semver.satisfies(current, range);
      })
      .map(
        ([path, entry]) =>
          `${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${(entry.engines as { node: string }).node}`,
      );
    expect(refusing).toEqual([]);
  });
});
