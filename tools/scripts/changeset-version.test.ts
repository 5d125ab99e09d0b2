/**
 * Releases are versioned by changesets, package by package (issue 15). These tests run the real
 * `changeset version` on a copy of the workspace's manifests and changeset config, and check that
 * a change bumps its package and, by changesets' rules, only what depends on it; and that every
 * range between workspace packages is one a published package can satisfy.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error semver ships no types and none are installed; `inc` and `satisfies` are used.
import semver from 'semver';
import { afterEach, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM script without types
import { workspacePackages, workspaceRoot } from './workspace.mjs';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const packages: { name: string; manifest: Manifest }[] = workspacePackages();
const versions = new Map(packages.map(({ manifest }) => [manifest.name, manifest.version]));

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A copy of the workspace's manifests and changeset config, with one changeset; versioned. */
function versionWith(changeset: Record<string, 'patch' | 'minor' | 'major'>): Map<string, Manifest> {
  const root = mkdtempSync(join(tmpdir(), 'mixstack-changeset-'));
  roots.push(root);
  cpSync(join(workspaceRoot, 'package.json'), join(root, 'package.json'));
  mkdirSync(join(root, '.changeset'));
  cpSync(join(workspaceRoot, '.changeset/config.json'), join(root, '.changeset/config.json'));
  mkdirSync(join(root, 'tools'));
  cpSync(join(workspaceRoot, 'tools/package.json'), join(root, 'tools/package.json'));
  for (const { name } of packages) {
    mkdirSync(join(root, 'packages', name), { recursive: true });
    cpSync(
      join(workspaceRoot, 'packages', name, 'package.json'),
      join(root, 'packages', name, 'package.json'),
    );
  }
  // The changelog generator is resolved from the workspace's node_modules.
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  const front = Object.entries(changeset)
    .map(([name, bump]) => `'${name}': ${bump}`)
    .join('\n');
  writeFileSync(join(root, '.changeset/the-change.md'), `---\n${front}\n---\n\nThe change.\n`);
  const result = spawnSync(join(workspaceRoot, 'node_modules/.bin/changeset'), ['version'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  return new Map(
    packages.map(({ name }) => {
      const manifest: Manifest = JSON.parse(
        readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'),
      );
      const changelog = join(root, 'packages', name, 'CHANGELOG.md');
      return [
        manifest.name,
        { ...manifest, changelog: existsSync(changelog) ? readFileSync(changelog, 'utf8') : '' },
      ];
    }),
  );
}

/** The packages whose version changed, with their new version. */
const bumped = (after: Map<string, Manifest>) =>
  Object.fromEntries(
    [...after].filter(([name, m]) => m.version !== versions.get(name)).map(([name, m]) => [name, m.version]),
  );

describe('changeset version', () => {
  test('a change to addon-slack alone bumps addon-slack alone, and writes its CHANGELOG', () => {
    const after = versionWith({ '@mixstack/addon-slack': 'patch' });
    const slack = versions.get('@mixstack/addon-slack')!;
    expect(bumped(after)).toEqual({ '@mixstack/addon-slack': semver.inc(slack, 'patch') });
    const changelog = (after.get('@mixstack/addon-slack') as Manifest & { changelog: string }).changelog;
    expect(changelog).toContain(`## ${semver.inc(slack, 'patch')}`);
    expect(changelog).toContain('- The change.');
  });

  test('a change to the kit bumps the kit, the components built on it and the meta-package, with their ranges', () => {
    const after = versionWith({ '@mixstack/kit': 'patch' });
    const kit = semver.inc(versions.get('@mixstack/kit')!, 'patch')!;
    const dependents = packages
      .filter(({ manifest }) => manifest.dependencies?.['@mixstack/kit'])
      .map(({ manifest }) => manifest.name);
    expect(dependents).toContain('@mixstack/component-prometheus');
    expect(Object.keys(bumped(after)).sort()).toEqual(['@mixstack/kit', ...dependents, 'mixstack'].sort());
    for (const name of dependents) expect(after.get(name)!.dependencies!['@mixstack/kit']).toBe(`^${kit}`);
    // Addons, platforms and libs act on contracts, not on the kit's code: untouched.
    expect(after.get('@mixstack/addon-slack')!.version).toBe(versions.get('@mixstack/addon-slack'));
  });

  test('a patch of core bumps core alone: its dependents peer on a range the new core is in', () => {
    const after = versionWith({ '@mixstack/core': 'patch' });
    expect(bumped(after)).toEqual({ '@mixstack/core': semver.inc(versions.get('@mixstack/core')!, 'patch') });
  });
});

describe('ranges between workspace packages', () => {
  test('are caret ranges on a version, which the package in the workspace satisfies (never * or workspace:)', () => {
    const wrong: string[] = [];
    for (const { manifest } of packages) {
      for (const section of ['dependencies', 'peerDependencies', 'devDependencies'] as const) {
        for (const [dependency, range] of Object.entries(manifest[section] ?? {})) {
          const version = versions.get(dependency);
          if (version === undefined) continue;
          if (!/^\^\d+\.\d+\.\d+$/.test(range) || !semver.satisfies(version, range)) {
            wrong.push(
              `${manifest.name} ${section}.${dependency}: "${range}" (the workspace has ${version})`,
            );
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
