/**
 * The one place this package pins what it deploys. Bumped together with the golden files
 * (`npm run golden`), so that a version change is reviewed as a diff.
 *
 * Loki 3.8: the configuration this package renders is checked against the key list of that
 * release (`config-keys/loki.tsv` of the shared reference, grafana/loki 65e30f8, 3.8.0).
 */
export const LOKI_VERSION = '3.8.0';

/** The image; `common.imageRegistry` replaces its registry (`docker.io`). */
export const LOKI_IMAGE = `docker.io/grafana/loki:${LOKI_VERSION}`;
