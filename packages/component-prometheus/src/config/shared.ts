import { type DeepPartial, options } from '@mixstack/core';

/** The fields of an options object, by name (what `options.object` takes). */
export type Shape = Record<string, options.Schema<unknown>>;

/** Package name: the `source` of every value layer, component, kind and section entry this package adds. */
export const SOURCE = '@mixstack/component-prometheus';

/** CPU and memory of one container (DESIGN.md §5: requests for both, a memory limit). */
export interface ContainerResources {
  requests: {
    /** @default per container, see the README */
    cpu: string;
    /** @default per container, see the README */
    memory: string;
  };
  limits: {
    /** @default per container, see the README */
    memory: string;
    /**
     * No CPU limit by default: a CPU limit throttles a busy process (and fires
     * CPUThrottlingHigh) while the node has idle CPU; the request already guarantees its share.
     * @default undefined
     */
    cpu?: string;
  };
}

export const resourcesSchema: options.Schema<DeepPartial<ContainerResources>> = options.object(
  {
    requests: options.object({ cpu: options.quantity(), memory: options.quantity() }),
    limits: options.object({ cpu: options.quantity(), memory: options.quantity() }),
  },
  'resources such as { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } }',
);

export function resources(cpu: string, memory: string, memoryLimit: string): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** The kube-rbac-proxy sidecar that guards a metrics endpoint (as kube-prometheus does). */
export interface RbacProxyOptions {
  /** @default quay.io/brancz/kube-rbac-proxy at the version of versions.ts */
  image: string;
  /** @default requests 10m / 20Mi, limit 40Mi */
  resources: ContainerResources;
}

export const rbacProxySchema: options.Schema<DeepPartial<RbacProxyOptions>> = options.object({
  image: options.pinnedImage(),
  resources: resourcesSchema,
});

/** Pods allowed to reach a component through its NetworkPolicy, besides the ones the stack knows. */
export interface NetworkClient {
  /** Labels of the client pods. */
  podLabels: Record<string, string>;
  /**
   * Labels of the namespace the client pods run in; when left out, the client pods are in the
   * stack's namespace. `{}` means every namespace.
   * @default undefined
   */
  namespaceLabels?: Record<string, string>;
}

const clientSchema = options.object(
  { podLabels: options.required(options.labels()), namespaceLabels: options.labels() },
  'a client such as { podLabels: { "app.kubernetes.io/name": "grafana" } } (with namespaceLabels for another namespace)',
);

/** Clients by name (a record so that several parts can each add one); `false` removes a default client. */
export const clientsSchema = options.record(
  options.either(options.oneOf([false] as const), clientSchema),
) as options.Schema<Record<string, NetworkClient | false>>;

export const nodeSelectorSchema: options.Schema<Record<string, string>> = options.labels();

/** The node selector kube-prometheus gives every workload. */
export function linuxNodes(): Record<string, string> {
  return { 'kubernetes.io/os': 'linux' };
}

/** Storage of a stateful component: one PersistentVolumeClaim per replica, retained. */
export interface StorageOptions {
  /** Size of each replica's PersistentVolumeClaim. @default per component */
  size: string;
  /**
   * StorageClass of the claims; when left out, the common `storageClass` of the stack, and
   * without that the cluster's default class.
   * @default undefined
   */
  storageClass?: string;
}

export const storageSchema: options.Schema<DeepPartial<StorageOptions>> = options.object({
  size: options.quantity(),
  storageClass: options.dnsSubdomain(),
});
