import { defineConfig, type Options } from 'tsup';

/**
 * The one build configuration every package extends: ESM + CJS + type declarations
 * for both, from `src/index.ts` (plus any extra entries a package names).
 * Runtime libraries stay external because each package lists them in its own
 * `dependencies`; tsup bundles anything that is not listed there.
 */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: false,
    target: 'node20',
    platform: 'node',
    shims: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
