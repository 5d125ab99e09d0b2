/**
 * The objstore configuration every Thanos part reads (`--objstore.config-file`), rendered once
 * from the object-storage contract into one Secret: the Prometheus operator takes the
 * sidecar's as a Secret key (`spec.thanos.objectStorageConfig`), so the Store Gateway and the
 * Compactor mount the same one. It holds no credentials: access comes from the platform's
 * identity for the pods' ServiceAccounts (Workload Identity, IRSA).
 */

/** The Secret's name. */
export const OBJSTORE_SECRET = 'thanos-objstore';
/** Its key: the objstore YAML. */
export const OBJSTORE_KEY = 'objstore.yaml';
