/**
 * The one place this package pins what it deploys. Bumped together with the golden files
 * (`npm run golden`), so that a version change is reviewed as a diff.
 *
 * The skeleton deploys Prometheus' Pushgateway, a small HTTP server with `/metrics` and health
 * endpoints, so that the new package renders a workload that runs. Replace it with the image of
 * Pyroscope, and its ports, arguments and probes in `manifests/deployment.ts`.
 */
export const PYROSCOPE_VERSION = '1.11.0';

/** The image; `common.imageRegistry` replaces its registry (`quay.io`). */
export const PYROSCOPE_IMAGE = `quay.io/prometheus/pushgateway:v${PYROSCOPE_VERSION}`;
