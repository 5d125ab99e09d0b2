import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import {
  linuxNodes,
  nodeSelectorSchema,
  type RbacProxyOptions,
  rbacProxySchema,
  resources,
  resourcesSchema,
} from '@mixstack/kit';
import { defaultImages } from '../versions.js';

/** Options of `nodeExporter()`. */
export interface NodeExporterOptions {
  /**
   * Deploy node-exporter. `false` keeps the part in the stack but renders nothing of it: no
   * objects, no namespace, no mixin, and no rule or dashboard of another mixin of this package
   * that reads `job="node-exporter"` — exactly as if the part were not in the stack. For
   * platforms that cannot run it (GKE Autopilot) or that collect node metrics themselves; they
   * set it in the `platform` layer, so `nodeExporter({ enabled: true })` still wins.
   * @default true
   */
  enabled: boolean;
  /** @default quay.io/prometheus/node-exporter:v1.12.1 */
  image: string;
  /**
   * Namespace of the DaemonSet. node-exporter needs the host's network, process namespace
   * and filesystem, which the Pod Security `restricted` level of the stack's namespace
   * rejects, so it runs in its own namespace labelled `privileged`.
   * @default undefined (`<stack namespace>-node-exporter`)
   */
  namespace?: string;
  /** Render that namespace (in `setup/`), labelled for Pod Security `privileged`. @default true */
  createNamespace: boolean;
  /** Port of the node that kube-rbac-proxy serves the metrics on (HTTPS). @default 9100 */
  port: number;
  /** Port of the node's loopback interface node-exporter itself listens on. @default 9101 */
  internalPort: number;
  /** @default requests 102m / 180Mi, limit 180Mi */
  resources: ContainerResources;
  /** The kube-rbac-proxy in front of the metrics. @default kube-rbac-proxy v0.22.1, requests 10m / 20Mi, limit 40Mi */
  rbacProxy: RbacProxyOptions;
  /**
   * PriorityClass of the pods, so that they are scheduled on full nodes; `false` for none
   * (some managed clusters limit the system classes to kube-system with a ResourceQuota).
   * @default 'system-cluster-critical'
   */
  priorityClassName: string | false;
  /** Further node-exporter flags, after the defaults of kube-prometheus. @default [] */
  extraArgs: string[];
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
}

export function defaultNodeExporterOptions(): NodeExporterOptions {
  const images = defaultImages();
  return {
    enabled: true,
    image: images.nodeExporter,
    createNamespace: true,
    port: 9100,
    internalPort: 9101,
    resources: resources('102m', '180Mi', '180Mi'),
    rbacProxy: { image: images.kubeRbacProxy, resources: resources('10m', '20Mi', '40Mi') },
    priorityClassName: 'system-cluster-critical',
    extraArgs: [],
    nodeSelector: linuxNodes(),
  };
}

const port = options.integer({ min: 1024, max: 65535 });

export const nodeExporterOptionsSchema = options.check(
  options.object({
    enabled: options.boolean(),
    image: options.pinnedImage(),
    namespace: options.dnsLabel(),
    createNamespace: options.boolean(),
    port,
    internalPort: port,
    resources: resourcesSchema,
    rbacProxy: rbacProxySchema,
    priorityClassName: options.either(
      options.oneOf([false] as const),
      options.dnsSubdomain('system-node-critical'),
    ),
    extraArgs: options.array(
      options.string({
        pattern: /^--[a-z0-9][a-z0-9.-]*(=.*)?$/s,
        expected: 'a flag such as "--collector.systemd"',
      }),
    ),
    nodeSelector: nodeSelectorSchema,
  }),
  (parsed) =>
    parsed.port !== undefined && parsed.port === parsed.internalPort
      ? 'port and internalPort must differ'
      : undefined,
  'give kube-rbac-proxy (port) and node-exporter (internalPort) two different ports of the node',
) as options.Schema<DeepPartial<NodeExporterOptions>>;
