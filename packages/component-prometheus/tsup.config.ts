import { packageConfig } from '@mixstack/testing/tsup';

// kubernetes-models and its prometheus-operator models are bundled: loaded file by file they
// cost a cold `mixstack build` about 150 ms more than bundled. The dashboards' grafana-foundation-sdk
// comes bundled in @mixstack/kit. re2-wasm stays external: it loads its .wasm file from beside its
// own module, and only when a validated object reaches its one pattern (tsup.config.base.ts).
export default packageConfig({
  bundle: [/^kubernetes-models/, /^@kubernetes-models\//],
  external: ['re2-wasm'],
});
