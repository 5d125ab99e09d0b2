/**
 * Names of the recording rules this package's mixins record, with the labels each keeps: the
 * contract between the rules (which record them) and the dashboards and alerts (which read
 * them instead of recomputing the aggregation). A test checks that every name here is
 * recorded by some rule, and lists dashboard panels that recompute a recorded aggregation.
 * The names follow the `level:metric:operations` convention and those of the
 * kubernetes-mixin and node-mixin, so that users' existing queries keep working.
 */
export const RECORDS = {
  // Containers (cAdvisor joined with pod ownership), labels: cluster, namespace, pod, container, node
  containerCpuUsageRate: 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m',
  containerMemoryWorkingSet: 'node_namespace_pod_container:container_memory_working_set_bytes',
  containerMemoryRss: 'node_namespace_pod_container:container_memory_rss',
  containerMemoryCache: 'node_namespace_pod_container:container_memory_cache',
  containerMemorySwap: 'node_namespace_pod_container:container_memory_swap',
  // Requests and limits of running pods, labels: cluster, namespace, pod, container, node
  podCpuRequests: 'cluster:namespace:pod_cpu:active:kube_pod_container_resource_requests',
  podMemoryRequests: 'cluster:namespace:pod_memory:active:kube_pod_container_resource_requests',
  podCpuLimits: 'cluster:namespace:pod_cpu:active:kube_pod_container_resource_limits',
  podMemoryLimits: 'cluster:namespace:pod_memory:active:kube_pod_container_resource_limits',
  // Per namespace, labels: cluster, namespace
  namespaceCpuRequests: 'namespace_cpu:kube_pod_container_resource_requests:sum',
  namespaceMemoryRequests: 'namespace_memory:kube_pod_container_resource_requests:sum',
  namespaceCpuLimits: 'namespace_cpu:kube_pod_container_resource_limits:sum',
  namespaceMemoryLimits: 'namespace_memory:kube_pod_container_resource_limits:sum',
  // Pod to workload, value 1, labels: cluster, namespace, pod, workload, workload_type
  podWorkload: 'namespace_workload_pod:kube_pod_owner:relabel',
  // Pod to node, value 1, labels: cluster, namespace, pod, node
  podNode: 'node_namespace_pod:kube_pod_info:',
  // Nodes (node-exporter), labels: cluster, instance (and device where named)
  nodeCpuUtilisation: 'instance:node_cpu_utilisation:rate5m',
  nodeLoad1PerCpu: 'instance:node_load1_per_cpu:ratio',
  nodeMemoryUtilisation: 'instance:node_memory_utilisation:ratio',
  nodeMajorPageFaults: 'instance:node_vmstat_pgmajfault:rate5m',
  nodeDiskIoTime: 'instance_device:node_disk_io_time_seconds:rate5m',
  nodeDiskIoTimeWeighted: 'instance_device:node_disk_io_time_weighted_seconds:rate5m',
  nodeNetworkReceiveBytes: 'instance:node_network_receive_bytes_excluding_lo:rate5m',
  nodeNetworkTransmitBytes: 'instance:node_network_transmit_bytes_excluding_lo:rate5m',
  nodeNetworkReceiveDrops: 'instance:node_network_receive_drop_excluding_lo:rate5m',
  nodeNetworkTransmitDrops: 'instance:node_network_transmit_drop_excluding_lo:rate5m',
  // CPUs per node, labels: cluster, node
  nodeCpuCount: 'node:node_num_cpu:sum',
  // API server, labels: cluster, verb (read|write), and code/resource where named
  apiserverRequestRate: 'code_resource:apiserver_request_total:rate5m',
  apiserverAvailability30d: 'apiserver_request:availability30d',
  apiserverLatencyQuantile: 'cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile',
  apiserverBurnRate5m: 'apiserver_request:burnrate5m',
  apiserverBurnRate30m: 'apiserver_request:burnrate30m',
  apiserverBurnRate1h: 'apiserver_request:burnrate1h',
  apiserverBurnRate2h: 'apiserver_request:burnrate2h',
  apiserverBurnRate6h: 'apiserver_request:burnrate6h',
  apiserverBurnRate1d: 'apiserver_request:burnrate1d',
  apiserverBurnRate3d: 'apiserver_request:burnrate3d',
  // Kubelet PLEG relist latency, labels: cluster, node, quantile
  kubeletPlegQuantile: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile',
  // Targets up, labels: cluster, job, namespace
  targetsUp: 'count:up1',
  targetsDown: 'count:up0',
} as const;

export type RecordName = (typeof RECORDS)[keyof typeof RECORDS];

/**
 * Records under the kubernetes-mixin's names that no dashboard or alert of this package reads:
 * recorded for upstream's dashboards and users' own queries. The scheduler's are recorded only
 * where the stack scrapes kube-scheduler; their names are upstream's, their source metrics
 * those of Kubernetes 1.23 and later (see `kubernetesRecordingRules`).
 */
export const UPSTREAM_RECORDS = {
  // Containers, labels: cluster, namespace, pod, container, node
  containerCpuUsageIrate: 'node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate',
  // kube-scheduler latency quantiles, labels: cluster, quantile (and result, profile where named)
  schedulerE2eQuantile: 'cluster_quantile:scheduler_e2e_scheduling_duration_seconds:histogram_quantile',
  schedulerAlgorithmQuantile:
    'cluster_quantile:scheduler_scheduling_algorithm_duration_seconds:histogram_quantile',
  schedulerBindingQuantile: 'cluster_quantile:scheduler_binding_duration_seconds:histogram_quantile',
} as const;
