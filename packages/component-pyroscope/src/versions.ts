/**
 * The one place this package pins what it deploys. Bumped together with the golden files
 * (`npm run golden`), so that a version change is reviewed as a diff.
 *
 * Pyroscope 2.2: the configuration this package renders is checked against the key list of
 * that line (`config-keys/pyroscope.tsv` of the shared reference, grafana/pyroscope 3fe6a457,
 * chart appVersion 2.2.1).
 */
export const PYROSCOPE_VERSION = '2.2.1';

/** The image; `common.imageRegistry` replaces its registry (`docker.io`). */
export const PYROSCOPE_IMAGE = `docker.io/grafana/pyroscope:${PYROSCOPE_VERSION}`;
