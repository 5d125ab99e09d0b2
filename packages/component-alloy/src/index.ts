export { alloy } from './alloy.js';
export type { AlloyOptions, AlloyValues, Toleration } from './config.js';
