import { JOBS, type ThanosPart } from '../jobs.js';

/**
 * The `job` matcher of each part, exact (`job="thanos-query"`, never upstream's
 * `job=~".*thanos-query.*"`, which also matches the Query Frontend): every alert and panel of the
 * mixin selects exactly one part, so that core's `withoutJobs` takes out the content of a part
 * the stack turns off.
 */
export const JOB: Readonly<Record<ThanosPart, string>> = Object.freeze({
  query: `job="${JOBS.query}"`,
  queryFrontend: `job="${JOBS.queryFrontend}"`,
  store: `job="${JOBS.store}"`,
  compact: `job="${JOBS.compact}"`,
  sidecar: `job="${JOBS.sidecar}"`,
});

/**
 * What every alert keeps of its series: which cluster (the external label that several
 * clusters' series carry behind one Query, empty in a single Prometheus), namespace and part.
 */
export const BY = 'cluster, namespace, job';

/** The same, per pod: for what one pod does (the sidecar of one Prometheus replica). */
export const BY_POD = 'cluster, namespace, job, pod';

/**
 * gRPC codes that mean the server failed, not the client: a cancelled or invalid request, or a
 * missing series, is the caller's business.
 */
export const GRPC_SERVER_FAILURE =
  'grpc_code=~"Unknown|ResourceExhausted|Internal|Unavailable|DataLoss|DeadlineExceeded"';
