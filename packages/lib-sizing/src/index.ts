export type { Load, ResolvedLoad } from './load.js';
export { SIZING_NOTICE } from './notice.js';
export type { SizedComponent, SizingPlan, WorkloadPlan } from './plan.js';
export { sizingPlan } from './plan.js';
export { sizing } from './sizing.js';
export { EXAMPLE_LOADS, sizingTable } from './table.js';
