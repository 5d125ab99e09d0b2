/**
 * The one place this package pins what it deploys. Bumped together with the golden files
 * (`npm run golden`), so that a version change is reviewed as a diff.
 */

/** The latest Thanos release (v0.42.4, 2026-07-30); flags are checked against its `--help`. */
export const THANOS_VERSION = '0.42.4';

/** The image; `common.imageRegistry` replaces its registry (`quay.io`). Release tags carry a `v`. */
export const THANOS_IMAGE = `quay.io/thanos/thanos:v${THANOS_VERSION}`;
