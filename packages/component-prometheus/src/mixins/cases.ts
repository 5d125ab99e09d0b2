// What the promtool cases of this package's mixins (`<mixin>/*.cases.ts`, tests only) share:
// the types and builders are the kit's.
import { seriesWith } from '@mixstack/kit';

/** The cluster name every input series of the cases carries, and the alerts must keep. */
export const CLUSTER = 'prod';

/** Plain series with only the cluster label added. */
export const plain = seriesWith(`cluster="${CLUSTER}"`);
