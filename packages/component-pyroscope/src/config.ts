import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import { resources, resourcesSchema } from '@mixstack/kit';
import { PYROSCOPE_IMAGE } from './versions.js';

/** The values of the `pyroscope` component (`values.pyroscope`, every layer merged): every field set. */
export interface PyroscopeValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default PYROSCOPE_IMAGE (versions.ts)
   */
  image: string;
  /**
   * Pods. Above 1, a PodDisruptionBudget lets a node drain take one at a time, and the pods are
   * spread over nodes.
   * @default 1
   */
  replicas: number;
  /**
   * Requests and limits of the `pyroscope` container. Published as a contract: other packages
   * adjust them by container name (`setResources('pyroscope', 'pyroscope', ...)` of lib-rules).
   * @default { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } }
   */
  resources: ContainerResources;
}

/** The options of `pyroscope()`: any of its values, deeply (the defaults fill the rest). */
export type PyroscopeOptions = DeepPartial<PyroscopeValues>;

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultPyroscopeValues(): PyroscopeValues {
  return {
    image: PYROSCOPE_IMAGE,
    replicas: 1,
    resources: resources('10m', '32Mi', '64Mi'),
  };
}

/** Checks the user's options when the part is applied, and the final values once per render. */
export const pyroscopeSchema: options.Schema<PyroscopeOptions> = options.object({
  image: options.pinnedImage(),
  replicas: options.integer({ min: 1, max: 10 }),
  resources: resourcesSchema,
});
