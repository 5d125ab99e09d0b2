import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { defineConfig, type Options } from 'tsup';

// Re-exported so that a package's `export default packageConfig()` has a type it can name from here.
export type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

function replaceOnce(source: string, path: string, search: string, replacement: string): string {
  if (!source.includes(search)) {
    throw new Error(
      `${path} no longer contains ${search}: revisit lazyValidationRuntime in tsup.config.base.ts`,
    );
  }
  return source.replace(search, replacement);
}

/**
 * The validation runtime of @kubernetes-models, for packages that bundle its schemas. As published
 * it does at import what a `mixstack build` needs rarely or never, so these stand-ins defer it
 * (validation results and messages are the same):
 * - the prometheus-operator schemas compile their one RE2 pattern (PrometheusRule's
 *   `partial_response_strategy`) at the top level, which instantiates re2-wasm's WebAssembly
 *   module: about 30 ms and 19 MB at every start. The stand-in loads re2-wasm and compiles the
 *   pattern the first time `test` is called (the generated validators call nothing else on it);
 * - error messages are localized with `ajv-i18n`, whose index loads every language (160 kB);
 *   only `en` is used;
 * - the formats table loads ajv-formats-draft2019 (uri-js, the IANA scheme lists, an SMTP
 *   grammar, large regular expressions built at import) and is-cidr; no Kubernetes or
 *   prometheus-operator schema uses those formats, so they load when first called.
 */
const lazyValidationRuntime: EsbuildPlugin = {
  name: 'mixstack-lazy-validation-runtime',
  setup(build) {
    build.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2$/ }, () => ({
      path: 're2',
      namespace: 'mixstack-lazy',
    }));
    build.onResolve({ filter: /^ajv-i18n$/ }, ({ importer, resolveDir }) =>
      /@kubernetes-models[\\/]validate[\\/]/.test(importer)
        ? { path: 'ajv-i18n', namespace: 'mixstack-lazy', pluginData: { resolveDir } }
        : undefined,
    );
    build.onLoad({ filter: /^re2$/, namespace: 'mixstack-lazy' }, () => ({
      loader: 'js',
      contents: `
        let RE2;
        export default class LazyRE2 {
          #source;
          #flags;
          #compiled;
          constructor(source, flags) {
            this.#source = source;
            this.#flags = flags;
          }
          test(text) {
            RE2 ??= require('re2-wasm').RE2;
            this.#compiled ??= new RE2(this.#source, this.#flags);
            return this.#compiled.test(text);
          }
        }
      `,
    }));
    build.onLoad({ filter: /^ajv-i18n$/, namespace: 'mixstack-lazy' }, ({ pluginData }) => ({
      loader: 'js',
      resolveDir: pluginData.resolveDir,
      contents: `import en from 'ajv-i18n/localize/en/index.js'; export default { en };`,
    }));
    build.onLoad(
      { filter: /@kubernetes-models[\\/]validate[\\/]dist[\\/]formats\.mjs$/ },
      async ({ path }) => {
        const draft2019: Record<string, unknown> = createRequire(path)(
          'ajv-formats-draft2019/formats/index.js',
        );
        // Same keys in the same order; the functions are wrapped, the one regular expression is not.
        const draft2019Formats = Object.entries(draft2019).map(([name, format]) => {
          if (typeof format === 'function') {
            return `${JSON.stringify(name)}: (value) => require('ajv-formats-draft2019/formats/index.js')[${JSON.stringify(name)}](value)`;
          }
          if (format instanceof RegExp) return `${JSON.stringify(name)}: ${format}`;
          throw new Error(`ajv-formats-draft2019: format ${name} is neither a function nor a RegExp`);
        });
        let source = await readFile(path, 'utf8');
        source = replaceOnce(
          source,
          path,
          'import draft2019Formats from "ajv-formats-draft2019/formats/index.js";',
          `const draft2019Formats = { ${draft2019Formats.join(', ')} };`,
        );
        source = replaceOnce(
          source,
          path,
          'import isCidr from "is-cidr";',
          `const isCidr = (value) => require('is-cidr')(value);`,
        );
        return { loader: 'js', contents: source };
      },
    );
  },
};

/**
 * CommonJS source that re-exports `names` of the module `load` returns, each through a getter:
 * the module is evaluated on the first read of one of its exports instead of at import. esbuild
 * keeps a `require()` inside a function lazy, and its ES-module interop reads exports through
 * getters too, so an `import { x } from` a module re-exported this way evaluates nothing until
 * `x` is used. Like tslib's `__exportStar`, a name already exported is not redefined.
 */
export function lazyReexports(load: string, names: readonly string[]): string {
  return `((load) => {
    for (const name of ${JSON.stringify(names)}) {
      if (!Object.prototype.hasOwnProperty.call(exports, name)) {
        Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
      }
    }
  })(() => ${load});\n`;
}

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
export function packageConfig(
  overrides: Omit<Options, 'bundle'> & { bundle?: (string | RegExp)[] } = {},
): Options {
  const { bundle, esbuildPlugins = [], ...rest } = overrides;
  // One options object (what tsup's defineConfig accepts and returns as it is), typed so that a
  // package's tsup.config.ts names tsup's Options, not a path into this package's node_modules.
  const options: Options = {
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
    esbuildPlugins: [...(bundle ? [lazyValidationRuntime] : []), ...esbuildPlugins],
    ...rest,
  };
  return defineConfig(options) as Options;
}
