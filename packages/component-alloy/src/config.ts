import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import { clientsSchema, nodeSelectorSchema, type PodClient, resources, resourcesSchema } from '@mixstack/kit';
import { ALLOY_IMAGE } from './versions.js';

/** A taint the pods tolerate, checked as Kubernetes checks it (core's `options.Toleration`). */
export type Toleration = options.Toleration;

/** The values of the `alloy` component (`values.alloy`, every layer merged): every field set. */
export interface AlloyValues {
  /**
   * The image, pinned (no `latest`); `common.imageRegistry` replaces its registry.
   * @default ALLOY_IMAGE (versions.ts: `docker.io/grafana/alloy:v1.18.1`)
   */
  image: string;
  /**
   * Requests and limits of the `alloy` container, on every node. Published as a contract:
   * other packages adjust them by container name (`setResources('alloy', 'alloy', ...)`).
   * @default { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } }
   */
  resources: ContainerResources;
  /**
   * Taints the pods tolerate. Every taint by default: a node whose logs are not collected is
   * a blind spot, and a collector's pod is small.
   * @default [{ operator: 'Exists' }]
   */
  tolerations: Toleration[];
  /**
   * Nodes the pods run on, by labels. Alloy's image is built for Linux.
   * @default { 'kubernetes.io/os': 'linux' }
   */
  nodeSelector: Record<string, string>;
  /**
   * The namespace of the pods when a pipeline reads the node's log files (`source: 'files'`):
   * host access cannot meet Pod Security `restricted`, so they run in a namespace of their own
   * labelled `privileged`, with nothing else in it. Reading through the API, they run in the
   * stack's namespace and this is unused.
   * @default `<stack namespace>-alloy` (`monitoring-alloy`)
   */
  namespace?: string;
  /** The eBPF profiler DaemonSet `alloy-profiler`, when a profiles pipeline asks for `ebpf`. */
  profiler: {
    /**
     * Its namespace: host PID namespace and kernel capabilities cannot meet Pod Security
     * `restricted`, so it runs in a namespace of its own labelled `privileged`, with nothing
     * else in it.
     * @default `<stack namespace>-profiler` (`monitoring-profiler`)
     */
    namespace?: string;
    /**
     * Requests and limits of its container `alloy-profiler`, on every node: the profiler keeps
     * the symbols of the node's binaries in memory. Published as a contract
     * (`setResources('alloy', 'alloy-profiler', ...)`).
     * @default { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } }
     */
    resources: ContainerResources;
  };
  networkPolicy: {
    /**
     * Pods that may reach Alloy's HTTP port (12345: `/metrics`, the UI), by name, besides the
     * clients of the stack's network contract (its scraper); `false` removes one.
     * @default {}
     */
    clients: Record<string, PodClient | false>;
  };
}

/** The options of `alloy()`: any of its values, deeply (the defaults fill the rest). */
export type AlloyOptions = DeepPartial<Omit<AlloyValues, 'tolerations'>> & {
  /** @default [{ operator: 'Exists' }] */
  tolerations?: Toleration[];
};

/** Fresh defaults for every stack, so that nothing mutable is shared between two stacks. */
export function defaultAlloyValues(): AlloyValues {
  return {
    image: ALLOY_IMAGE,
    resources: resources('50m', '128Mi', '512Mi'),
    tolerations: [{ operator: 'Exists' }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    profiler: { resources: resources('100m', '256Mi', '1Gi') },
    networkPolicy: { clients: {} },
  };
}

/** Checks the user's options when the part is applied, and the final values once per render. */
export const alloySchema: options.Schema<AlloyOptions> = options.object({
  image: options.pinnedImage(),
  resources: resourcesSchema,
  tolerations: options.array(options.toleration()),
  nodeSelector: nodeSelectorSchema,
  namespace: options.dnsLabel(),
  profiler: options.object({ namespace: options.dnsLabel(), resources: resourcesSchema }),
  networkPolicy: options.object({ clients: clientsSchema }),
}) as options.Schema<AlloyOptions>;
