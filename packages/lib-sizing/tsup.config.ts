import { packageConfig } from '@mixstack/testing/tsup';

export default packageConfig();
