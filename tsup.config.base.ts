import { defineConfig, type Options } from 'tsup';

/**
 * The one build configuration every package extends: ESM + CJS + type declarations
 * for both, from `src/index.ts` (plus any extra entries a package names).
 * Runtime libraries stay external because each package lists them in its own
 * `dependencies`; tsup bundles anything that is not listed there.
 *
 * `bundle` names libraries to bundle on purpose (they are then devDependencies): a cold
 * `mixstack build` loads hundreds of small CommonJS files of kubernetes-models and friends,
 * and resolving them one by one costs more than the render itself.
 */
export function packageConfig(overrides: Omit<Options, 'bundle'> & { bundle?: (string | RegExp)[] } = {}) {
  const { bundle, ...rest } = overrides;
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
    ...(bundle
      ? {
          noExternal: bundle,
          // Bundled CommonJS libraries call require(); an ES module has none, so give it one.
          esbuildOptions(options, context) {
            if (context.format === 'esm') {
              options.banner = {
                js: "import { createRequire as __mixstackCreateRequire } from 'node:module'; const require = __mixstackCreateRequire(import.meta.url);",
              };
            }
          },
        }
      : {}),
    ...rest,
  });
}
