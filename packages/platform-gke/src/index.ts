/**
 * @mixstack/platform-gke: GKE as the platform of a mixstack stack. It acts on the contracts
 * components publish (Services, buckets, network clients, `enabled`) and on common values,
 * never on a component's own values.
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
export { CLUSTER_DNS_JOB, CONTROL_PLANE_JOBS, GKE_COMPONENT, gke } from './gke.js';
export {
  GOOGLE_FRONT_END_RANGES,
  GRAFANA_SERVICE_ANNOTATIONS,
  loadBalancerClientName,
} from './grafana-exposure.js';
export { gkeKinds } from './kinds.js';
export {
  BUCKET_ROLES,
  GSA_ANNOTATION,
  gcloudCommands,
  googleServiceAccountId,
  type IdentityGrant,
  type WorkloadIdentityPlan,
  workloadIdentityPlan,
} from './workload-identity.js';
