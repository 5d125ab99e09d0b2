import type { ComponentSizing, ContainerResourcesAdjustment } from '@mixstack/core';
import type { SizingPlan, WorkloadPlan } from './plan.js';
import { cpuQuantity, memoryQuantity } from './quantities.js';

function resourcesOf(workload: WorkloadPlan): ContainerResourcesAdjustment | undefined {
  const requests = {
    ...(workload.cpu !== undefined ? { cpu: cpuQuantity(workload.cpu) } : {}),
    ...(workload.memory !== undefined ? { memory: memoryQuantity(workload.memory) } : {}),
  };
  const limits =
    workload.memoryLimit !== undefined ? { memory: memoryQuantity(workload.memoryLimit) } : undefined;
  if (Object.keys(requests).length === 0 && !limits) return undefined;
  return { ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** Components whose retention the plan sets: the stores it sizes volumes for from the retention. */
export const KEEPS_DATA: ReadonlySet<string> = new Set(['prometheus', 'loki', 'tempo']);

/**
 * The plan as core's per-component sizing (`sizeComponents`): replicas by the ids the
 * components publish, resources by container, the retention of the stores. Volumes are not in
 * it: no contract sizes them (the plan's notice names the option that does).
 */
export function componentSizings(plan: SizingPlan): Record<string, ComponentSizing> {
  const out: Record<string, ComponentSizing> = {};
  for (const workload of plan.workloads) {
    const sizing = out[workload.component] ?? {};
    out[workload.component] = sizing;
    // A recommendation with its own option (Loki's HA mode) is left to that option.
    if (workload.workload !== undefined && typeof workload.replicas === 'number' && !workload.replicasOption)
      sizing.replicas = { ...sizing.replicas, [workload.workload]: workload.replicas };
    const resources = resourcesOf(workload);
    if (resources) sizing.resources = { ...sizing.resources, [workload.container]: resources };
    if (KEEPS_DATA.has(workload.component)) sizing.retention = plan.load.retention;
  }
  return out;
}
