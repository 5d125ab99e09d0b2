export type { LokiOptions, LokiValues } from './config.js';
export { loki } from './loki.js';
