import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { findWorkspaceRoot, ownPackage, workspaceSources } from './workspace.js';

/**
 * The test configuration every mixstack package extends (`vitest.config.ts`:
 * `export default packageTestConfig();`), run from the package's folder.
 *
 * Inside the monorepo, tests import sibling packages by their public name (`@mixstack/core`) and
 * get their sources, so a test always sees the code next to it, never a stale build. A package
 * lifted out of the monorepo imports the same names from node_modules (the published builds);
 * its own name always resolves to its sources.
 */
export function packageTestConfig(dir: string = process.cwd()): ViteUserConfig {
  const own = ownPackage(dir);
  const alias = {
    ...workspaceSources(findWorkspaceRoot(dir)),
    ...(own ? { [own.name]: own.index } : {}),
  };
  return defineConfig({
    resolve: { alias },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      // Tests that start real servers (Prometheus, Alertmanager) take seconds; never flaky timeouts.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
      // Processed by vite like the tests, from the sources or from node_modules alike: its
      // importCode imports a README's TypeScript, which only vite's transform can load.
      server: { deps: { inline: ['@mixstack/testing'] } },
      // The JSON report lets `npm test` print one total over all packages (tools/scripts/run-tests.mjs).
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-report.json' },
    },
  });
}
