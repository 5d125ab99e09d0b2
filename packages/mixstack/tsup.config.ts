import { packageConfig } from '@mixstack/testing/tsup';

// Code splitting (ESM): the CLI loads the default stack, the CRD download and jiti only when a
// command needs them, which keeps a cold `mixstack build stack.ts` from loading every component.
export default packageConfig({ entry: ['src/index.ts', 'src/cli.ts'], splitting: true });
