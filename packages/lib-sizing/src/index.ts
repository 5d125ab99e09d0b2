export type { SizingOptions } from './config.js';
export { sizing } from './sizing.js';
