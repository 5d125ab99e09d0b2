import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { lazyReexports, packageConfig } from '@mixstack/testing/tsup';

// A module index of grafana-foundation-sdk: `tslib_1.__exportStar(require("./x.gen"), exports);`
// for each file of the module, between a fixed header and a source map comment.
const sdkIndex = /[\\/]grafana-foundation-sdk[\\/]dist[\\/]([^\\/]+)[\\/]index\.js$/;
const reexportLine = /^tslib_1\.__exportStar\(require\("(\.\/[^"]+)"\), exports\);$/;
const otherLines = new Set([
  '"use strict";',
  '// Code generated - EDITING IS FUTILE. DO NOT EDIT.',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  'const tslib_1 = require("tslib");',
  '',
]);
// The builders of Grafana's v2 dashboard schema (`QueryBuilder`, `QueryV2Builder` of prometheus;
// `VisualizationBuilder`, `VisualizationV2Builder` of each panel module) are the only files of the
// modules the kit imports that require `dashboardv2` and `dashboardv2beta1` (about 350 kB, 130
// files). The kit builds v1 dashboards (`dashboard.DashboardBuilder`) and never reaches them.
const v2Builder = /^\.\/(?:query|visualization)(?:V2)?Builder\.gen$/;
const modulesWithV2Builders = new Set(['prometheus', 'stat', 'table', 'timeseries']);

/**
 * Loads each SDK module index with lazy re-exports, and without the v2 builders. Bundled, the
 * CommonJS SDK is not tree-shaken: each index evaluated every file of its module at import,
 * the 60-odd builders the kit never uses included. Now a file is evaluated when one of its
 * exports is first read. The names each file exports are read here, at build time.
 */
async function sdkIndexLoader({ path }: { path: string }) {
  const module = path.match(sdkIndex)?.[1] ?? '';
  const requireHere = createRequire(path);
  let v2Builders = 0;
  let contents = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n';
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    const file = line.match(reexportLine)?.[1];
    if (file === undefined) {
      if (otherLines.has(line) || line.startsWith('//# sourceMappingURL=')) continue;
      throw new Error(
        `${path}: unexpected line ${JSON.stringify(line)}; the SDK changed, update kit/tsup.config.ts`,
      );
    }
    if (modulesWithV2Builders.has(module) && v2Builder.test(file)) {
      v2Builders++;
      continue;
    }
    const names = Object.keys(requireHere(file)).filter((name) => name !== 'default');
    contents += lazyReexports(`require(${JSON.stringify(file)})`, names);
  }
  if (v2Builders !== (modulesWithV2Builders.has(module) ? 2 : 0)) {
    throw new Error(
      `${path}: expected two v2 builders to leave out; the SDK changed, update kit/tsup.config.ts`,
    );
  }
  return { contents, loader: 'js' as const };
}

// grafana-foundation-sdk is bundled (so it is a devDependency): loading its ~220 CommonJS files
// one by one costs about 250 ms of every `mixstack build`; bundled, with the lazy module indexes
// above, importing the kit costs about 10 ms. kubernetes-models and the prometheus-operator models
// are used for their types only (the objects the kit returns): nothing of them is loaded at run
// time, and a component that types its own objects with them has them already (optional peers).
export default packageConfig({
  bundle: [/^@grafana\/grafana-foundation-sdk/],
  esbuildPlugins: [
    {
      name: 'grafana-sdk-lazy-indexes',
      setup(build) {
        build.onLoad({ filter: sdkIndex }, sdkIndexLoader);
      },
    },
  ],
});
