// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
// The fixtures the platforms share (upstreamLike, hostAgent, queriesSelecting) are @mixstack/testing's.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenDirectory } from '@mixstack/testing';

export { archiver } from '@mixstack/testing';

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);
