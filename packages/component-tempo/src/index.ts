export type { TempoOptions, TempoValues } from './config.js';
export { tempo } from './tempo.js';
