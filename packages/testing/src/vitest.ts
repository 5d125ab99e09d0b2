import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Tests import sibling packages by their public name (`@mixstack/core`) and get
 * their source, so a test always sees the code next to it, never a stale build.
 */
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const name = dir === 'mixstack' ? 'mixstack' : `@mixstack/${dir}`;
    aliases[name] = join(root, 'packages', dir, 'src', 'index.ts');
  }
  // Test harnesses around the real tools (Prometheus, Alertmanager, promtool, amtool).
  aliases['@mixstack/testing'] = join(root, 'tools', 'testing', 'index.ts');
  return aliases;
}

export function packageTestConfig() {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      // Tests that start real servers (Prometheus, Alertmanager) take seconds; never flaky timeouts.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: 'forks',
      // The JSON report lets `npm test` print one total over all packages (tools/scripts/run-tests.mjs).
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-report.json' },
    },
  });
}
