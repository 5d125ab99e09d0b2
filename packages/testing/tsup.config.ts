import { packageConfig } from './src/tsup.ts';

// The package builds with the configuration it publishes. Its entries: the test harnesses, and the
// tsup and vitest configurations every mixstack package's own config files import.
// tsup and vitest stay external: they are the user's (peer dependencies).
export default packageConfig({
  entry: ['src/index.ts', 'src/tsup.ts', 'src/vitest.ts'],
  external: ['tsup', 'vitest', 'vitest/config', 'typescript', 'esbuild'],
});
