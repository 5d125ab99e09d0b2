import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import { resources, resourcesSchema } from '@mixstack/kit';
import { TEMPO_IMAGE } from './versions.js';

/** The values of the `tempo` component (`values.tempo`, every layer merged): every field set. */
export interface TempoValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default TEMPO_IMAGE (versions.ts)
   */
  image: string;
  /**
   * Pods. Above 1, a PodDisruptionBudget lets a node drain take one at a time, and the pods are
   * spread over nodes.
   * @default 1
   */
  replicas: number;
  /**
   * Requests and limits of the `tempo` container. Published as a contract: other packages
   * adjust them by container name (`setResources('tempo', 'tempo', ...)` of lib-rules).
   * @default { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } }
   */
  resources: ContainerResources;
}

/** The options of `tempo()`: any of its values, deeply (the defaults fill the rest). */
export type TempoOptions = DeepPartial<TempoValues>;

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultTempoValues(): TempoValues {
  return {
    image: TEMPO_IMAGE,
    replicas: 1,
    resources: resources('10m', '32Mi', '64Mi'),
  };
}

/** Checks the user's options when the part is applied, and the final values once per render. */
export const tempoSchema: options.Schema<TempoOptions> = options.object({
  image: options.pinnedImage(),
  replicas: options.integer({ min: 1, max: 10 }),
  resources: resourcesSchema,
});
