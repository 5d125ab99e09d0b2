/**
 * The `job` label of each part's metrics: the name of the Service its ServiceMonitor selects.
 * The mixin's alerts, records and dashboards select these exactly, and a part turned off takes
 * its job's content out of the mixin (core's `withoutJobs`).
 */
export const JOBS = {
  query: 'thanos-query',
  queryFrontend: 'thanos-query-frontend',
  store: 'thanos-store',
  compact: 'thanos-compact',
  sidecar: 'thanos-sidecar',
} as const;

/** A part of Thanos, by its key in the values (`queryFrontend`). */
export type ThanosPart = keyof typeof JOBS;
