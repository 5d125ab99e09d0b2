export type { EksOptions } from './config.js';
export { eks } from './eks.js';
