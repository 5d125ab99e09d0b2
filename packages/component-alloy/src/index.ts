export { alloy } from './alloy.js';
export type { AlloyOptions, AlloyValues } from './config.js';
