/**
 * @mixstack/platform-gke: GKE as the platform of a mixstack stack.
 */
export { autopilotCheck } from './autopilot.js';
export {
  GKE_STORAGE_CLASSES,
  type GkeInput,
  type GkeOptions,
  type GrafanaExposureOptions,
  type ManagedCollectionOptions,
  type WorkloadIdentityOptions,
} from './config.js';
export { CONTROL_PLANE_JOBS, GKE_COMPONENT, gke } from './gke.js';
export { GOOGLE_FRONT_END_RANGES } from './grafana-exposure.js';
export { gkeKinds } from './kinds.js';
export { type Pruned, selectsJobs, withoutJobs } from './mixin-pruning.js';
export { type BucketClaim, OBJECT_STORAGE_KEY, type ObjectStorageValues } from './object-storage.js';
export {
  BUCKET_ROLES,
  GSA_ANNOTATION,
  gcloudCommands,
  googleServiceAccountId,
  type IdentityGrant,
  type WorkloadIdentityPlan,
  workloadIdentityPlan,
} from './workload-identity.js';
