import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as core from './index.js';
import { exampleStack } from './testing/example-stack.mjs';

/**
 * The example stack as real files, reviewed in diffs. `UPDATE_GOLDEN=1 npx vitest run`
 * (or `npm run golden` at the root) rewrites them; otherwise every byte must match.
 */
const here = dirname(fileURLToPath(import.meta.url));
const update = Boolean(process.env.UPDATE_GOLDEN);

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
      .sort();
  } catch {
    return [];
  }
}

function golden(name: string, files: ReadonlyMap<string, string>) {
  const dir = join(here, '__golden__', name);
  if (update) {
    rmSync(dir, { recursive: true, force: true });
    for (const [path, content] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
  }
  return {
    dir,
    files: [...files],
    read: (path: string) => {
      try {
        return readFileSync(join(dir, path), 'utf8');
      } catch {
        throw new Error(
          `${relative(here, join(dir, path))} is missing; run UPDATE_GOLDEN=1 npx vitest run and review the diff`,
        );
      }
    },
  };
}

const stack = exampleStack(core);

describe('golden: the example stack', () => {
  const manifests = golden('example', core.render(stack).files);

  test('renders exactly these files', () => {
    expect(manifests.files.map(([path]) => path)).toEqual([
      'setup/stack-namespace.yaml',
      'blackboxExporter-configMap.yaml',
      'blackboxExporter-deployment.yaml',
      'blackboxExporter-networkPolicy.yaml',
      'blackboxExporter-service.yaml',
      'blackboxExporter-serviceAccount.yaml',
      'Kustomization',
    ]);
  });

  test('the golden folder holds those files and no others', () => {
    expect(listFiles(manifests.dir)).toEqual(manifests.files.map(([path]) => path).sort());
  });

  test.each(manifests.files)('%s matches its golden file byte for byte', (path, content) => {
    expect(content).toBe(manifests.read(path));
  });
});

describe('golden: the example mixin export', () => {
  const mixins = golden('example-mixins', core.renderMixins(stack));

  test('exports exactly these files', () => {
    expect(mixins.files.map(([path]) => path)).toEqual([
      'blackbox-exporter/prometheus_alerts.yaml',
      'blackbox-exporter/prometheus_rules.yaml',
      'blackbox-exporter/dashboards_out/blackbox.json',
    ]);
    expect(listFiles(mixins.dir)).toEqual(mixins.files.map(([path]) => path).sort());
  });

  test.each(mixins.files)('%s matches its golden file byte for byte', (path, content) => {
    expect(content).toBe(mixins.read(path));
  });
});
