import { packageConfig } from '@mixstack/testing/tsup';

// Core's libraries are bundled (and are devDependencies): kubernetes-models alone is several
// hundred small files, and loading them one by one doubled the cold start of `mixstack build`.
// Nothing of them appears in core's public types.
export default packageConfig({
  bundle: [
    /^kubernetes-models/,
    /^@kubernetes-models\//,
    /^yaml$/,
    /^@lezer\//,
    /^@prometheus-io\/lezer-promql/,
    /^@grafana\/lezer-/,
  ],
});
