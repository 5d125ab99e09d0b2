export type { K3sOptions } from './config.js';
export { k3s } from './k3s.js';
