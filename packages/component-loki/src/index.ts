export {
  GRPC_PORT as LOKI_GRPC_PORT,
  HTTP_PORT as LOKI_HTTP_PORT,
  MEMBERLIST_PORT as LOKI_MEMBERLIST_PORT,
} from './config/loki-config.js';
export type {
  LokiCollector,
  LokiLimits,
  LokiMode,
  LokiObjectStorage,
  LokiOptions,
  LokiStore,
  LokiValues,
} from './config.js';
export { defaultLokiValues } from './config.js';
export { PIPELINE_ID as LOKI_PIPELINE_ID, PUSH_PATH as LOKI_PUSH_PATH } from './contributions.js';
export { loki } from './loki.js';
export { NAME as LOKI_SERVICE_NAME } from './manifests/context.js';
export { LOKI_IMAGE, LOKI_VERSION } from './versions.js';
