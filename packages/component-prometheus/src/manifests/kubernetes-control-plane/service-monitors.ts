import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import { type ServiceMonitorEndpoint, serviceMonitor, SERVICE_ACCOUNT_TOKEN as TOKEN } from '@mixstack/kit';
import type { KubernetesControlPlaneOptions } from '../../config/kubernetes-control-plane.js';

/** The Services of one control-plane component: where they are, which ones, and how to scrape them. */
interface Target {
  /** The Service label whose value becomes `job`. */
  jobLabel: string;
  /** The namespace of the Services (`kube-system`, `default`). */
  namespace: string;
  selector: Record<string, string>;
  // Written as plain data (relabelings with string actions), hence unknown here.
  endpoints: unknown[];
}

/** Control-plane monitors live in the stack's namespace and select the component's namespace. */
function monitor(name: string, common: CommonValues, target: Target): IServiceMonitor {
  return serviceMonitor({
    name,
    namespace: common.namespace,
    labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'mixstack' },
    jobLabel: target.jobLabel,
    namespaces: [target.namespace],
    selector: target.selector,
    endpoints: target.endpoints as ServiceMonitorEndpoint[],
  });
}

const drop = (regex: string, sourceLabels = ['__name__']) => ({ action: 'drop', regex, sourceLabels });

/** Series of deprecated kubelet metrics kube-prometheus drops. */
const KUBELET_DEPRECATED =
  'kubelet_(pod_worker_latency_microseconds|pod_start_latency_microseconds|cgroup_manager_latency_microseconds|pod_worker_start_latency_microseconds|pleg_relist_latency_microseconds|pleg_relist_interval_microseconds|runtime_operations|runtime_operations_latency_microseconds|runtime_operations_errors|eviction_stats_age_microseconds|device_plugin_registration_count|device_plugin_alloc_latency_microseconds|network_plugin_operations_latency_microseconds)';

/**
 * The kubelets (through the Service prometheus-operator maintains in kube-system): the
 * kubelet's own metrics, cAdvisor (container usage) and probe results. The kubelet serves a
 * self-signed certificate; Prometheus authenticates with its token, authorized by
 * `nodes/metrics` in its ClusterRole.
 */
export function kubeletServiceMonitor(
  values: KubernetesControlPlaneOptions,
  common: CommonValues,
): IServiceMonitor {
  const base = {
    port: 'https-metrics',
    scheme: 'https' as const,
    bearerTokenFile: TOKEN,
    tlsConfig: { insecureSkipVerify: true },
    honorLabels: true,
    interval: values.interval,
    relabelings: [{ action: 'replace', sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path' }],
  };
  return monitor('kubelet', common, {
    jobLabel: 'app.kubernetes.io/name',
    namespace: 'kube-system',
    selector: { 'app.kubernetes.io/name': 'kubelet' },
    endpoints: [
      { ...base, metricRelabelings: [drop(KUBELET_DEPRECATED)] },
      {
        ...base,
        path: '/metrics/cadvisor',
        // cAdvisor's timestamps make series look stale after a container restart.
        honorTimestamps: false,
        trackTimestampsStaleness: true,
        metricRelabelings: [
          drop(
            'container_(network_tcp_usage_total|network_udp_usage_total|tasks_state|cpu_load_average_10s)',
          ),
          drop(
            '(container_spec_.*|container_file_descriptors|container_sockets|container_threads_max|container_threads|container_start_time_seconds|container_last_seen);;',
            ['__name__', 'pod', 'namespace'],
          ),
          drop('(container_blkio_device_usage_total);.+', ['__name__', 'container']),
        ],
      },
      { ...base, path: '/metrics/probes' },
    ],
  });
}

/** The API servers, behind the `kubernetes` Service in `default`, verified with the cluster CA. */
export function apiserverServiceMonitor(
  values: KubernetesControlPlaneOptions,
  common: CommonValues,
): IServiceMonitor {
  return monitor('kube-apiserver', common, {
    jobLabel: 'component',
    namespace: 'default',
    selector: { component: 'apiserver', provider: 'kubernetes' },
    endpoints: [
      {
        port: 'https',
        scheme: 'https',
        bearerTokenFile: TOKEN,
        interval: values.interval,
        tlsConfig: {
          caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
          serverName: 'kubernetes',
        },
        metricRelabelings: [
          drop(
            'apiserver_request_duration_seconds_bucket;(0.15|0.2|0.3|0.35|0.4|0.45|0.6|0.7|0.8|0.9|1.25|1.5|1.75|2|3|3.5|4|4.5|6|7|8|9|15|20|40|45|50)(\\.0)?',
            ['__name__', 'le'],
          ),
          drop(
            'etcd_request_duration_seconds_bucket;(0.15|0.2|0.3|0.35|0.4|0.45|0.6|0.7|0.8|0.9|1.25|1.5|1.75|2|3|3.5|4|4.5|6|7|8|9|15|20|40|45|50)(\\.0)?',
            ['__name__', 'le'],
          ),
        ],
      },
    ],
  });
}

/** CoreDNS, behind the `kube-dns` Service in kube-system. */
export function coreDNSServiceMonitor(
  _values: KubernetesControlPlaneOptions,
  common: CommonValues,
): IServiceMonitor {
  return monitor('coredns', common, {
    jobLabel: 'app.kubernetes.io/name',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'kube-dns' },
    endpoints: [
      {
        port: 'metrics',
        bearerTokenFile: TOKEN,
        interval: '15s',
        metricRelabelings: [drop('coredns_cache_misses_total')],
      },
    ],
  });
}

/** kube-controller-manager or kube-scheduler: a Service labelled with the component's name in kube-system. */
function selfHostedComponent(
  name: 'kube-controller-manager' | 'kube-scheduler',
  values: KubernetesControlPlaneOptions,
  common: CommonValues,
): IServiceMonitor {
  return monitor(name, common, {
    jobLabel: 'app.kubernetes.io/name',
    namespace: 'kube-system',
    selector: { 'app.kubernetes.io/name': name },
    endpoints: [
      {
        port: 'https-metrics',
        scheme: 'https',
        bearerTokenFile: TOKEN,
        interval: values.interval,
        tlsConfig: { insecureSkipVerify: true },
      },
    ],
  });
}

export const kubeControllerManagerServiceMonitor = (
  values: KubernetesControlPlaneOptions,
  common: CommonValues,
) => selfHostedComponent('kube-controller-manager', values, common);

export const kubeSchedulerServiceMonitor = (values: KubernetesControlPlaneOptions, common: CommonValues) =>
  selfHostedComponent('kube-scheduler', values, common);
