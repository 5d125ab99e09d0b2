export type { MixinsOptions } from './config.js';
export { mixins } from './mixins.js';
