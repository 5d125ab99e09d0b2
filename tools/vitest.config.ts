import { packageTestConfig } from '@mixstack/testing/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages by name resolve to their sources, as in every package's tests (tools/docs.test.ts).
  resolve: packageTestConfig().resolve,
  test: {
    include: ['*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
