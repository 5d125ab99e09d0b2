export type { ThanosOptions, ThanosValues } from './config.js';
export { thanos } from './thanos.js';
