export {
  GRPC_PORT as TEMPO_GRPC_PORT,
  HTTP_PORT as TEMPO_HTTP_PORT,
  OTLP_GRPC_PORT as TEMPO_OTLP_GRPC_PORT,
  OTLP_HTTP_PORT as TEMPO_OTLP_HTTP_PORT,
} from './config/tempo-config.js';
export type {
  TempoDistributed,
  TempoFixedWorkload,
  TempoKafka,
  TempoNetworkPolicy,
  TempoObjectStorage,
  TempoOptions,
  TempoScalableWorkload,
  TempoStore,
  TempoValues,
} from './config.js';
export { defaultTempoValues } from './config.js';
export { PIPELINE_ID as TEMPO_PIPELINE_ID } from './contributions.js';
export { NAME as TEMPO_SERVICE_NAME } from './manifests/context.js';
export { tempo } from './tempo.js';
export { TEMPO_IMAGE, TEMPO_VERSION } from './versions.js';
