import type { GrafanaValues } from '../config.js';

/** What every manifest function of the component reads: the final values and what is derived from them once. */
export interface GrafanaContext {
  values: GrafanaValues;
  namespace: string;
  /** The image with `common.imageRegistry` applied. */
  image: string;
  /** Labels of every object. */
  labels: Record<string, string>;
  /** Labels that select the pods. */
  selector: Record<string, string>;
}

/** Grafana's HTTP port (UI, API, `/metrics`). */
export const HTTP_PORT = 3000;
