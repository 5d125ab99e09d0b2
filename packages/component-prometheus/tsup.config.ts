import { createRequire } from 'node:module';
import { join } from 'node:path';
import { lazyReexports, packageConfig } from '../../tsup.config.base.ts';

// `yaml` is used here only to read CRD files (`crds: { dir }`, `--crds`), which a default build
// does not: it is bundled behind lazy re-exports and evaluated on the first parse, not at import.
// (Core bundles its own copy for writing manifests; the two are not shared.)
const yamlPath = createRequire(join(process.cwd(), 'package.json')).resolve('yaml');
const yamlExports = Object.keys(createRequire(yamlPath)(yamlPath)).filter((name) => name !== 'default');

// kubernetes-models and its prometheus-operator models are bundled: loaded file by file they
// cost a cold `mixstack build` about 150 ms more than bundled. The dashboards' grafana-foundation-sdk
// comes bundled in @mixstack/kit. re2-wasm stays external: it loads its .wasm file from beside its
// own module (and only when a validated object needs its one pattern, see tsup.config.base.ts).
export default packageConfig({
  bundle: [/^kubernetes-models/, /^@kubernetes-models\//, /^yaml$/],
  external: ['re2-wasm'],
  esbuildPlugins: [
    {
      name: 'lazy-yaml',
      setup(build) {
        build.onResolve({ filter: /^yaml$/ }, () => ({ path: 'yaml', namespace: 'lazy-yaml' }));
        build.onLoad({ filter: /^yaml$/, namespace: 'lazy-yaml' }, () => ({
          loader: 'js',
          resolveDir: process.cwd(),
          contents: lazyReexports(`require(${JSON.stringify(yamlPath)})`, yamlExports),
        }));
      },
    },
  ],
});
