export type { PyroscopeOptions, PyroscopeValues } from './config.js';
export { pyroscope } from './pyroscope.js';
