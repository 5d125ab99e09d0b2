/**
 * The one place where this package pins what it deploys. Bumped together with the golden
 * files (`UPDATE_GOLDEN=1 npx vitest run`), so a version change is reviewed as a diff.
 */

/** Grafana, as pinned by kube-prometheus (`versions.json`, grafana 13.1.3). */
export const GRAFANA_VERSION = '13.1.3';

/** The Grafana image; `common.imageRegistry` replaces its registry (`docker.io`). */
export const GRAFANA_IMAGE = `docker.io/grafana/grafana:${GRAFANA_VERSION}`;
