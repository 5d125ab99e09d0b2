import { stableUid } from '@mixstack/core';
import { datasourceVariable, grafanaVar, type Link, queryVariable, type VariableSpec } from '@mixstack/kit';
import { RECORDS } from '../../mixins/records.js';
import { clusterVariable, type Scope, sel } from '../variables.js';

/** The mixin these dashboards belong to: their folder, their tag, and part of their uids. */
export const KUBERNETES_MIXIN = 'kubernetes';

/** File names of the kubernetes mixin's dashboards, which link to each other by uid. */
export const KUBERNETES_FILES = {
  resourcesCluster: 'k8s-resources-cluster.json',
  resourcesNamespacePods: 'k8s-resources-namespace-pods.json',
  resourcesNamespaceWorkloads: 'k8s-resources-namespace-workloads.json',
  resourcesWorkload: 'k8s-resources-workload.json',
  resourcesPod: 'k8s-resources-pod.json',
  resourcesNode: 'k8s-resources-node.json',
  networkingCluster: 'k8s-networking-cluster.json',
  networkingNamespacePods: 'k8s-networking-namespace-pods.json',
  networkingNamespaceWorkloads: 'k8s-networking-namespace-workloads.json',
  networkingWorkload: 'k8s-networking-workload.json',
  networkingPod: 'k8s-networking-pod.json',
  persistentVolumes: 'k8s-persistent-volumes.json',
  kubelet: 'k8s-kubelet.json',
  apiserver: 'k8s-apiserver.json',
  scheduler: 'k8s-scheduler.json',
  controllerManager: 'k8s-controller-manager.json',
} as const;

export const KUBERNETES_TAG = 'kubernetes';
export const KUBERNETES_LINK_TITLE = 'Kubernetes';

/**
 * A link to another dashboard of the mixin (its uid is core's, derived from mixin and file
 * name), carrying the datasource, cluster and time range, plus the given variables.
 */
export function dashboardLink(title: string, file: string, variables: Record<string, string>): Link {
  const params = [
    grafanaVar('datasource:queryparam'),
    grafanaVar('cluster:queryparam'),
    ...Object.entries(variables).map(([name, value]) => `var-${name}=${value}`),
    grafanaVar('__url_time_range'),
  ];
  return { title, url: `/d/${stableUid(KUBERNETES_MIXIN, file)}?${params.join('&')}` };
}

/** The value of the clicked table cell. */
export const CELL = grafanaVar('__value.raw');
/** Another column of the clicked table row. */
export const column = (label: string): string => grafanaVar(`__data.fields.${label}`);
/** A label of the clicked series. */
export const seriesLabel = (label: string): string => grafanaVar(`__field.labels.${label}`);

/** Selectors of the kubernetes dashboards, each with the cluster matcher. */
export function kubeSelectors(scope: Scope) {
  const { s, cluster } = scope;
  return {
    ksm: (...m: string[]) => sel(s.kubeStateMetrics, cluster, ...m),
    cadvisor: (...m: string[]) => sel(s.cadvisor, cluster, ...m),
    kubelet: (...m: string[]) => sel(s.kubelet, cluster, ...m),
    kubeletProbes: (...m: string[]) => sel(s.kubeletProbes, cluster, ...m),
    apiserver: (...m: string[]) => sel(s.apiserver, cluster, ...m),
    scheduler: (...m: string[]) => sel(s.kubeScheduler, cluster, ...m),
    controllerManager: (...m: string[]) => sel(s.kubeControllerManager, cluster, ...m),
    nodeExporter: (...m: string[]) => sel(s.nodeExporter, cluster, ...m),
    /** Recorded series: the rules already selected the jobs. */
    record: (...m: string[]) => sel(cluster, ...m),
  };
}

export const NAMESPACE = 'namespace="$namespace"';
export const POD = 'pod="$pod"';
export const WORKLOAD = 'workload="$workload"';
export const WORKLOAD_TYPE = 'workload_type=~"$type"';
export const NODE = 'node="$node"';

/** The template variables of the kubernetes dashboards, chained datasource → cluster → namespace → type → workload / pod. */
export function kubeVariables(scope: Scope) {
  const k = kubeSelectors(scope);
  const workloads = (...m: string[]) => `${RECORDS.podWorkload}${k.record(NAMESPACE, ...m)}`;
  return {
    datasource: datasourceVariable,
    // kube-state-metrics runs in nearly every cluster; without it (a platform exports its metrics
    // elsewhere), the kubelets list the clusters of the dashboards that remain.
    cluster: () =>
      clusterVariable(scope, scope.s.running.kubeStateMetrics ? scope.s.kubeStateMetrics : scope.s.kubelet),
    namespace: () =>
      queryVariable('namespace', 'Namespace', `kube_namespace_status_phase${k.ksm()}`, 'namespace'),
    type: () =>
      queryVariable('type', 'Workload type', workloads(), 'workload_type', {
        allValue: '.+',
      }),
    workload: () => queryVariable('workload', 'Workload', workloads(WORKLOAD_TYPE), 'workload'),
    pod: () => queryVariable('pod', 'Pod', `kube_pod_info${k.ksm(NAMESPACE)}`, 'pod'),
    node: () => queryVariable('node', 'Node', `kube_node_info${k.ksm()}`, 'node'),
  } satisfies Record<string, () => VariableSpec>;
}
