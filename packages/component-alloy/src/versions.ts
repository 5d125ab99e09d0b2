/**
 * The one place this package pins what it deploys. Bumped together with the golden files
 * (`npm run golden`), so that a version change is reviewed as a diff.
 */

/** Grafana Alloy 1.18, its newest stable patch (`v1.18.1`). */
export const ALLOY_VERSION = '1.18.1';

/** The image; `common.imageRegistry` replaces its registry (`docker.io`). */
export const ALLOY_IMAGE = `docker.io/grafana/alloy:v${ALLOY_VERSION}`;
