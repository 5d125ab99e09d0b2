import { isPlainObject, type KubeObject } from '@mixstack/core';
import type { ControlPlaneOptions } from './config.js';
import { ETCD_FAMILIES, exposure, KUBE_SYSTEM, serviceLabels } from './control-plane.js';

export { SHARED_FAMILIES } from './control-plane.js';

/**
 * The families of the k3s process that the kubelet's `/metrics` serves too (one registry per
 * process): the API server's and etcd's, left to the apiserver job (etcd's own to the etcd job),
 * and those of the scheduler, the controller manager, kube-proxy and the k3s supervisor, left
 * to their own jobs. Dropped from the kubelet job, which keeps its own.
 */
export const NOT_KUBELET =
  '(apiserver|etcd|aggregator|apiextensions|watch_cache|scheduler|node_collector|kubeproxy|k3s)_.+';

/**
 * The kubelet's, the scheduler's, kube-proxy's and the supervisor's families, and etcd's own
 * (not the API server's etcd client, `etcd_request_*`), which the API server's endpoint serves
 * too on k3s (k3s's metrics reference: "metrics for all components are available via all exposed
 * metrics endpoints"; embedded etcd runs in the same process): dropped from the apiserver job.
 */
export const NOT_APISERVER = `(kubelet|prober|volume_manager|scheduler|node_collector|kubeproxy|k3s)_.+|${ETCD_FAMILIES}`;

type Json = Record<string, unknown>;

/** What to add to the endpoints of the ServiceMonitors that select one Service. */
export interface Shaping {
  /** What it is for, in tests and messages. */
  job: string;
  namespace: string;
  /** The labels of the Service: a monitor whose selector they satisfy selects it. */
  labels: Readonly<Record<string, string>>;
  /** Which endpoints of the monitor (the kubelet's `/metrics`, not its cAdvisor or probes). */
  endpoint: (endpoint: Record<string, unknown>) => boolean;
  relabeling: Record<string, unknown>;
}

const onName = (action: 'keep' | 'drop', regex: string): Json => ({
  action,
  sourceLabels: ['__name__'],
  regex,
});

/**
 * One endpoint per node: on k3s every metrics endpoint of a node's process serves the metrics of
 * every embedded component. The kubelet's `/metrics` (every node) keeps the node's own families
 * and leaves the API server's to the apiserver job; the API server's endpoint (the servers)
 * leaves the kubelet's to the kubelet job; every exposed component (kube-controller-manager,
 * kube-scheduler, kube-proxy, etcd, the k3s supervisor) keeps only its own families, and the
 * process-wide ones where its dashboards read them: no family is kept by two of these jobs.
 */
export function shapings(controlPlane: ControlPlaneOptions): Shaping[] {
  return [
    {
      job: 'kubelet',
      namespace: KUBE_SYSTEM,
      // The Service prometheus-operator maintains for the kubelets (`--kubelet-service`).
      labels: { 'app.kubernetes.io/name': 'kubelet', 'k8s-app': 'kubelet' },
      endpoint: (e) => e.path === undefined || e.path === '/metrics',
      relabeling: onName('drop', NOT_KUBELET),
    },
    {
      job: 'apiserver',
      namespace: 'default',
      // The `kubernetes` Service of every cluster.
      labels: { component: 'apiserver', provider: 'kubernetes' },
      endpoint: () => true,
      relabeling: onName('drop', NOT_APISERVER),
    },
    ...exposure(controlPlane).exposed.map((component) => ({
      job: component.job,
      namespace: KUBE_SYSTEM,
      labels: serviceLabels(component),
      endpoint: () => true,
      relabeling: onName('keep', component.keep),
    })),
  ];
}

/** Whether a ServiceMonitor selects Services with these labels in this namespace. */
export function selects(
  monitor: KubeObject,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): boolean {
  const spec = (monitor as { spec?: unknown }).spec;
  if (!isPlainObject(spec) || !isPlainObject(spec.selector)) return false;
  const namespaces = isPlainObject(spec.namespaceSelector) ? spec.namespaceSelector : {};
  const inNamespace =
    namespaces.any === true ||
    (Array.isArray(namespaces.matchNames)
      ? namespaces.matchNames.includes(namespace)
      : monitor.metadata?.namespace === namespace);
  const match = isPlainObject(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  const keys = Object.keys(match);
  return (
    inNamespace &&
    keys.length > 0 &&
    !spec.selector.matchExpressions &&
    keys.every((key) => labels[key] === match[key])
  );
}

/**
 * The ServiceMonitors that select the Services of the shapings, whoever renders them, with the
 * relabeling added after their own to the endpoints it is for.
 */
export function withShapedMonitors(
  objects: Readonly<Record<string, KubeObject>>,
  rules: readonly Shaping[],
): Record<string, KubeObject> {
  const out: Record<string, KubeObject> = { ...objects };
  for (const [address, object] of Object.entries(objects)) {
    if (object.kind !== 'ServiceMonitor') continue;
    const own = rules.filter((rule) => selects(object, rule.namespace, rule.labels));
    if (own.length === 0) continue;
    const spec = (object as unknown as { spec: Json }).spec;
    const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints : [];
    out[address] = {
      ...object,
      spec: {
        ...spec,
        endpoints: endpoints.map((endpoint) => {
          if (!isPlainObject(endpoint)) return endpoint;
          const added = own.filter((rule) => rule.endpoint(endpoint)).map((rule) => rule.relabeling);
          if (added.length === 0) return endpoint;
          const existing = Array.isArray(endpoint.metricRelabelings) ? endpoint.metricRelabelings : [];
          return { ...endpoint, metricRelabelings: [...existing, ...added] };
        }),
      },
    } as unknown as KubeObject;
  }
  return out;
}
