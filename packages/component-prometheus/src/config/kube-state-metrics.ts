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

/**
 * The resources kube-state-metrics can export (its `--resources` flag), with the API group
 * and resource its ClusterRole then lists and watches: the role grants exactly what is exported.
 */
export const KUBE_STATE_METRICS_RESOURCES = {
  certificatesigningrequests: 'certificates.k8s.io',
  clusterrolebindings: 'rbac.authorization.k8s.io',
  clusterroles: 'rbac.authorization.k8s.io',
  configmaps: '',
  cronjobs: 'batch',
  daemonsets: 'apps',
  deployments: 'apps',
  endpoints: '',
  endpointslices: 'discovery.k8s.io',
  horizontalpodautoscalers: 'autoscaling',
  ingressclasses: 'networking.k8s.io',
  ingresses: 'networking.k8s.io',
  jobs: 'batch',
  leases: 'coordination.k8s.io',
  limitranges: '',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
  namespaces: '',
  networkpolicies: 'networking.k8s.io',
  nodes: '',
  persistentvolumeclaims: '',
  persistentvolumes: '',
  poddisruptionbudgets: 'policy',
  pods: '',
  replicasets: 'apps',
  replicationcontrollers: '',
  resourcequotas: '',
  rolebindings: 'rbac.authorization.k8s.io',
  roles: 'rbac.authorization.k8s.io',
  secrets: '',
  serviceaccounts: '',
  services: '',
  statefulsets: 'apps',
  storageclasses: 'storage.k8s.io',
  validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  volumeattachments: 'storage.k8s.io',
} as const;

export type KubeStateMetricsResource = keyof typeof KUBE_STATE_METRICS_RESOURCES;

/** Options of `kubeStateMetrics()`. */
export interface KubeStateMetricsOptions {
  /**
   * Deploy kube-state-metrics. `false` keeps the part in the stack but renders nothing of it:
   * no objects, no mixin, and no rule or dashboard of another mixin of this package that reads
   * `job="kube-state-metrics"` — exactly as if the part were not in the stack. For platforms
   * that export these metrics themselves (GKE's managed collection); they set it in the
   * `platform` layer, so `kubeStateMetrics({ enabled: true })` still wins.
   * @default true
   */
  enabled: boolean;
  /** @default registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1 */
  image: string;
  /** @default requests 10m / 190Mi, limit 250Mi */
  resources: ContainerResources;
  /** The kube-rbac-proxy sidecars in front of both metrics ports. @default kube-rbac-proxy v0.22.1, requests 10m / 20Mi, limit 40Mi */
  rbacProxy: RbacProxyOptions;
  /**
   * What kube-state-metrics exports; its ClusterRole lists and watches exactly these.
   * `secrets` is left out by default: listing Secrets returns their values, and no alert or
   * dashboard of the stack uses `kube_secret_*`.
   * @default kube-state-metrics' default resources without secrets
   */
  exportedResources: KubeStateMetricsResource[];
  /** @default { 'kubernetes.io/os': 'linux' } */
  nodeSelector: Record<string, string>;
}

export function defaultExportedResources(): KubeStateMetricsResource[] {
  return [
    'certificatesigningrequests',
    'configmaps',
    'cronjobs',
    'daemonsets',
    'deployments',
    'endpoints',
    'horizontalpodautoscalers',
    'ingresses',
    'jobs',
    'leases',
    'limitranges',
    'mutatingwebhookconfigurations',
    'namespaces',
    'networkpolicies',
    'nodes',
    'persistentvolumeclaims',
    'persistentvolumes',
    'poddisruptionbudgets',
    'pods',
    'replicasets',
    'replicationcontrollers',
    'resourcequotas',
    'services',
    'statefulsets',
    'storageclasses',
    'validatingwebhookconfigurations',
    'volumeattachments',
  ];
}

export function defaultKubeStateMetricsOptions(): KubeStateMetricsOptions {
  const images = defaultImages();
  return {
    enabled: true,
    image: images.kubeStateMetrics,
    resources: resources('10m', '190Mi', '250Mi'),
    rbacProxy: { image: images.kubeRbacProxy, resources: resources('10m', '20Mi', '40Mi') },
    exportedResources: defaultExportedResources(),
    nodeSelector: linuxNodes(),
  };
}

export const kubeStateMetricsOptionsSchema = options.object({
  enabled: options.boolean(),
  image: options.pinnedImage(),
  resources: resourcesSchema,
  rbacProxy: rbacProxySchema,
  exportedResources: options.array(
    options.oneOf(Object.keys(KUBE_STATE_METRICS_RESOURCES) as KubeStateMetricsResource[]),
    { minLength: 1, unique: true },
  ),
  nodeSelector: nodeSelectorSchema,
}) as options.Schema<DeepPartial<KubeStateMetricsOptions>>;
