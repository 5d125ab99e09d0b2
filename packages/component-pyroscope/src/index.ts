export {
  GRPC_PORT as PYROSCOPE_GRPC_PORT,
  HTTP_PORT as PYROSCOPE_HTTP_PORT,
} from './config/pyroscope-config.js';
export type {
  PyroscopeCollector,
  PyroscopeNetworkPolicy,
  PyroscopeObjectStorage,
  PyroscopeOptions,
  PyroscopeStore,
  PyroscopeValues,
} from './config.js';
export { defaultPyroscopeValues } from './config.js';
export { PIPELINE_ID as PYROSCOPE_PIPELINE_ID } from './contributions.js';
export { NAME as PYROSCOPE_SERVICE_NAME } from './manifests/context.js';
export { pyroscope } from './pyroscope.js';
export { PYROSCOPE_IMAGE, PYROSCOPE_VERSION } from './versions.js';
