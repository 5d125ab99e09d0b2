import { type RecordCases, seriesWith } from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const ksm = seriesWith(`cluster="${CLUSTER}", job="kube-state-metrics", instance="10.0.3.4:8443"`);
const cadvisor = seriesWith(
  `cluster="${CLUSTER}", job="kubelet", metrics_path="/metrics/cadvisor", instance="10.0.0.11:10250", node="node-1"`,
);
const kubelet = seriesWith(
  `cluster="${CLUSTER}", job="kubelet", metrics_path="/metrics", instance="10.0.0.11:10250", node="node-1"`,
);
const scheduler = seriesWith(
  `cluster="${CLUSTER}", job="kube-scheduler", namespace="kube-system", pod="kube-scheduler-cp-1", instance="10.0.0.2:10259"`,
);
const apiserver = seriesWith(
  `cluster="${CLUSTER}", job="apiserver", namespace="default", instance="10.0.0.1:6443"`,
);
const c = `cluster="${CLUSTER}"`;

const container = (metric: string, values: string) =>
  cadvisor(`${metric}{namespace="apps", pod="api-0", container="api", image="api:1.2"}`, values);
const apiContainer = `${c}, namespace="apps", pod="api-0", container="api", node="node-1"`;

const pod = (name: string, phase: string, cpu: number, memory: number) => [
  ksm(`kube_pod_status_phase{namespace="apps", pod="${name}", phase="${phase}"}`, '1x10'),
  ...(['requests', 'limits'] as const).flatMap((kind) => [
    ksm(
      `kube_pod_container_resource_${kind}{namespace="apps", pod="${name}", container="app", node="node-1", resource="cpu", unit="core"}`,
      `${kind === 'limits' ? cpu * 2 : cpu}x10`,
    ),
    ksm(
      `kube_pod_container_resource_${kind}{namespace="apps", pod="${name}", container="app", node="node-1", resource="memory", unit="byte"}`,
      `${kind === 'limits' ? memory * 2 : memory}x10`,
    ),
  ]),
];
const active = (name: string) => `${c}, namespace="apps", pod="${name}", container="app", node="node-1"`;

const owner = (podName: string, kind: string, name: string) =>
  ksm(
    `kube_pod_owner{namespace="apps", pod="${podName}", owner_kind="${kind}", owner_name="${name}", owner_is_controller="true"}`,
    '1x10',
  );
const workload = (podName: string, name: string, type: string) => ({
  labels: `namespace_workload_pod:kube_pod_owner:relabel{${c}, namespace="apps", pod="${podName}", workload="${name}", workload_type="${type}"}`,
  value: 1,
});

/**
 * API server traffic every 5 minutes (the cases sample every 5 minutes) over 3 hours: half of the
 * reads fail, half of the writes are too slow.
 */
const apiserverTraffic = [
  apiserver(
    'apiserver_request_total{verb="GET", code="200", resource="pods", subresource="", scope="resource"}',
    '0+30x40',
  ),
  apiserver(
    'apiserver_request_total{verb="GET", code="500", resource="pods", subresource="", scope="resource"}',
    '0+30x40',
  ),
  apiserver(
    'apiserver_request_sli_duration_seconds_count{verb="GET", resource="pods", subresource="", scope="resource"}',
    '0+60x40',
  ),
  apiserver(
    'apiserver_request_sli_duration_seconds_bucket{verb="GET", resource="pods", subresource="", scope="resource", le="1"}',
    '0+60x40',
  ),
  apiserver(
    'apiserver_request_total{verb="POST", code="201", resource="pods", subresource="", scope="resource"}',
    '0+60x40',
  ),
  apiserver(
    'apiserver_request_sli_duration_seconds_count{verb="POST", resource="pods", subresource="", scope="resource"}',
    '0+60x40',
  ),
  apiserver(
    'apiserver_request_sli_duration_seconds_bucket{verb="POST", resource="pods", subresource="", scope="resource", le="1"}',
    '0+30x40',
  ),
  // An exec session lasts as long as the user wants: not part of the objective.
  apiserver(
    'apiserver_request_total{verb="POST", code="500", resource="pods", subresource="exec", scope="resource"}',
    '0+60x40',
  ),
];

export const kubernetesRecordCases: RecordCases = {
  'k8s.container_usage.rules': [
    {
      name: 'container CPU and memory with the node of their pod; pod-level cgroups left out',
      input: [
        ksm('kube_pod_info{namespace="apps", pod="api-0", node="node-1", uid="u1"}', '1x10'),
        container('container_cpu_usage_seconds_total', '0+30x10'),
        container('container_memory_working_set_bytes', '1024x10'),
        container('container_memory_rss', '768x10'),
        container('container_memory_cache', '256x10'),
        container('container_memory_swap', '0x10'),
        cadvisor('container_cpu_usage_seconds_total{namespace="apps", pod="api-0", container=""}', '0+60x10'),
        cadvisor(
          'container_memory_working_set_bytes{namespace="apps", pod="api-0", container=""}',
          '2048x10',
        ),
      ],
      at: '10m',
      expr: '{__name__=~"node_namespace_pod_container:.+|node_namespace_pod:kube_pod_info:"}',
      samples: [
        {
          labels: `node_namespace_pod:kube_pod_info:{${c}, namespace="apps", pod="api-0", node="node-1"}`,
          value: 1,
        },
        {
          labels: `node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m{${apiContainer}}`,
          value: 0.5,
        },
        // The last two samples only: 30 CPU-seconds in a minute.
        {
          labels: `node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate{${apiContainer}}`,
          value: 0.5,
        },
        {
          labels: `node_namespace_pod_container:container_memory_working_set_bytes{${apiContainer}}`,
          value: 1024,
        },
        { labels: `node_namespace_pod_container:container_memory_rss{${apiContainer}}`, value: 768 },
        { labels: `node_namespace_pod_container:container_memory_cache{${apiContainer}}`, value: 256 },
        { labels: `node_namespace_pod_container:container_memory_swap{${apiContainer}}`, value: 0 },
      ],
    },
  ],
  'k8s.container_resource.rules': [
    {
      name: 'requests and limits of running and pending pods, per pod and per namespace; finished pods left out',
      input: [
        ...pod('a', 'Running', 0.5, 1024),
        ...pod('b', 'Pending', 0.25, 512),
        ...pod('c', 'Succeeded', 1, 4096),
      ],
      at: '5m',
      expr: '{__name__=~"cluster:namespace:pod_.+|namespace_.+:kube_pod_container_resource_.+:sum"}',
      samples: [
        {
          labels: `cluster:namespace:pod_cpu:active:kube_pod_container_resource_requests{${active('a')}}`,
          value: 0.5,
        },
        {
          labels: `cluster:namespace:pod_cpu:active:kube_pod_container_resource_requests{${active('b')}}`,
          value: 0.25,
        },
        {
          labels: `cluster:namespace:pod_memory:active:kube_pod_container_resource_requests{${active('a')}}`,
          value: 1024,
        },
        {
          labels: `cluster:namespace:pod_memory:active:kube_pod_container_resource_requests{${active('b')}}`,
          value: 512,
        },
        {
          labels: `cluster:namespace:pod_cpu:active:kube_pod_container_resource_limits{${active('a')}}`,
          value: 1,
        },
        {
          labels: `cluster:namespace:pod_cpu:active:kube_pod_container_resource_limits{${active('b')}}`,
          value: 0.5,
        },
        {
          labels: `cluster:namespace:pod_memory:active:kube_pod_container_resource_limits{${active('a')}}`,
          value: 2048,
        },
        {
          labels: `cluster:namespace:pod_memory:active:kube_pod_container_resource_limits{${active('b')}}`,
          value: 1024,
        },
        {
          labels: `namespace_cpu:kube_pod_container_resource_requests:sum{${c}, namespace="apps"}`,
          value: 0.75,
        },
        {
          labels: `namespace_memory:kube_pod_container_resource_requests:sum{${c}, namespace="apps"}`,
          value: 1536,
        },
        {
          labels: `namespace_cpu:kube_pod_container_resource_limits:sum{${c}, namespace="apps"}`,
          value: 1.5,
        },
        {
          labels: `namespace_memory:kube_pod_container_resource_limits:sum{${c}, namespace="apps"}`,
          value: 3072,
        },
      ],
    },
  ],
  'k8s.pod_owner.rules': [
    {
      name: 'every pod with its workload: through ReplicaSets and Jobs to their owners, or directly',
      input: [
        owner('api-7d9f-x1', 'ReplicaSet', 'api-7d9f'),
        ksm(
          'kube_replicaset_owner{namespace="apps", replicaset="api-7d9f", owner_kind="Deployment", owner_name="api"}',
          '1x10',
        ),
        owner('legacy-q2', 'ReplicaSet', 'legacy'),
        ksm(
          'kube_replicaset_owner{namespace="apps", replicaset="legacy", owner_kind="<none>", owner_name="<none>"}',
          '1x10',
        ),
        owner('agent-h7', 'DaemonSet', 'agent'),
        owner('db-0', 'StatefulSet', 'db'),
        owner('backup-2910-z', 'Job', 'backup-2910'),
        ksm(
          'kube_job_owner{namespace="apps", job_name="backup-2910", owner_kind="CronJob", owner_name="backup"}',
          '1x10',
        ),
        owner('migrate-k4', 'Job', 'migrate'),
        ksm(
          'kube_job_owner{namespace="apps", job_name="migrate", owner_kind="<none>", owner_name="<none>"}',
          '1x10',
        ),
      ],
      at: '5m',
      expr: 'namespace_workload_pod:kube_pod_owner:relabel',
      samples: [
        workload('api-7d9f-x1', 'api', 'deployment'),
        workload('legacy-q2', 'legacy', 'replicaset'),
        workload('agent-h7', 'agent', 'daemonset'),
        workload('db-0', 'db', 'statefulset'),
        workload('backup-2910-z', 'backup', 'CronJob'),
        workload('migrate-k4', 'migrate', 'job'),
      ],
    },
    {
      // kube-state-metrics 2.8 and later write "" for a missing owner, which Prometheus stores
      // as no label at all: `kube_replicaset_owner{owner_kind="", owner_name="", ...}` is
      // `kube_replicaset_owner{replicaset="..."}`.
      name: 'ownerless ReplicaSets and Jobs as kube-state-metrics 2.8 and later write them, and Jobs a pod created',
      input: [
        owner('legacy-q2', 'ReplicaSet', 'legacy'),
        ksm('kube_replicaset_owner{namespace="apps", replicaset="legacy"}', '1x10'),
        owner('migrate-k4', 'Job', 'migrate'),
        ksm('kube_job_owner{namespace="apps", job_name="migrate"}', '1x10'),
        owner('load-run-7-x', 'Job', 'load-run-7'),
        ksm(
          'kube_job_owner{namespace="apps", job_name="load-run-7", owner_kind="Pod", owner_name="runner-5f6c-q", owner_is_controller="false"}',
          '1x10',
        ),
      ],
      at: '5m',
      expr: 'namespace_workload_pod:kube_pod_owner:relabel',
      samples: [
        workload('legacy-q2', 'legacy', 'replicaset'),
        workload('migrate-k4', 'migrate', 'job'),
        workload('load-run-7-x', 'load-run-7', 'job'),
      ],
    },
    {
      name: 'bare pods, static pods and pods of other controllers, with the owner kind as type; non-controller owners left out',
      input: [
        // A bare pod (kube-state-metrics 2.8+: empty owner labels, stored as none) and one from an older version.
        ksm('kube_pod_owner{namespace="apps", pod="debug-shell", uid="u1"}', '1x10'),
        ksm(
          'kube_pod_owner{namespace="apps", pod="old-debug", uid="u2", owner_kind="<none>", owner_name="<none>", owner_is_controller="<none>"}',
          '1x10',
        ),
        // A static pod: the kubelet names it after the manifest and the node, and the Node owns it.
        ksm(
          'kube_pod_owner{namespace="kube-system", pod="etcd-cp-1", uid="u3", owner_kind="Node", owner_name="cp-1", owner_is_controller="true"}',
          '1x10',
        ),
        // A custom controller owning pods directly, plus a non-controller owner of the same pod.
        owner('kafka-0', 'StrimziPodSet', 'kafka'),
        ksm(
          'kube_pod_owner{namespace="apps", pod="kafka-0", uid="u4", owner_kind="ConfigMap", owner_name="kafka-config", owner_is_controller="false"}',
          '1x10',
        ),
        // A custom controller owning ReplicaSets (Argo Rollouts) and one owning Jobs (KEDA).
        owner('web-6b7c-k', 'ReplicaSet', 'web-6b7c'),
        ksm(
          'kube_replicaset_owner{namespace="apps", replicaset="web-6b7c", owner_kind="Rollout", owner_name="web", owner_is_controller="true"}',
          '1x10',
        ),
        owner('worker-9q-z', 'Job', 'worker-9q'),
        ksm(
          'kube_job_owner{namespace="apps", job_name="worker-9q", owner_kind="ScaledJob", owner_name="worker", owner_is_controller="true"}',
          '1x10',
        ),
      ],
      at: '5m',
      expr: 'namespace_workload_pod:kube_pod_owner:relabel',
      samples: [
        workload('debug-shell', 'debug-shell', 'barepod'),
        workload('old-debug', 'old-debug', 'barepod'),
        {
          labels: `namespace_workload_pod:kube_pod_owner:relabel{${c}, namespace="kube-system", pod="etcd-cp-1", workload="etcd-cp-1", workload_type="staticpod"}`,
          value: 1,
        },
        workload('kafka-0', 'kafka', 'StrimziPodSet'),
        workload('web-6b7c-k', 'web', 'Rollout'),
        workload('worker-9q-z', 'worker', 'ScaledJob'),
      ],
    },
  ],
  'kube-apiserver-requests.rules': [
    {
      name: 'request rates by code and resource, and the 99th percentile latency by resource, for reads and writes',
      input: [
        ...apiserverTraffic,
        apiserver(
          'apiserver_request_sli_duration_seconds_bucket{verb="GET", resource="pods", subresource="", scope="resource", le="4"}',
          '0+60x40',
        ),
        apiserver(
          'apiserver_request_sli_duration_seconds_bucket{verb="GET", resource="pods", subresource="", scope="resource", le="+Inf"}',
          '0+60x40',
        ),
        apiserver(
          'apiserver_request_sli_duration_seconds_bucket{verb="POST", resource="pods", subresource="", scope="resource", le="4"}',
          '0+60x40',
        ),
        apiserver(
          'apiserver_request_sli_duration_seconds_bucket{verb="POST", resource="pods", subresource="", scope="resource", le="+Inf"}',
          '0+60x40',
        ),
      ],
      at: '10m',
      expr: '{__name__=~"code_resource:apiserver_request_total:rate5m|cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile"}',
      samples: [
        {
          labels: `code_resource:apiserver_request_total:rate5m{${c}, verb="read", code="200", resource="pods"}`,
          value: 0.5,
        },
        {
          labels: `code_resource:apiserver_request_total:rate5m{${c}, verb="read", code="500", resource="pods"}`,
          value: 0.5,
        },
        {
          labels: `code_resource:apiserver_request_total:rate5m{${c}, verb="write", code="201", resource="pods"}`,
          value: 1,
        },
        {
          labels: `code_resource:apiserver_request_total:rate5m{${c}, verb="write", code="500", resource="pods"}`,
          value: 1,
        },
        {
          labels: `cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{${c}, verb="read", quantile="0.99", resource="pods"}`,
          value: 0.99,
        },
        {
          labels: `cluster_quantile:apiserver_request_sli_duration_seconds:histogram_quantile{${c}, verb="write", quantile="0.99", resource="pods"}`,
          value: 3.94,
        },
      ],
    },
  ],
  'kube-apiserver-availability.rules': [
    {
      name: 'hourly increases and the availability over what there is of 30 days (exec sessions left out)',
      interval: '5m',
      input: apiserverTraffic,
      at: '3h',
      expr: '{__name__=~".+:increase(1h|30d)|apiserver_request:availability30d"}',
      samples: [
        {
          labels: `cluster_verb_scope_le:apiserver_request_sli_duration_seconds_bucket:increase1h{${c}, verb="GET", scope="resource", le="1"}`,
          value: 720,
        },
        {
          labels: `cluster_verb_scope_le:apiserver_request_sli_duration_seconds_bucket:increase1h{${c}, verb="POST", scope="resource", le="1"}`,
          value: 360,
        },
        {
          labels: `cluster_verb_scope:apiserver_request_sli_duration_seconds_count:increase1h{${c}, verb="GET", scope="resource"}`,
          value: 720,
        },
        {
          labels: `cluster_verb_scope:apiserver_request_sli_duration_seconds_count:increase1h{${c}, verb="POST", scope="resource"}`,
          value: 720,
        },
        { labels: `code_verb:apiserver_request_total:increase1h{${c}, code="200", verb="GET"}`, value: 360 },
        { labels: `code_verb:apiserver_request_total:increase1h{${c}, code="500", verb="GET"}`, value: 360 },
        { labels: `code_verb:apiserver_request_total:increase1h{${c}, code="201", verb="POST"}`, value: 720 },
        // Three hours of the 30 days so far.
        {
          labels: `cluster_verb_scope_le:apiserver_request_sli_duration_seconds_bucket:increase30d{${c}, verb="GET", scope="resource", le="1"}`,
          value: 2160,
        },
        {
          labels: `cluster_verb_scope_le:apiserver_request_sli_duration_seconds_bucket:increase30d{${c}, verb="POST", scope="resource", le="1"}`,
          value: 1080,
        },
        {
          labels: `cluster_verb_scope:apiserver_request_sli_duration_seconds_count:increase30d{${c}, verb="GET", scope="resource"}`,
          value: 2160,
        },
        {
          labels: `cluster_verb_scope:apiserver_request_sli_duration_seconds_count:increase30d{${c}, verb="POST", scope="resource"}`,
          value: 2160,
        },
        {
          labels: `code_verb:apiserver_request_total:increase30d{${c}, code="200", verb="GET"}`,
          value: 1080,
        },
        {
          labels: `code_verb:apiserver_request_total:increase30d{${c}, code="500", verb="GET"}`,
          value: 1080,
        },
        {
          labels: `code_verb:apiserver_request_total:increase30d{${c}, code="201", verb="POST"}`,
          value: 2160,
        },
        { labels: `code:apiserver_request_total:increase30d{${c}, verb="read", code="200"}`, value: 1080 },
        { labels: `code:apiserver_request_total:increase30d{${c}, verb="read", code="500"}`, value: 1080 },
        { labels: `code:apiserver_request_total:increase30d{${c}, verb="write", code="201"}`, value: 2160 },
        // Reads: 360 of 720 failed. Writes: 360 of 720 too slow. All: 720 of 1440 an hour.
        { labels: `apiserver_request:availability30d{${c}, verb="read"}`, value: 0.5 },
        { labels: `apiserver_request:availability30d{${c}, verb="write"}`, value: 0.5 },
        { labels: `apiserver_request:availability30d{${c}, verb="all"}`, value: 0.5 },
      ],
    },
  ],
  'kube-apiserver-burnrate.rules': [
    {
      name: 'every window, from raw rates (up to 6 hours) or hourly increases (1 and 3 days)',
      interval: '5m',
      input: apiserverTraffic,
      at: '3h',
      expr: '{__name__=~"apiserver_request:burnrate.+"}',
      samples: (['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const).flatMap((window) => [
        { labels: `apiserver_request:burnrate${window}{${c}, verb="read"}`, value: 0.5 },
        { labels: `apiserver_request:burnrate${window}{${c}, verb="write"}`, value: 0.5 },
      ]),
    },
  ],
  'kube-scheduler.rules': [
    {
      name: 'scheduling attempt, algorithm and binding latency quantiles, from the metrics of Kubernetes 1.23 and later',
      input: [
        ...(['0.008', '0.016', '+Inf'] as const).flatMap((le) => [
          scheduler(
            `scheduler_scheduling_attempt_duration_seconds_bucket{result="scheduled", profile="default-scheduler", le="${le}"}`,
            le === '0.008' ? '0+30x10' : '0+60x10',
          ),
          scheduler(
            `scheduler_scheduling_algorithm_duration_seconds_bucket{le="${le}"}`,
            le === '0.008' ? '0+30x10' : '0+60x10',
          ),
        ]),
        ...(['0.0016', '0.0032', '+Inf'] as const).flatMap((le) => [
          scheduler(
            `scheduler_framework_extension_point_duration_seconds_bucket{extension_point="Bind", status="Success", profile="default-scheduler", le="${le}"}`,
            le === '0.0016' ? '0+30x10' : '0+60x10',
          ),
          // Another extension point: not binding.
          scheduler(
            `scheduler_framework_extension_point_duration_seconds_bucket{extension_point="Filter", status="Success", profile="default-scheduler", le="${le}"}`,
            '0+600x10',
          ),
        ]),
      ],
      at: '10m',
      expr: '{__name__=~"cluster_quantile:scheduler_.+"}',
      // Half of the observations in the first bucket, the other half in the second.
      samples: (
        [
          ['0.99', 0.01584, 0.003168],
          ['0.9', 0.0144, 0.00288],
          ['0.5', 0.008, 0.0016],
        ] as const
      ).flatMap(([quantile, attempt, bind]) => [
        {
          labels: `cluster_quantile:scheduler_e2e_scheduling_duration_seconds:histogram_quantile{${c}, quantile="${quantile}", result="scheduled", profile="default-scheduler"}`,
          value: attempt,
        },
        {
          labels: `cluster_quantile:scheduler_scheduling_algorithm_duration_seconds:histogram_quantile{${c}, quantile="${quantile}"}`,
          value: attempt,
        },
        {
          labels: `cluster_quantile:scheduler_binding_duration_seconds:histogram_quantile{${c}, quantile="${quantile}", profile="default-scheduler"}`,
          value: bind,
        },
      ]),
    },
  ],
  'kubelet.rules': [
    {
      name: 'PLEG relist latency quantiles per node',
      input: [
        kubelet('kubelet_pleg_relist_duration_seconds_bucket{le="4"}', '0+60x10'),
        kubelet('kubelet_pleg_relist_duration_seconds_bucket{le="+Inf"}', '0+60x10'),
        kubelet('kubelet_node_name', '1x10'),
      ],
      at: '10m',
      expr: 'node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile',
      samples: [
        {
          labels: `node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{${c}, node="node-1", quantile="0.99"}`,
          value: 3.96,
        },
        {
          labels: `node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{${c}, node="node-1", quantile="0.9"}`,
          value: 3.6,
        },
        {
          labels: `node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile{${c}, node="node-1", quantile="0.5"}`,
          value: 2,
        },
      ],
    },
  ],
};
