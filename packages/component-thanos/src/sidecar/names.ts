import { JOBS } from '../jobs.js';

/**
 * The names the sidecar work shares between its files: the package as the `source` of what it
 * adds to a stack, the ports the Prometheus operator gives the `thanos-sidecar` container, and
 * the Service that Query discovers the sidecars by.
 */

/** The package, named in problems and conflicts (the same source as the component's). */
export const SOURCE = '@mixstack/component-thanos';

/** The container the Prometheus operator adds to each Prometheus pod for `spec.thanos`. */
export const SIDECAR_CONTAINER = 'thanos-sidecar';

/** The sidecar's Store API, which Query reads: the operator names the container port `grpc`. */
export const SIDECAR_GRPC_PORT = 10901;

/** The sidecar's HTTP port (`/metrics`, probes): the operator names the container port `http`. */
export const SIDECAR_HTTP_PORT = 10902;

/**
 * The headless Service in front of every Prometheus replica's sidecar, and its job: Query finds
 * the replicas at `dnssrv+_grpc._tcp.thanos-sidecar.<namespace>.svc`, and the mixin selects
 * `job="thanos-sidecar"`.
 */
export const SIDECAR_SERVICE = JOBS.sidecar;

/** The stack's Prometheus component, which publishes the contracts the sidecar work reads. */
export const PROMETHEUS = 'prometheus';

/** Thanos' part of the stack (`values.thanos`, its contracts). */
export const THANOS = 'thanos';

/** Prometheus cuts a block every 2 hours; Thanos advises keeping at least three of them locally. */
export const MIN_LOCAL_RETENTION = '6h';
