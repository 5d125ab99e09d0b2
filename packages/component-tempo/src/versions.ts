/**
 * The one place this package pins what it deploys. Bumped together with the golden files
 * (`npm run golden`), so that a version change is reviewed as a diff.
 *
 * Tempo 3.0: the configuration this package renders is checked against the key list of that
 * release (`config-keys/tempo.tsv` of the shared reference, grafana/tempo ad33aa8, v3.0.2).
 */
export const TEMPO_VERSION = '3.0.2';

/** The image; `common.imageRegistry` replaces its registry (`docker.io`). */
export const TEMPO_IMAGE = `docker.io/grafana/tempo:${TEMPO_VERSION}`;
