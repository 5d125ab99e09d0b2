import { packageTestConfig } from './src/vitest.ts';

export default packageTestConfig();
