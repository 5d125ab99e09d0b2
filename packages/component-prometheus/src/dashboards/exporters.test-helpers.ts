// Test fixture (not exported from the package): small HTTP exporters with the series of a tiny
// cluster in the shape kube-state-metrics, the kubelet (with cAdvisor and probes) and the API
// server expose them, for a real Prometheus to scrape next to a real node-exporter. Without
// them every Kubernetes query would run on no data, and a join that fails on real data
// (many-to-many matching, duplicate label sets) would go unnoticed. Counters grow with time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Labels = Record<string, string>;

/** The sample values of a scrape, `seconds` after the exporters started. */
type Exposition = (seconds: number) => string[];

const line = (name: string, labels: Labels, value: number): string =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}} ${value}`;

/** A histogram whose observations all fall at `typical` seconds, `perSecond` of them. */
function histogram(
  name: string,
  labels: Labels,
  seconds: number,
  perSecond: number,
  typical: number,
): string[] {
  const count = Math.floor(seconds * perSecond);
  const bounds = [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10];
  return [
    ...bounds.map((le) => line(`${name}_bucket`, { ...labels, le: String(le) }, le >= typical ? count : 0)),
    line(`${name}_bucket`, { ...labels, le: '+Inf' }, count),
    line(`${name}_count`, labels, count),
    line(`${name}_sum`, labels, count * typical),
  ];
}

interface Pod {
  namespace: string;
  pod: string;
  node: string;
  owner: { kind: string; name: string };
  /** The Deployment of a ReplicaSet owner. */
  deployment?: string;
  containers: string[];
  uid: string;
}

/** The tiny cluster: two nodes, a Deployment, a DaemonSet and a StatefulSet with a volume. */
export const CLUSTER = {
  nodes: ['node-1', 'node-2'],
  namespaces: ['kube-system', 'monitoring'],
  pods: [
    {
      namespace: 'kube-system',
      pod: 'coredns-5d78c9869d-abcde',
      node: 'node-1',
      owner: { kind: 'ReplicaSet', name: 'coredns-5d78c9869d' },
      deployment: 'coredns',
      containers: ['coredns'],
      uid: '1',
    },
    {
      namespace: 'kube-system',
      pod: 'kube-proxy-x7k2p',
      node: 'node-2',
      owner: { kind: 'DaemonSet', name: 'kube-proxy' },
      containers: ['kube-proxy'],
      uid: '2',
    },
    {
      namespace: 'monitoring',
      pod: 'prometheus-k8s-0',
      node: 'node-1',
      owner: { kind: 'StatefulSet', name: 'prometheus-k8s' },
      containers: ['prometheus', 'config-reloader'],
      uid: '3',
    },
    {
      namespace: 'monitoring',
      pod: 'prometheus-k8s-1',
      node: 'node-2',
      owner: { kind: 'StatefulSet', name: 'prometheus-k8s' },
      containers: ['prometheus', 'config-reloader'],
      uid: '4',
    },
  ] satisfies Pod[],
  volume: { namespace: 'monitoring', claim: 'prometheus-k8s-db-prometheus-k8s-0' },
};

const kubeStateMetrics: Exposition = (seconds) => {
  const out: string[] = [];
  for (const node of CLUSTER.nodes) {
    out.push(
      line(
        'kube_node_info',
        { node, kubelet_version: 'v1.34.1', container_runtime_version: 'containerd://2.1.0' },
        1,
      ),
    );
    for (const metric of ['kube_node_status_allocatable', 'kube_node_status_capacity']) {
      out.push(line(metric, { node, resource: 'cpu', unit: 'core' }, 4));
      out.push(line(metric, { node, resource: 'memory', unit: 'byte' }, 16e9));
      out.push(line(metric, { node, resource: 'pods', unit: 'integer' }, 110));
    }
  }
  for (const namespace of CLUSTER.namespaces) {
    out.push(line('kube_namespace_status_phase', { namespace, phase: 'Active' }, 1));
    out.push(line('kube_namespace_status_phase', { namespace, phase: 'Terminating' }, 0));
  }
  out.push(
    line(
      'kube_replicaset_owner',
      {
        namespace: 'kube-system',
        replicaset: 'coredns-5d78c9869d',
        owner_kind: 'Deployment',
        owner_name: 'coredns',
        owner_is_controller: 'true',
      },
      1,
    ),
  );
  for (const p of CLUSTER.pods) {
    const pod = { namespace: p.namespace, pod: p.pod, uid: p.uid };
    out.push(
      line(
        'kube_pod_info',
        {
          ...pod,
          node: p.node,
          host_ip: '10.0.0.1',
          pod_ip: `10.1.0.${p.uid}`,
          created_by_kind: p.owner.kind,
          created_by_name: p.owner.name,
          host_network: 'false',
          priority_class: '',
        },
        1,
      ),
    );
    out.push(
      line(
        'kube_pod_owner',
        { ...pod, owner_kind: p.owner.kind, owner_name: p.owner.name, owner_is_controller: 'true' },
        1,
      ),
    );
    for (const phase of ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'])
      out.push(line('kube_pod_status_phase', { ...pod, phase }, phase === 'Running' ? 1 : 0));
    for (const container of p.containers) {
      const c = { ...pod, container };
      out.push(
        line(
          'kube_pod_container_resource_requests',
          { ...c, node: p.node, resource: 'cpu', unit: 'core' },
          0.1,
        ),
      );
      out.push(
        line(
          'kube_pod_container_resource_requests',
          { ...c, node: p.node, resource: 'memory', unit: 'byte' },
          128e6,
        ),
      );
      out.push(
        line(
          'kube_pod_container_resource_limits',
          { ...c, node: p.node, resource: 'memory', unit: 'byte' },
          256e6,
        ),
      );
      out.push(line('kube_pod_container_status_restarts_total', c, Math.floor(seconds / 10)));
      out.push(line('kube_pod_container_status_last_terminated_reason', { ...c, reason: 'OOMKilled' }, 1));
    }
  }
  for (const phase of ['Bound', 'Pending', 'Lost'])
    out.push(
      line(
        'kube_persistentvolumeclaim_status_phase',
        { namespace: CLUSTER.volume.namespace, persistentvolumeclaim: CLUSTER.volume.claim, phase },
        phase === 'Bound' ? 1 : 0,
      ),
    );
  return out;
};

const kubelet: Exposition = (seconds) => {
  const out: string[] = [];
  const metricsPath = { metrics_path: '/metrics' };
  const cadvisor = { metrics_path: '/metrics/cadvisor' };
  for (const node of CLUSTER.nodes) out.push(line('kubelet_node_name', { ...metricsPath, node }, 1));
  out.push(line('kubelet_running_pods', metricsPath, CLUSTER.pods.length));
  out.push(line('kubelet_running_containers', { ...metricsPath, container_state: 'running' }, 6));
  for (const state of ['actual_state_of_world', 'desired_state_of_world'])
    out.push(
      line('volume_manager_total_volumes', { ...metricsPath, plugin_name: 'kubernetes.io/csi', state }, 3),
    );
  const volume = {
    ...metricsPath,
    namespace: CLUSTER.volume.namespace,
    persistentvolumeclaim: CLUSTER.volume.claim,
  };
  out.push(line('kubelet_volume_stats_capacity_bytes', volume, 50e9));
  out.push(line('kubelet_volume_stats_used_bytes', volume, 10e9 + seconds * 1e6));
  out.push(line('kubelet_volume_stats_available_bytes', volume, 40e9 - seconds * 1e6));
  out.push(line('kubelet_volume_stats_inodes', volume, 3e6));
  out.push(line('kubelet_volume_stats_inodes_used', volume, 1e4));
  for (const operation_type of ['create_container', 'list_containers']) {
    out.push(line('kubelet_runtime_operations_total', { ...metricsPath, operation_type }, seconds * 2));
    out.push(line('kubelet_runtime_operations_errors_total', { ...metricsPath, operation_type }, 0));
    out.push(
      ...histogram(
        'kubelet_runtime_operations_duration_seconds',
        { ...metricsPath, operation_type },
        seconds,
        2,
        0.02,
      ),
    );
  }
  out.push(...histogram('kubelet_pleg_relist_duration_seconds', metricsPath, seconds, 1, 0.01));
  out.push(...histogram('kubelet_pod_start_duration_seconds', metricsPath, seconds, 0.1, 2));
  out.push(
    ...histogram(
      'kubelet_pod_worker_duration_seconds',
      { ...metricsPath, operation_type: 'sync' },
      seconds,
      1,
      0.05,
    ),
  );
  out.push(
    ...histogram(
      'storage_operation_duration_seconds',
      {
        ...metricsPath,
        operation_name: 'volume_mount',
        volume_plugin: 'kubernetes.io/csi',
        status: 'success',
        migrated: 'false',
      },
      seconds,
      0.1,
      0.2,
    ),
  );
  out.push(
    line(
      'rest_client_requests_total',
      { ...metricsPath, code: '200', host: '10.96.0.1:443', method: 'GET' },
      seconds * 5,
    ),
  );
  out.push(
    ...histogram(
      'rest_client_request_duration_seconds',
      { ...metricsPath, host: '10.96.0.1:443', verb: 'GET' },
      seconds,
      5,
      0.01,
    ),
  );
  out.push(line('process_resident_memory_bytes', metricsPath, 120e6));
  out.push(line('process_cpu_seconds_total', metricsPath, seconds * 0.05));
  out.push(line('go_goroutines', metricsPath, 300));
  for (const p of CLUSTER.pods) {
    const pod = { ...cadvisor, namespace: p.namespace, pod: p.pod };
    // The pod's own cgroup (no container) and its network namespace, then each container.
    out.push(
      line(
        'container_cpu_usage_seconds_total',
        { ...pod, container: '', id: `/kubepods/pod${p.uid}`, image: '', name: '', cpu: 'total' },
        seconds * 0.2,
      ),
    );
    out.push(
      line(
        'container_memory_working_set_bytes',
        { ...pod, container: '', id: `/kubepods/pod${p.uid}`, image: '', name: '' },
        200e6,
      ),
    );
    const sandbox = {
      ...pod,
      container: '',
      id: `/kubepods/pod${p.uid}/sandbox`,
      image: 'registry.k8s.io/pause:3.10',
      name: `sandbox-${p.uid}`,
      interface: 'eth0',
    };
    for (const [metric, perSecond] of [
      ['container_network_receive_bytes_total', 2000],
      ['container_network_transmit_bytes_total', 1000],
      ['container_network_receive_packets_total', 20],
      ['container_network_transmit_packets_total', 10],
      ['container_network_receive_packets_dropped_total', 0.1],
      ['container_network_transmit_packets_dropped_total', 0],
      ['container_network_receive_errors_total', 0],
      ['container_network_transmit_errors_total', 0],
    ] as const)
      out.push(line(metric, sandbox, seconds * perSecond));
    for (const container of p.containers) {
      const c = {
        ...pod,
        container,
        id: `/kubepods/pod${p.uid}/${container}`,
        image: `example.org/${container}:1`,
        name: `${container}-${p.uid}`,
      };
      out.push(line('container_cpu_usage_seconds_total', { ...c, cpu: 'total' }, seconds * 0.1));
      out.push(line('container_memory_working_set_bytes', c, 100e6));
      out.push(line('container_memory_rss', c, 80e6));
      out.push(line('container_memory_cache', c, 30e6));
      out.push(line('container_memory_swap', c, 0));
      out.push(line('container_cpu_cfs_periods_total', c, seconds * 10));
      out.push(line('container_cpu_cfs_throttled_periods_total', c, seconds));
      const disk = { ...c, device: '/dev/vda' };
      out.push(line('container_fs_reads_total', disk, seconds * 3));
      out.push(line('container_fs_writes_total', disk, seconds * 5));
      out.push(line('container_fs_reads_bytes_total', disk, seconds * 3e4));
      out.push(line('container_fs_writes_bytes_total', disk, seconds * 5e4));
      out.push(
        line(
          'prober_probe_total',
          {
            metrics_path: '/metrics/probes',
            namespace: p.namespace,
            pod: p.pod,
            container,
            probe_type: 'Readiness',
            result: 'successful',
          },
          seconds,
        ),
      );
    }
  }
  return out;
};

const apiserver: Exposition = (seconds) => {
  const out: string[] = [];
  for (const [verb, resource] of [
    ['GET', 'pods'],
    ['LIST', 'pods'],
    ['PATCH', 'leases'],
  ] as const) {
    const labels = {
      verb,
      resource,
      group: '',
      version: 'v1',
      scope: 'namespace',
      component: 'apiserver',
      subresource: '',
    };
    out.push(line('apiserver_request_total', { ...labels, code: '200' }, seconds * 10));
    out.push(line('apiserver_request_total', { ...labels, code: '500' }, seconds * 0.01));
    out.push(
      ...histogram(
        'apiserver_request_duration_seconds',
        {
          verb,
          resource,
          group: '',
          version: 'v1',
          scope: 'namespace',
          component: 'apiserver',
          subresource: '',
          dry_run: '',
        },
        seconds,
        10,
        0.02,
      ),
    );
    out.push(
      ...histogram(
        'apiserver_request_sli_duration_seconds',
        {
          verb,
          resource,
          group: '',
          version: 'v1',
          scope: 'namespace',
          component: 'apiserver',
          subresource: '',
        },
        seconds,
        10,
        0.02,
      ),
    );
  }
  for (const request_kind of ['mutating', 'readOnly'])
    out.push(line('apiserver_current_inflight_requests', { request_kind }, 3));
  out.push(line('workqueue_adds_total', { name: 'APIServiceRegistrationController' }, seconds));
  out.push(line('workqueue_depth', { name: 'APIServiceRegistrationController' }, 0));
  out.push(
    ...histogram(
      'workqueue_queue_duration_seconds',
      { name: 'APIServiceRegistrationController' },
      seconds,
      1,
      0.001,
    ),
  );
  out.push(
    ...histogram('etcd_request_duration_seconds', { operation: 'get', type: 'pods' }, seconds, 20, 0.003),
  );
  out.push(line('apiserver_storage_objects', { resource: 'pods' }, 4));
  out.push(line('process_resident_memory_bytes', {}, 800e6));
  out.push(line('process_cpu_seconds_total', {}, seconds * 0.3));
  out.push(line('go_goroutines', {}, 2000));
  return out;
};

/** The exporters by the job name Prometheus scrapes them under (our ServiceMonitors' jobs). */
const EXPORTERS: Record<string, Exposition> = {
  'kube-state-metrics': kubeStateMetrics,
  kubelet,
  apiserver,
};

export interface FixtureExporters {
  /** Scrape jobs for startPrometheus: job → [`127.0.0.1:<port>`]. */
  readonly scrape: Record<string, string[]>;
  stop(): Promise<void>;
}

/** Starts one exporter per job on a free loopback port. Always `stop()` them (in afterAll). */
export async function startFixtureExporters(): Promise<FixtureExporters> {
  const started = Date.now();
  const servers: Server[] = [];
  const scrape: Record<string, string[]> = {};
  const stop = () =>
    Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(
      () => undefined,
    );
  try {
    for (const [job, exposition] of Object.entries(EXPORTERS)) {
      const server = createServer((_, response) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end(`${exposition((Date.now() - started) / 1000).join('\n')}\n`);
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      scrape[job] = [`127.0.0.1:${(server.address() as AddressInfo).port}`];
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { scrape, stop };
}
