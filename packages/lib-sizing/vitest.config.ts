import { packageTestConfig } from '@mixstack/testing/vitest';

export default packageTestConfig();
