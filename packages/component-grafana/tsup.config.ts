import { packageConfig } from '@mixstack/testing/tsup';

// The overview dashboard's grafana-foundation-sdk comes bundled in @mixstack/kit; the SDK is a
// devDependency here only for the README's own-dashboard example (users install it themselves).
export default packageConfig();
