export { ONE_COMPACTOR_CHECK } from './compactor-check.js';
export type {
  ThanosCompactOptions,
  ThanosNetworkPolicy,
  ThanosObjectStorage,
  ThanosOptions,
  ThanosQueryFrontendOptions,
  ThanosQueryOptions,
  ThanosRetention,
  ThanosSidecarOptions,
  ThanosStore,
  ThanosStoreOptions,
  ThanosValues,
} from './config.js';
export { JOBS as THANOS_JOBS, type ThanosPart } from './jobs.js';
export { OBJSTORE_KEY, OBJSTORE_SECRET } from './objstore.js';
export { thanos } from './thanos.js';
export { THANOS_IMAGE, THANOS_VERSION } from './versions.js';
