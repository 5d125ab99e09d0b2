import {
  type ContainerResources,
  type DeepPartial,
  MixstackError,
  options,
  quantityValue,
} from '@mixstack/core';
import type { IContainer } from 'kubernetes-models/v1/Container';

/**
 * Containers' CPU and memory (safe by default: requests for both, a memory limit). The type,
 * `ContainerResources`, and `quantityValue` are core's: resources are a contract other
 * packages adjust (`setResources`).
 */

/** The options schema of a `ContainerResources` field (every part optional, quantities checked). */
export const resourcesSchema: options.Schema<DeepPartial<ContainerResources>> = options.object(
  {
    requests: options.object({ cpu: options.quantity(), memory: options.quantity() }),
    limits: options.object({ cpu: options.quantity(), memory: options.quantity() }),
  },
  'resources such as { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } }',
);

/** Default resources in one line: the CPU and memory requests and the memory limit. */
export function resources(cpu: string, memory: string, memoryLimit: string): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** A container's `resources` field; the CPU limit only when one is set. */
export function containerResources(resources: ContainerResources): IContainer['resources'] {
  return {
    requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
    limits: {
      memory: resources.limits.memory,
      ...(resources.limits.cpu ? { cpu: resources.limits.cpu } : {}),
    },
  };
}

/**
 * Kubernetes rejects a container whose request exceeds its limit, at apply time; say so at
 * build time, with the option that sets it (values may come from any layer, so the check runs
 * on the final values). `address` names the object, `path` the resources option.
 */
export function assertResources(resources: ContainerResources, address: string, path: string): void {
  for (const resource of ['cpu', 'memory'] as const) {
    const request = resources.requests[resource];
    const limit = resources.limits[resource];
    if (limit === undefined) continue;
    const requested = quantityValue(request);
    const limited = quantityValue(limit);
    if (requested !== undefined && limited !== undefined && requested > limited) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: `the ${resource} request (${request}) is higher than the ${resource} limit (${limit})`,
        address,
        path: `${path}.requests.${resource}`,
        value: request,
        hint: `lower resources.requests.${resource} or raise resources.limits.${resource}; Kubernetes rejects a request above the limit`,
      });
    }
  }
}
