import {
  type AlertCase,
  type AlertCases,
  type ExpectedAlert,
  expectation,
  type InputSeries,
  seriesWith,
} from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const ksm = seriesWith(`cluster="${CLUSTER}", job="kube-state-metrics", instance="10.0.3.4:8443"`);
const kubeletAt = (instance: string, node: string) =>
  seriesWith(
    `cluster="${CLUSTER}", job="kubelet", metrics_path="/metrics", instance="${instance}", node="${node}"`,
  );
const kubelet = kubeletAt('10.0.0.11:10250', 'node-1');
const cadvisor = seriesWith(
  `cluster="${CLUSTER}", job="kubelet", metrics_path="/metrics/cadvisor", instance="10.0.0.11:10250", node="node-1"`,
);
const apiserver = seriesWith(
  `cluster="${CLUSTER}", job="apiserver", namespace="default", service="kubernetes", instance="10.0.0.1:6443"`,
);
const C = { cluster: CLUSTER };
const KUBELET_NODE = { cluster: CLUSTER, instance: '10.0.0.11:10250', node: 'node-1' };
// The kubelet's own `node` label (honoured over the target label of the same name).
const nodeName = kubelet('kubelet_node_name', '1x400');

/** A case that fires with one expected alert, and its silent counterpart with other input. */
function pair(
  fire: {
    name: string;
    input: InputSeries[];
    at: AlertCase['at'];
    alert: ExpectedAlert;
    interval?: AlertCase['interval'];
  },
  silent: { name: string; input: InputSeries[] },
): AlertCase[] {
  const interval = fire.interval ? { interval: fire.interval } : {};
  return [
    { ...interval, name: fire.name, input: fire.input, at: fire.at, fires: [fire.alert] },
    { ...interval, name: silent.name, input: silent.input, at: fire.at, fires: [] },
  ];
}

const APPS = { cluster: CLUSTER, namespace: 'apps' };

// kubernetes-apps ----------------------------------------------------------------------------

/** `metric` or `metric{a="b"}` with further labels. */
const labelled = (metric: string, labels: string) =>
  metric.endsWith('}') ? `${metric.slice(0, -1)}, ${labels}}` : `${metric}{${labels}}`;
const deployment = (metric: string, values: string) =>
  ksm(labelled(metric, 'namespace="apps", deployment="api"'), values);
const statefulset = (metric: string, values: string) =>
  ksm(labelled(metric, 'namespace="apps", statefulset="db"'), values);
const daemonset = (metric: string, values: string) =>
  ksm(labelled(metric, 'namespace="apps", daemonset="agent"'), values);
const hpa = (metric: string, values: string) =>
  ksm(labelled(metric, 'namespace="apps", horizontalpodautoscaler="api"'), values);
const daemonsetStatus = (
  desired: number,
  current: number,
  updated: string,
  available: number,
  misscheduled = 0,
) => [
  daemonset('kube_daemonset_status_desired_number_scheduled', `${desired}x30`),
  daemonset('kube_daemonset_status_current_number_scheduled', `${current}x30`),
  daemonset('kube_daemonset_status_updated_number_scheduled', updated),
  daemonset('kube_daemonset_status_number_available', `${available}x30`),
  daemonset('kube_daemonset_status_number_misscheduled', `${misscheduled}x30`),
];
const hpaStatus = (desired: number, current: number, min = 2, max = 10) => [
  hpa('kube_horizontalpodautoscaler_status_desired_replicas', `${desired}x30`),
  hpa('kube_horizontalpodautoscaler_status_current_replicas', `${current}x30`),
  hpa('kube_horizontalpodautoscaler_spec_min_replicas', `${min}x30`),
  hpa('kube_horizontalpodautoscaler_spec_max_replicas', `${max}x30`),
];
const podOwner = (pod: string, kind: string, name: string) =>
  ksm(
    `kube_pod_owner{namespace="apps", pod="${pod}", owner_kind="${kind}", owner_name="${name}", owner_is_controller="true"}`,
    '1x30',
  );

/**
 * `kube_pod_status_reason` as kube-state-metrics v2.19 writes it: one series per reason it
 * knows, 1 for the pod's reason (`SchedulingGated` is read from the PodScheduled condition), 0
 * for the others.
 */
const podReasons = (pod: string, reason?: string) =>
  ['Evicted', 'NodeAffinity', 'NodeLost', 'Shutdown', 'UnexpectedAdmissionError', 'SchedulingGated'].map(
    (r) =>
      ksm(
        `kube_pod_status_reason{namespace="apps", pod="${pod}", reason="${r}"}`,
        r === reason ? '1x30' : '0x30',
      ),
  );
/** A pod the scheduler has not placed: Pending, its PodScheduled condition false. */
const unscheduledPod = (pod: string) => [
  ...['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'].map((phase) =>
    ksm(
      `kube_pod_status_phase{namespace="apps", pod="${pod}", phase="${phase}"}`,
      phase === 'Pending' ? '1x30' : '0x30',
    ),
  ),
  ksm(`kube_pod_status_scheduled{namespace="apps", pod="${pod}", condition="false"}`, '1x30'),
  ksm(`kube_pod_status_scheduled{namespace="apps", pod="${pod}", condition="true"}`, '0x30'),
  ksm(`kube_pod_status_unschedulable{namespace="apps", pod="${pod}"}`, '1x30'),
];

const appsCases: AlertCases = {
  KubePodCrashLooping: pair(
    {
      name: 'a container in CrashLoopBackOff for 20 minutes',
      input: [
        ksm(
          'kube_pod_container_status_waiting_reason{namespace="apps", pod="api-0", container="api", reason="CrashLoopBackOff"}',
          '1x30',
        ),
      ],
      at: '20m',
      alert: expectation('A container is crash looping.', APPS)(
        'warning',
        { pod: 'api-0', container: 'api' },
        'Container api of pod apps/api-0 is in CrashLoopBackOff: it keeps exiting, and Kubernetes waits longer before each restart.',
      ),
    },
    {
      name: 'in CrashLoopBackOff for 5 minutes, then running',
      input: [
        ksm(
          'kube_pod_container_status_waiting_reason{namespace="apps", pod="api-0", container="api", reason="CrashLoopBackOff"}',
          '0x10 1x5 0x15',
        ),
      ],
    },
  ),
  KubePodNotReady: [
    {
      name: 'a pod pending and a pod running without being ready, for 20 minutes',
      input: [
        ksm('kube_pod_status_phase{namespace="apps", pod="api-1", phase="Pending"}', '1x30'),
        podOwner('api-1', 'ReplicaSet', 'api-7d9f'),
        // Its SchedulingGated series is there, at 0: only a gated pod is left out.
        ...podReasons('api-1'),
        ksm('kube_pod_status_phase{namespace="apps", pod="api-2", phase="Running"}', '1x30'),
        ksm('kube_pod_status_ready{namespace="apps", pod="api-2", condition="false"}', '1x30'),
        podOwner('api-2', 'ReplicaSet', 'api-7d9f'),
      ],
      at: '20m',
      fires: (['api-1', 'api-2'] as const).map((pod) =>
        expectation('A pod has not been ready for 15 minutes.', APPS)(
          'warning',
          { pod },
          `Pod apps/${pod} has been pending, unknown or running without being ready for 15 minutes.`,
        ),
      ),
    },
    {
      name: 'a pending pod of a Job, and a ready running pod',
      input: [
        ksm('kube_pod_status_phase{namespace="apps", pod="migrate-x1", phase="Pending"}', '1x30'),
        podOwner('migrate-x1', 'Job', 'migrate'),
        ksm('kube_pod_status_phase{namespace="apps", pod="api-0", phase="Running"}', '1x30'),
        ksm('kube_pod_status_ready{namespace="apps", pod="api-0", condition="false"}', '0x30'),
        ksm('kube_pod_status_ready{namespace="apps", pod="api-0", condition="true"}', '1x30'),
      ],
      at: '20m',
      fires: [],
    },
    {
      // Its scheduling gates hold it on purpose (a queue such as Kueue admits it later).
      name: 'a pod held by scheduling gates, pending for 20 minutes',
      input: [
        ...unscheduledPod('batch-0'),
        ...podReasons('batch-0', 'SchedulingGated'),
        podOwner('batch-0', 'ReplicaSet', 'batch-5c8d'),
      ],
      at: '20m',
      fires: [],
    },
  ],
  KubeDeploymentGenerationMismatch: pair(
    {
      name: 'generation 4 written, 3 observed, for 20 minutes',
      input: [
        deployment('kube_deployment_status_observed_generation', '3x30'),
        deployment('kube_deployment_metadata_generation', '4x30'),
      ],
      at: '20m',
      alert: expectation('A deployment change has not been picked up.', APPS)(
        'warning',
        { deployment: 'api' },
        'The deployment controller has not acted on the latest change of Deployment apps/api for 15 minutes; its rollout has not started.',
      ),
    },
    {
      name: 'observed right after the change',
      input: [
        deployment('kube_deployment_status_observed_generation', '3x10 4x20'),
        deployment('kube_deployment_metadata_generation', '3x9 4x21'),
      ],
    },
  ),
  KubeDeploymentReplicasMismatch: pair(
    {
      name: '1 of 3 replicas available and nothing rolling',
      input: [
        deployment('kube_deployment_spec_replicas', '3x40'),
        deployment('kube_deployment_status_replicas_available', '1x40'),
        deployment('kube_deployment_status_replicas_updated', '3x40'),
      ],
      at: '30m',
      alert: expectation('A deployment has fewer available replicas than desired.', APPS)(
        'warning',
        { deployment: 'api' },
        'Deployment apps/api has had fewer available replicas than its 3 desired for 15 minutes, and no rollout is making progress.',
      ),
    },
    {
      name: 'a slow rollout that keeps updating replicas',
      input: [
        deployment('kube_deployment_spec_replicas', '30x40'),
        deployment('kube_deployment_status_replicas_available', '1x40'),
        deployment('kube_deployment_status_replicas_updated', '0+1x40'),
      ],
    },
  ),
  KubeDeploymentRolloutStuck: pair(
    {
      name: 'progress deadline exceeded',
      input: [
        deployment('kube_deployment_status_condition{condition="Progressing", status="false"}', '1x30'),
      ],
      at: '20m',
      alert: expectation('A deployment rollout is stuck.', APPS)(
        'warning',
        { deployment: 'api' },
        'The rollout of Deployment apps/api exceeded its progress deadline: new pods do not become available.',
      ),
    },
    {
      name: 'progressing',
      input: [
        deployment('kube_deployment_status_condition{condition="Progressing", status="false"}', '0x30'),
        deployment('kube_deployment_status_condition{condition="Progressing", status="true"}', '1x30'),
      ],
    },
  ),
  KubeStatefulSetReplicasMismatch: pair(
    {
      name: '2 of 3 replicas ready and nothing rolling',
      input: [
        statefulset('kube_statefulset_status_replicas_ready', '2x40'),
        statefulset('kube_statefulset_replicas', '3x40'),
        statefulset('kube_statefulset_status_replicas_updated', '3x40'),
      ],
      at: '30m',
      alert: expectation('A statefulset has not the desired number of ready replicas.', APPS)(
        'warning',
        { statefulset: 'db' },
        'StatefulSet apps/db has had 2 ready replica(s), not the number it asks for, for 15 minutes.',
      ),
    },
    {
      name: 'all replicas ready',
      input: [
        statefulset('kube_statefulset_status_replicas_ready', '3x40'),
        statefulset('kube_statefulset_replicas', '3x40'),
        statefulset('kube_statefulset_status_replicas_updated', '3x40'),
      ],
    },
  ),
  KubeStatefulSetGenerationMismatch: pair(
    {
      name: 'generation 2 written, 1 observed',
      input: [
        statefulset('kube_statefulset_status_observed_generation', '1x30'),
        statefulset('kube_statefulset_metadata_generation', '2x30'),
      ],
      at: '20m',
      alert: expectation('A statefulset change has not been picked up.', APPS)(
        'warning',
        { statefulset: 'db' },
        'The statefulset controller has not acted on the latest change of StatefulSet apps/db for 15 minutes; its rollout has not started.',
      ),
    },
    {
      name: 'observed',
      input: [
        statefulset('kube_statefulset_status_observed_generation', '2x30'),
        statefulset('kube_statefulset_metadata_generation', '2x30'),
      ],
    },
  ),
  KubeStatefulSetUpdateNotRolledOut: pair(
    {
      name: 'revision db-2 reached 1 of 3 replicas and stopped',
      input: [
        statefulset('kube_statefulset_status_current_revision{revision="db-1"}', '1x30'),
        statefulset('kube_statefulset_status_update_revision{revision="db-2"}', '1x30'),
        statefulset('kube_statefulset_replicas', '3x30'),
        statefulset('kube_statefulset_status_replicas_updated', '1x30'),
      ],
      at: '25m',
      alert: expectation('A statefulset update has not been rolled out.', APPS)(
        'warning',
        { statefulset: 'db' },
        'The update of StatefulSet apps/db has not reached every replica and is not progressing.',
      ),
    },
    {
      name: 'every replica on the current revision',
      input: [
        statefulset('kube_statefulset_status_current_revision{revision="db-2"}', '1x30'),
        statefulset('kube_statefulset_status_update_revision{revision="db-2"}', '1x30'),
        statefulset('kube_statefulset_replicas', '3x30'),
        statefulset('kube_statefulset_status_replicas_updated', '3x30'),
      ],
    },
  ),
  KubeDaemonSetRolloutStuck: pair(
    {
      name: '3 of 5 pods updated, and no progress',
      input: daemonsetStatus(5, 5, '3x30', 5),
      at: '25m',
      alert: expectation('A daemonset rollout is stuck.', APPS)(
        'warning',
        { daemonset: 'agent' },
        'The rollout of DaemonSet apps/agent is not progressing: not every node runs an up-to-date, available pod of it.',
      ),
    },
    { name: 'every pod updated and available', input: daemonsetStatus(5, 5, '5x30', 5) },
  ),
  KubeContainerWaiting: pair(
    {
      name: 'an image that cannot be pulled, for more than an hour',
      input: [
        ksm(
          'kube_pod_container_status_waiting_reason{namespace="apps", pod="api-0", container="api", reason="ImagePullBackOff"}',
          '1x80',
        ),
      ],
      at: '70m',
      alert: expectation('A container has been waiting to start for an hour.', APPS)(
        'warning',
        { pod: 'api-0', container: 'api', reason: 'ImagePullBackOff' },
        'Container api of pod apps/api-0 has been waiting for an hour (ImagePullBackOff).',
      ),
    },
    {
      name: 'crash looping (its own alert), and a short wait for an image',
      input: [
        ksm(
          'kube_pod_container_status_waiting_reason{namespace="apps", pod="api-0", container="api", reason="CrashLoopBackOff"}',
          '1x80',
        ),
        ksm(
          'kube_pod_container_status_waiting_reason{namespace="apps", pod="api-1", container="api", reason="ContainerCreating"}',
          '1x10 0x70',
        ),
      ],
    },
  ),
  KubeDaemonSetNotScheduled: pair(
    {
      name: '2 of 5 pods not scheduled',
      input: daemonsetStatus(5, 3, '3x30', 3),
      at: '15m',
      alert: expectation('Pods of a daemonset are not scheduled.', APPS)(
        'warning',
        { daemonset: 'agent' },
        '2 pod(s) of DaemonSet apps/agent are not scheduled.',
      ),
    },
    { name: 'all scheduled', input: daemonsetStatus(5, 5, '5x30', 5) },
  ),
  KubeDaemonSetMisScheduled: pair(
    {
      name: 'a pod on a node it should not run on',
      input: daemonsetStatus(5, 5, '5x30', 5, 1),
      at: '20m',
      alert: expectation('Pods of a daemonset run where they should not.', APPS)(
        'warning',
        { daemonset: 'agent' },
        '1 pod(s) of DaemonSet apps/agent run on nodes that should not run them.',
      ),
    },
    { name: 'none misscheduled', input: daemonsetStatus(5, 5, '5x30', 5) },
  ),
  KubeJobNotCompleted: pair(
    {
      name: 'a job still active after 12 hours',
      interval: '10m',
      input: [
        ksm('kube_job_status_start_time{namespace="apps", job_name="reindex"}', '0x80'),
        ksm('kube_job_status_active{namespace="apps", job_name="reindex"}', '1x80'),
      ],
      at: '740m',
      alert: expectation('A job has been running for more than 12 hours.', APPS)(
        'warning',
        { job_name: 'reindex' },
        'Job apps/reindex has been running for 12h 20m 0s without completing.',
      ),
    },
    {
      name: 'a job started 12 hours ago that completed',
      input: [
        ksm('kube_job_status_start_time{namespace="apps", job_name="reindex"}', '0x80'),
        ksm('kube_job_status_active{namespace="apps", job_name="reindex"}', '1x10 0x70'),
      ],
    },
  ),
  KubeJobFailed: pair(
    {
      name: 'a failed job',
      input: [ksm('kube_job_failed{namespace="apps", job_name="backup-123", condition="true"}', '1x30')],
      at: '20m',
      alert: expectation('A job failed.', APPS)(
        'warning',
        { job_name: 'backup-123' },
        'Job apps/backup-123 failed; the alert stays until the Job is deleted or succeeds.',
      ),
    },
    {
      name: 'a job that did not fail',
      input: [
        ksm('kube_job_failed{namespace="apps", job_name="backup-123", condition="true"}', '0x30'),
        ksm('kube_job_failed{namespace="apps", job_name="backup-123", condition="false"}', '1x30'),
      ],
    },
  ),
  KubeHpaReplicasMismatch: pair(
    {
      name: 'wants 5, stuck at 3',
      input: hpaStatus(5, 3),
      at: '30m',
      alert: expectation('An autoscaler does not reach its desired number of replicas.', APPS)(
        'warning',
        { horizontalpodautoscaler: 'api' },
        'HorizontalPodAutoscaler apps/api wants 5 replicas and has not got there for 15 minutes.',
      ),
    },
    { name: 'at its desired 3', input: hpaStatus(3, 3) },
  ),
  KubeHpaMaxedOut: [
    ...pair(
      {
        name: 'at its maximum of 10',
        input: hpaStatus(10, 10),
        at: '20m',
        alert: expectation('An autoscaler runs at its maximum of replicas.', APPS)(
          'warning',
          { horizontalpodautoscaler: 'api' },
          'HorizontalPodAutoscaler apps/api has run at its maximum of 10 replicas for 15 minutes.',
        ),
      },
      { name: 'at 5 of 10', input: hpaStatus(5, 5) },
    ),
    // minReplicas == maxReplicas is a deliberate fixed size: there is no room it could run out of.
    { name: 'pinned at 4 (minReplicas == maxReplicas)', input: hpaStatus(4, 4, 4, 4), at: '20m', fires: [] },
  ],
  KubePdbNotEnoughHealthyPods: pair(
    {
      name: '1 of the 2 required pods healthy',
      input: [
        ksm(
          'kube_poddisruptionbudget_status_desired_healthy{namespace="apps", poddisruptionbudget="api"}',
          '2x30',
        ),
        ksm(
          'kube_poddisruptionbudget_status_current_healthy{namespace="apps", poddisruptionbudget="api"}',
          '1x30',
        ),
      ],
      at: '20m',
      alert: expectation('A PodDisruptionBudget has fewer healthy pods than it requires.', APPS)(
        'warning',
        { poddisruptionbudget: 'api' },
        'PodDisruptionBudget apps/api lacks 1 healthy pod(s): voluntary disruptions such as node drains are blocked.',
      ),
    },
    {
      name: 'enough healthy pods',
      input: [
        ksm(
          'kube_poddisruptionbudget_status_desired_healthy{namespace="apps", poddisruptionbudget="api"}',
          '2x30',
        ),
        ksm(
          'kube_poddisruptionbudget_status_current_healthy{namespace="apps", poddisruptionbudget="api"}',
          '3x30',
        ),
      ],
    },
  ),
};

// kubernetes-resources -----------------------------------------------------------------------

const nodes = (resource: 'cpu' | 'memory', each: number, count = 3) =>
  Array.from({ length: count }, (_, i) =>
    ksm(`kube_node_status_allocatable{node="node-${i + 1}", resource="${resource}"}`, `${each}x30`),
  );
const podRequest = (pod: string, resource: 'cpu' | 'memory', value: number) => [
  ksm(
    `kube_pod_container_resource_requests{namespace="apps", pod="${pod}", container="app", node="node-1", resource="${resource}"}`,
    `${value}x30`,
  ),
  ksm(`kube_pod_status_phase{namespace="apps", pod="${pod}", phase="Running"}`, '1x30'),
];
const GiB = 2 ** 30;
const quota = (namespace: string, resource: string, hard: number, used = 0) => [
  ksm(
    `kube_resourcequota{namespace="${namespace}", resourcequota="compute", resource="${resource}", type="hard"}`,
    `${hard}x30`,
  ),
  ksm(
    `kube_resourcequota{namespace="${namespace}", resourcequota="compute", resource="${resource}", type="used"}`,
    `${used}x30`,
  ),
];
const QUOTA = { cluster: CLUSTER, namespace: 'apps', resourcequota: 'compute', resource: 'requests.cpu' };
/** The labels cAdvisor gives the series of container `api` of pod apps/api-0 under one cgroup id. */
const apiContainer = (containerId: string) =>
  `namespace="apps", pod="api-0", container="api", image="registry.example.com/api:1.4.2", name="${containerId}", id="/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1c2e0a_4b1d_4c55_9b0e_2d7f1c9a8e31.slice/cri-containerd-${containerId}.scope"`;
const throttling = (throttledPerMinute: number) => [
  cadvisor(
    `container_cpu_cfs_throttled_periods_total{${apiContainer('3f9a1c')}}`,
    `0+${throttledPerMinute}x30`,
  ),
  cadvisor(`container_cpu_cfs_periods_total{${apiContainer('3f9a1c')}}`, '0+60x30'),
];

const resourcesCases: AlertCases = {
  KubeCPUOvercommit: pair(
    {
      name: 'requests of 9.5 cores, 8 left with one of three 4-core nodes down',
      input: [...nodes('cpu', 4), ...podRequest('a', 'cpu', 5), ...podRequest('b', 'cpu', 4.5)],
      at: '20m',
      alert: expectation('The CPU requests of the cluster do not fit if a node fails.', C)(
        'warning',
        {},
        'The CPU requests of the pods exceed by 1.50 cores what the cluster offers with its largest node down (with a single node: what that node offers): a node failure leaves pods pending, and on a single node some already are.',
      ),
    },
    { name: 'requests of 6 cores', input: [...nodes('cpu', 4), ...podRequest('a', 'cpu', 6)] },
  ).concat(
    pair(
      {
        name: 'a single 4-core node, requests of 5 cores',
        input: [...nodes('cpu', 4, 1), ...podRequest('a', 'cpu', 5)],
        at: '20m',
        alert: expectation('The CPU requests of the cluster do not fit if a node fails.', C)(
          'warning',
          {},
          'The CPU requests of the pods exceed by 1.00 cores what the cluster offers with its largest node down (with a single node: what that node offers): a node failure leaves pods pending, and on a single node some already are.',
        ),
      },
      {
        name: 'a single 4-core node, requests of 3 cores',
        input: [...nodes('cpu', 4, 1), ...podRequest('a', 'cpu', 3)],
      },
    ),
  ),
  KubeMemoryOvercommit: pair(
    {
      name: 'requests of 20 GiB, 16 GiB left with one of three 8 GiB nodes down',
      input: [...nodes('memory', 8 * GiB), ...podRequest('a', 'memory', 20 * GiB)],
      at: '20m',
      alert: expectation('The memory requests of the cluster do not fit if a node fails.', C)(
        'warning',
        {},
        'The memory requests of the pods exceed by 4GiB what the cluster offers with its largest node down (with a single node: what that node offers): a node failure leaves pods pending, and on a single node some already are.',
      ),
    },
    {
      name: 'requests of 10 GiB',
      input: [...nodes('memory', 8 * GiB), ...podRequest('a', 'memory', 10 * GiB)],
    },
  ).concat(
    pair(
      {
        name: 'a single 8 GiB node, requests of 10 GiB',
        input: [...nodes('memory', 8 * GiB, 1), ...podRequest('a', 'memory', 10 * GiB)],
        at: '20m',
        alert: expectation('The memory requests of the cluster do not fit if a node fails.', C)(
          'warning',
          {},
          'The memory requests of the pods exceed by 2GiB what the cluster offers with its largest node down (with a single node: what that node offers): a node failure leaves pods pending, and on a single node some already are.',
        ),
      },
      {
        name: 'a single 8 GiB node, requests of 6 GiB',
        input: [...nodes('memory', 8 * GiB, 1), ...podRequest('a', 'memory', 6 * GiB)],
      },
    ),
  ),
  KubeCPUQuotaOvercommit: pair(
    {
      name: 'quotas of 20 cores on 12',
      input: [...nodes('cpu', 4), ...quota('apps', 'requests.cpu', 10), ...quota('batch', 'cpu', 10)],
      at: '15m',
      alert: expectation('The CPU quotas of the namespaces exceed the cluster.', C)(
        'warning',
        {},
        "The CPU quotas of the namespaces add up to 166.7% of the cluster's allocatable CPU.",
      ),
    },
    { name: 'quotas of 12 cores on 12', input: [...nodes('cpu', 4), ...quota('apps', 'requests.cpu', 12)] },
  ),
  KubeMemoryQuotaOvercommit: pair(
    {
      name: 'quotas of 48 GiB on 24',
      input: [...nodes('memory', 8 * GiB), ...quota('apps', 'requests.memory', 48 * GiB)],
      at: '15m',
      alert: expectation('The memory quotas of the namespaces exceed the cluster.', C)(
        'warning',
        {},
        "The memory quotas of the namespaces add up to 200% of the cluster's allocatable memory.",
      ),
    },
    {
      name: 'quotas of 16 GiB on 24',
      input: [...nodes('memory', 8 * GiB), ...quota('apps', 'requests.memory', 16 * GiB)],
    },
  ),
  KubeQuotaAlmostFull: pair(
    {
      name: '95% of a quota used',
      input: quota('apps', 'requests.cpu', 100, 95),
      at: '20m',
      alert: expectation('A resource quota is almost full.', QUOTA)(
        'info',
        {},
        '95% of the requests.cpu quota compute of namespace apps is used.',
      ),
    },
    { name: 'half used', input: quota('apps', 'requests.cpu', 100, 50) },
  ),
  KubeQuotaFullyUsed: pair(
    {
      name: 'all of a quota used',
      input: quota('apps', 'requests.cpu', 100, 100),
      at: '20m',
      alert: expectation('A resource quota is fully used.', QUOTA)(
        'info',
        {},
        'The requests.cpu quota compute of namespace apps is fully used: new pods or objects that need more are rejected.',
      ),
    },
    { name: '95% used', input: quota('apps', 'requests.cpu', 100, 95) },
  ),
  KubeQuotaExceeded: pair(
    {
      name: '120% of a lowered quota used',
      input: quota('apps', 'requests.cpu', 100, 120),
      at: '20m',
      alert: expectation('A resource quota is exceeded.', QUOTA)(
        'warning',
        {},
        '120% of the requests.cpu quota compute of namespace apps is used: more than it allows, after the quota was lowered.',
      ),
    },
    { name: 'all used, not more', input: quota('apps', 'requests.cpu', 100, 100) },
  ),
  CPUThrottlingHigh: [
    ...pair(
      {
        name: 'throttled in half of the periods',
        input: throttling(30),
        at: '25m',
        alert: expectation('A container is often throttled by its CPU limit.', APPS)(
          'info',
          { pod: 'api-0', container: 'api' },
          'Container api of pod apps/api-0 was throttled in 50% of its CPU periods: its CPU limit is low for its load.',
        ),
      },
      { name: 'throttled in a tenth of the periods', input: throttling(6) },
    ),
    {
      // The same counter under a second cgroup id: counted twice, it would halve the ratio.
      name: 'throttled in half of the periods, its period counter seen twice',
      input: [
        ...throttling(30),
        cadvisor(`container_cpu_cfs_periods_total{${apiContainer('8b2e4d')}}`, '0+60x30'),
      ],
      at: '25m',
      fires: [
        expectation('A container is often throttled by its CPU limit.', APPS)(
          'info',
          { pod: 'api-0', container: 'api' },
          'Container api of pod apps/api-0 was throttled in 50% of its CPU periods: its CPU limit is low for its load.',
        ),
      ],
    },
  ],
};

// kubernetes-storage -------------------------------------------------------------------------

const CLAIM = { cluster: CLUSTER, namespace: 'apps', persistentvolumeclaim: 'data-db-0' };
const volume = (
  kind: 'space' | 'inodes',
  size: number,
  free: string,
  samples: number,
  readOnlyMany = false,
  excludedFromAlerts = false,
) => {
  const [freeMetric, sizeMetric, usedMetric] =
    kind === 'space'
      ? [
          'kubelet_volume_stats_available_bytes',
          'kubelet_volume_stats_capacity_bytes',
          'kubelet_volume_stats_used_bytes',
        ]
      : [
          'kubelet_volume_stats_inodes_free',
          'kubelet_volume_stats_inodes',
          'kubelet_volume_stats_inodes_used',
        ];
  const claim = 'namespace="apps", persistentvolumeclaim="data-db-0"';
  return [
    kubelet(`${freeMetric}{${claim}}`, free),
    kubelet(`${sizeMetric}{${claim}}`, `${size}x${samples}`),
    kubelet(`${usedMetric}{${claim}}`, `500x${samples}`),
    ksm(
      `kube_persistentvolumeclaim_access_mode{${claim}, access_mode="${readOnlyMany ? 'ReadOnlyMany' : 'ReadWriteOnce'}"}`,
      `1x${samples}`,
    ),
    // With `--metric-labels-allowlist=persistentvolumeclaims=[excluded_from_alerts]`, the label
    // shows only on the claims that carry it.
    ksm(
      `kube_persistentvolumeclaim_labels{${claim}${excludedFromAlerts ? ', label_excluded_from_alerts="true"' : ''}}`,
      `1x${samples}`,
    ),
  ];
};
function volumeCases(noun: 'space' | 'inodes'): AlertCase[] {
  const kind = noun;
  const almostOut = (left: string) =>
    expectation(`A persistent volume is almost out of ${noun}.`, CLAIM)(
      'critical',
      {},
      `PersistentVolumeClaim apps/data-db-0 has ${left}% of its ${noun} left.`,
    );
  return [
    { name: '2% left, steady', input: volume(kind, 1000, '20x20', 20), at: '10m', fires: [almostOut('2.0')] },
    {
      name: '13% left and losing 1% an hour: full within 4 days',
      interval: '1h',
      input: volume(kind, 1000, '200-10x10', 10),
      at: '7h',
      fires: [
        expectation(`A persistent volume is predicted to run out of ${noun} within 4 days.`, CLAIM)(
          'warning',
          {},
          `PersistentVolumeClaim apps/data-db-0 has 13.0% of its ${noun} left and, at the rate of the last 6 hours, runs out within 4 days.`,
        ),
      ],
    },
    {
      name: 'a read-only-many claim at 2%',
      input: volume(kind, 1000, '20x20', 20, true),
      at: '10m',
      fires: [],
    },
    {
      name: 'a claim labelled excluded_from_alerts="true" at 2%',
      input: volume(kind, 1000, '20x20', 20, false, true),
      at: '10m',
      fires: [],
    },
    {
      name: '13% left, steady',
      interval: '1h',
      input: volume(kind, 1000, '130x10', 10),
      at: '7h',
      fires: [],
    },
  ];
}

const storageCases: AlertCases = {
  KubePersistentVolumeFillingUp: volumeCases('space'),
  KubePersistentVolumeInodesFillingUp: volumeCases('inodes'),
  KubePersistentVolumeErrors: pair(
    {
      name: 'a failed volume',
      input: [ksm('kube_persistentvolume_status_phase{persistentvolume="pv-1", phase="Failed"}', '1x20')],
      at: '10m',
      alert: expectation('A persistent volume is failed or pending.', C)(
        'critical',
        { persistentvolume: 'pv-1', phase: 'Failed' },
        'PersistentVolume pv-1 has been Failed for 5 minutes.',
      ),
    },
    {
      name: 'a bound volume',
      input: [
        ksm('kube_persistentvolume_status_phase{persistentvolume="pv-1", phase="Failed"}', '0x20'),
        ksm('kube_persistentvolume_status_phase{persistentvolume="pv-1", phase="Bound"}', '1x20'),
      ],
    },
  ),
};

// kubernetes-system --------------------------------------------------------------------------

const build = (job: string, version: string) =>
  seriesWith(`cluster="${CLUSTER}", job="${job}"`)(`kubernetes_build_info{git_version="${version}"}`, '1x30');
const clientRequests = (code: string, perMinute: number) =>
  seriesWith(
    `cluster="${CLUSTER}", job="kube-state-metrics", namespace="monitoring", instance="10.0.3.4:8443"`,
  )(`rest_client_requests_total{code="${code}", host="10.96.0.1:443", method="GET"}`, `0+${perMinute}x30`);

const systemCases: AlertCases = {
  KubeVersionMismatch: pair(
    {
      name: 'API server on 1.31, a kubelet on 1.30',
      input: [build('apiserver', 'v1.31.2'), build('kubelet', 'v1.30.5')],
      at: '20m',
      alert: expectation('Kubernetes components run different minor versions.', C)(
        'warning',
        {},
        'The Kubernetes components of the cluster run 2 different minor versions.',
      ),
    },
    {
      name: 'two patch releases of 1.31',
      input: [build('apiserver', 'v1.31.2'), build('kubelet', 'v1.31.4')],
    },
  ),
  KubeClientErrors: pair(
    {
      name: 'a tenth of the requests of a client fail with 500',
      input: [clientRequests('500', 6), clientRequests('200', 54)],
      at: '20m',
      alert: expectation('A Kubernetes API client gets server errors.', C)(
        'warning',
        { job: 'kube-state-metrics', namespace: 'monitoring', instance: '10.0.3.4:8443' },
        'The Kubernetes API client kube-state-metrics (monitoring, 10.0.3.4:8443) gets server errors for 10% of its requests.',
      ),
    },
    { name: 'client errors (4xx) only', input: [clientRequests('404', 6), clientRequests('200', 54)] },
  ),
};

// kubernetes-system-kubelet ------------------------------------------------------------------

const NODE1 = { cluster: CLUSTER, node: 'node-1' };
const condition = (node: string, name: string, values: string) =>
  ksm(`kube_node_status_condition{node="${node}", condition="${name}", status="true"}`, values);
const unschedulable = (node: string, value: number) =>
  ksm(`kube_node_spec_unschedulable{node="${node}"}`, `${value}x40`);
const taint = (key: string) =>
  ksm(`kube_node_spec_taint{node="node-1", key="${key}", value="", effect="NoSchedule"}`, '1x30');
const runningPod = (pod: string) => [
  ksm(`kube_pod_status_phase{namespace="apps", pod="${pod}", phase="Running"}`, '1x30'),
  ksm(`kube_pod_info{namespace="apps", pod="${pod}", node="node-1", uid="${pod}-uid"}`, '1x30'),
];
const buckets = (metric: string, bounds: Record<string, string>) =>
  Object.entries(bounds).map(([le, values]) => kubelet(`${metric}{le="${le}"}`, values));
const certificate = (which: 'client' | 'server'): AlertCase[] => {
  const metric = `kubelet_certificate_manager_${which}_ttl_seconds`;
  const expected = (severity: 'warning' | 'critical', within: string, left: string) =>
    expectation(`The ${which} certificate of a kubelet expires within ${within}.`, KUBELET_NODE)(
      severity,
      {},
      `The ${which} certificate of the kubelet of node node-1 expires in ${left}.`,
    );
  return [
    {
      name: 'expires in 3 days',
      input: [kubelet(metric, `${3 * 86400}x20`), nodeName],
      at: '10m',
      fires: [expected('warning', '7 days', '3d 0h 0m 0s')],
    },
    {
      name: 'expires in 12 hours: both severities',
      input: [kubelet(metric, `${12 * 3600}x20`), nodeName],
      at: '10m',
      fires: [expected('warning', '7 days', '12h 0m 0s'), expected('critical', '24 hours', '12h 0m 0s')],
    },
    {
      name: 'valid for 30 days',
      input: [kubelet(metric, `${30 * 86400}x20`), nodeName],
      at: '10m',
      fires: [],
    },
  ];
};
const renewal = (which: 'client' | 'server', metric: string) =>
  pair(
    {
      name: 'a failed renewal every minute',
      input: [kubelet(metric, '0+1x30'), nodeName],
      at: '25m',
      alert: expectation(`A kubelet fails to renew its ${which} certificate.`, KUBELET_NODE)(
        'warning',
        {},
        `The kubelet of node node-1 failed to renew its ${which} certificate 5 time(s) in 5 minutes.`,
      ),
    },
    { name: 'no failed renewal', input: [kubelet(metric, '0x30'), nodeName] },
  );
const upOf = (selector: string) => (instance: string, values: string) =>
  seriesWith(`cluster="${CLUSTER}", ${selector}, instance="${instance}"`)('up', values);
const kubeletUp = (instance: string, node: string, values: string) => kubeletAt(instance, node)('up', values);

/** The cases of a `...Down` alert: all targets down, none discovered, and one of two up. */
function downCases(
  up: (instance: string, values: string) => InputSeries,
  summary: string,
  description: string,
  absentLabels: Record<string, string>,
): AlertCase[] {
  const expected = (labels: Record<string, string>) =>
    expectation(summary, {})('critical', labels, description);
  return [
    {
      name: 'every target down',
      input: [up('10.0.0.1:1', '0x30'), up('10.0.0.2:1', '0x30')],
      at: '20m',
      fires: [expected(C)],
    },
    {
      name: 'no target discovered at all',
      input: [seriesWith(`cluster="${CLUSTER}", job="other"`)('up', '1x30')],
      at: '20m',
      fires: [expected(absentLabels)],
    },
    {
      name: 'one of two targets up',
      input: [up('10.0.0.1:1', '0x30'), up('10.0.0.2:1', '1x30')],
      at: '20m',
      fires: [],
    },
  ];
}

/** The cases of an `...InstanceUnreachable` alert: one target of two down fires; all down stays silent. */
function unreachableCases(
  up: (instance: string, values: string) => InputSeries,
  summary: string,
  expectedLabels: Record<string, string>,
  description: string,
): AlertCase[] {
  return [
    {
      name: 'one target of two down',
      input: [up('10.0.0.1:1', '0x30'), up('10.0.0.2:1', '1x30')],
      at: '20m',
      fires: [expectation(summary, C)('warning', { instance: '10.0.0.1:1', ...expectedLabels }, description)],
    },
    {
      name: 'every target down (the ...Down alert says so)',
      input: [up('10.0.0.1:1', '0x30'), up('10.0.0.2:1', '0x30')],
      at: '20m',
      fires: [],
    },
  ];
}

const kubeletCases: AlertCases = {
  KubeNodeNotReady: pair(
    {
      name: 'a node not ready for 20 minutes',
      input: [condition('node-1', 'Ready', '0x30')],
      at: '20m',
      alert: expectation('A node is not ready.', NODE1)(
        'warning',
        {},
        'Node node-1 has not been ready for 15 minutes.',
      ),
    },
    { name: 'ready', input: [condition('node-1', 'Ready', '1x30')] },
  ),
  KubeNodePressure: pair(
    {
      name: 'memory pressure on a schedulable node',
      input: [condition('node-1', 'MemoryPressure', '1x30'), unschedulable('node-1', 0)],
      at: '15m',
      alert: expectation('A node is under resource pressure.', NODE1)(
        'info',
        { condition: 'MemoryPressure' },
        'Node node-1 reports MemoryPressure: its kubelet may evict pods.',
      ),
    },
    {
      name: 'memory pressure on a cordoned node being drained',
      input: [condition('node-1', 'MemoryPressure', '1x30'), unschedulable('node-1', 1)],
    },
  ),
  KubeNodeUnreachable: pair(
    {
      name: 'tainted unreachable',
      input: [taint('node.kubernetes.io/unreachable')],
      at: '20m',
      alert: expectation('A node is unreachable.', NODE1)(
        'warning',
        {},
        'Node node-1 is unreachable: the node controller tainted it, and its pods are evicted.',
      ),
    },
    {
      name: 'unreachable while the cluster autoscaler removes it',
      input: [taint('node.kubernetes.io/unreachable'), taint('ToBeDeletedByClusterAutoscaler')],
    },
  ),
  KubeletTooManyPods: pair(
    {
      name: '2 running pods on a node that holds 2',
      input: [
        ...runningPod('a'),
        ...runningPod('b'),
        ksm('kube_node_status_capacity{node="node-1", resource="pods"}', '2x30'),
      ],
      at: '20m',
      alert: expectation('A node runs almost as many pods as it can hold.', NODE1)(
        'info',
        {},
        'Node node-1 runs 100% of the pods it can hold.',
      ),
    },
    {
      name: '2 running pods on a node that holds 110',
      input: [
        ...runningPod('a'),
        ...runningPod('b'),
        ksm('kube_node_status_capacity{node="node-1", resource="pods"}', '110x30'),
      ],
    },
  ),
  KubeNodeReadinessFlapping: pair(
    {
      name: 'ready and not ready every other minute',
      input: [
        condition('node-1', 'Ready', '1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1'),
        unschedulable('node-1', 0),
      ],
      at: '30m',
      alert: expectation('A node keeps changing between ready and not ready.', NODE1)(
        'warning',
        {},
        'Node node-1 changed its readiness 15 times in 15 minutes.',
      ),
    },
    { name: 'ready all along', input: [condition('node-1', 'Ready', '1x40'), unschedulable('node-1', 0)] },
  ),
  KubeNodeEviction: pair(
    {
      name: 'two pods evicted for memory',
      input: [kubelet('kubelet_evictions{eviction_signal="memory.available"}', '0x5 2x20'), nodeName],
      at: '20m',
      alert: expectation('A kubelet evicts pods.', NODE1)(
        'info',
        { eviction_signal: 'memory.available' },
        'The kubelet of node node-1 evicted 2 pod(s) in 15 minutes because of memory.available.',
      ),
    },
    {
      name: 'evictions long ago',
      input: [kubelet('kubelet_evictions{eviction_signal="memory.available"}', '3x30'), nodeName],
    },
  ),
  KubeletPlegDurationHigh: pair(
    {
      name: 'every relist takes between 10 and 30 seconds',
      input: [
        ...buckets('kubelet_pleg_relist_duration_seconds_bucket', {
          '10': '0x30',
          '30': '0+60x30',
          '+Inf': '0+60x30',
        }),
        nodeName,
      ],
      at: '20m',
      alert: expectation('A kubelet is slow to relist its pods.', NODE1)(
        'warning',
        { quantile: '0.99' },
        'The kubelet of node node-1 takes 29.8 s (99th percentile) to relist its pods (PLEG): the container runtime is slow or overloaded.',
      ),
    },
    {
      name: 'every relist within a second',
      input: [
        ...buckets('kubelet_pleg_relist_duration_seconds_bucket', {
          '1': '0+60x30',
          '10': '0+60x30',
          '+Inf': '0+60x30',
        }),
        nodeName,
      ],
    },
  ),
  KubeletPodStartUpLatencyHigh: pair(
    {
      name: 'pods take between 30 and 120 seconds to start',
      input: [
        ...buckets('kubelet_pod_worker_duration_seconds_bucket', {
          '30': '0x30',
          '120': '0+60x30',
          '+Inf': '0+60x30',
        }),
        nodeName,
      ],
      at: '25m',
      alert: expectation('Pods start slowly on a node.', KUBELET_NODE)(
        'warning',
        {},
        'Pods on node node-1 take 119 s (99th percentile) to be set up by the kubelet.',
      ),
    },
    {
      name: 'pods start within 30 seconds',
      input: [
        ...buckets('kubelet_pod_worker_duration_seconds_bucket', {
          '30': '0+60x30',
          '120': '0+60x30',
          '+Inf': '0+60x30',
        }),
        nodeName,
      ],
    },
  ),
  KubeletClientCertificateExpiration: certificate('client'),
  KubeletServerCertificateExpiration: certificate('server'),
  KubeletClientCertificateRenewalErrors: renewal(
    'client',
    'kubelet_certificate_manager_client_expiration_renew_errors',
  ),
  KubeletServerCertificateRenewalErrors: renewal('server', 'kubelet_server_expiration_renew_errors'),
  KubeletDown: downCases(
    (instance, values) => kubeletUp(instance, 'node-1', values),
    'No kubelet can be scraped.',
    'Prometheus has not scraped any kubelet for 15 minutes: node, pod and container metrics are missing, and the alerts on them are blind.',
    { job: 'kubelet', metrics_path: '/metrics' },
  ),
  KubeletInstanceUnreachable: unreachableCases(
    (instance, values) => kubeletUp(instance, instance === '10.0.0.1:1' ? 'node-1' : 'node-2', values),
    'A kubelet cannot be scraped.',
    { node: 'node-1' },
    'Prometheus has not scraped the kubelet of node node-1 (10.0.0.1:1) for 15 minutes: its pod and container metrics are missing.',
  ),
};

// kubernetes-system-apiserver ----------------------------------------------------------------

const expirationBuckets = (underOneDay: number, underOneWeek: number) => [
  apiserver('apiserver_client_certificate_expiration_seconds_bucket{le="86400"}', `0+${underOneDay}x30`),
  apiserver('apiserver_client_certificate_expiration_seconds_bucket{le="604800"}', `0+${underOneWeek}x30`),
  apiserver('apiserver_client_certificate_expiration_seconds_bucket{le="2592000"}', '0+60x30'),
  apiserver('apiserver_client_certificate_expiration_seconds_bucket{le="+Inf"}', '0+60x30'),
  apiserver('apiserver_client_certificate_expiration_seconds_count', '0+60x30'),
];
const API_INSTANCE = { cluster: CLUSTER, job: 'apiserver', instance: '10.0.0.1:6443' };
const clientCertificate = (severity: 'warning' | 'critical', within: string, left: string) =>
  expectation(`A client certificate used against the API server expires within ${within}.`, API_INSTANCE)(
    severity,
    {},
    `Clients authenticate to the API server 10.0.0.1:6443 with a certificate that expires in ${left} (1st percentile).`,
  );

/**
 * Read requests every 5 minutes (the cases sample every 5 minutes: hours of data at one sample a
 * minute would make this the slowest test): `ok` answered 200, `errors` 500, `slow` of them
 * slower than the objective.
 */
const reads = (ok: number, errors: number, slow = 0, samples = 70) => [
  apiserver(
    'apiserver_request_total{verb="GET", code="200", resource="pods", subresource="", scope="resource"}',
    `0+${ok}x${samples}`,
  ),
  apiserver(
    'apiserver_request_total{verb="GET", code="500", resource="pods", subresource="", scope="resource"}',
    `0+${errors}x${samples}`,
  ),
  apiserver(
    'apiserver_request_sli_duration_seconds_count{verb="GET", resource="pods", subresource="", scope="resource"}',
    `0+${ok + errors}x${samples}`,
  ),
  apiserver(
    'apiserver_request_sli_duration_seconds_bucket{verb="GET", resource="pods", subresource="", scope="resource", le="1"}',
    `0+${ok + errors - slow}x${samples}`,
  ),
];
const burnAlerts = (percent: string): ExpectedAlert[] =>
  (
    [
      ['critical', '1h', '5m', 'fast', 'within days'],
      ['critical', '6h', '30m', 'fast', 'within days'],
      ['warning', '1d', '2h', 'steadily', 'before the month ends'],
      ['warning', '3d', '6h', 'steadily', 'before the month ends'],
    ] as const
  ).map(([severity, long, short, pace, when]) =>
    expectation(`The API server burns its error budget ${pace}.`, C)(
      severity,
      { verb: 'read', long, short },
      `${percent} of the read requests to the API server failed or were too slow over the last ${long} (and still over the last ${short}): at this pace the 30-day error budget of its 99% objective is gone ${when}.`,
    ),
  );

const apiserverCases: AlertCases = {
  KubeClientCertificateExpiration: [
    {
      name: 'a tenth of the client certificates expire within a week',
      input: expirationBuckets(0, 6),
      at: '20m',
      fires: [clientCertificate('warning', '7 days', '1d 14h 24m 0s')],
    },
    {
      name: 'a tenth of the client certificates expire within a day: both severities',
      input: expirationBuckets(6, 6),
      at: '20m',
      fires: [
        clientCertificate('warning', '7 days', '2h 24m 0s'),
        clientCertificate('critical', '24 hours', '2h 24m 0s'),
      ],
    },
    {
      name: 'every certificate valid for more than a week',
      input: expirationBuckets(0, 0),
      at: '20m',
      fires: [],
    },
  ],
  KubeAggregatedAPIErrors: pair(
    {
      name: 'metrics API marked unavailable every minute',
      input: [
        apiserver(
          'aggregator_unavailable_apiservice_total{name="v1beta1.metrics.k8s.io", reason="MissingEndpoints"}',
          '0+1x40',
        ),
      ],
      at: '30m',
      alert: expectation('An aggregated API keeps becoming unavailable.', C)(
        'warning',
        { instance: '10.0.0.1:6443', name: 'v1beta1.metrics.k8s.io', reason: 'MissingEndpoints' },
        'The API server 10.0.0.1:6443 marked the aggregated API v1beta1.metrics.k8s.io unavailable 10 times in 10 minutes (MissingEndpoints).',
      ),
    },
    {
      name: 'unavailable once',
      input: [
        apiserver(
          'aggregator_unavailable_apiservice_total{name="v1beta1.metrics.k8s.io", reason="MissingEndpoints"}',
          '0x10 1x30',
        ),
      ],
    },
  ),
  KubeAggregatedAPIDown: pair(
    {
      name: 'metrics API unavailable',
      input: [apiserver('aggregator_unavailable_apiservice{name="v1beta1.metrics.k8s.io"}', '1x30')],
      at: '20m',
      alert: expectation('An aggregated API is down.', C)(
        'warning',
        { name: 'v1beta1.metrics.k8s.io' },
        'The aggregated API v1beta1.metrics.k8s.io was available for only 0% of the last 10 minutes.',
      ),
    },
    {
      name: 'available',
      input: [apiserver('aggregator_unavailable_apiservice{name="v1beta1.metrics.k8s.io"}', '0x30')],
    },
  ),
  KubeAPIDown: downCases(
    upOf('job="apiserver"'),
    'No API server can be scraped.',
    'Prometheus has not scraped any API server for 15 minutes: the API server or the network to it is down, or its metrics are refused.',
    { job: 'apiserver' },
  ),
  KubeAPIInstanceUnreachable: unreachableCases(
    upOf('job="apiserver"'),
    'An API server cannot be scraped.',
    {},
    'Prometheus has not scraped the API server 10.0.0.1:1 for 15 minutes.',
  ),
  KubeAPITerminatedRequests: pair(
    {
      name: 'a third of the requests terminated',
      input: [
        apiserver('apiserver_request_terminations_total{verb="LIST", code="429"}', '0+30x30'),
        apiserver('apiserver_request_total{verb="LIST", code="200"}', '0+60x30'),
      ],
      at: '20m',
      alert: expectation('The API server terminates many requests.', C)(
        'warning',
        {},
        'The API server terminated 33.33% of its incoming requests over 10 minutes: it is overloaded, and API Priority and Fairness sheds load.',
      ),
    },
    {
      name: 'none terminated',
      input: [
        apiserver('apiserver_request_terminations_total{verb="LIST", code="429"}', '0x30'),
        apiserver('apiserver_request_total{verb="LIST", code="200"}', '0+60x30'),
      ],
    },
  ),
  KubeAPIErrorBudgetBurn: [
    {
      name: 'half of the reads fail for 5 hours: every window burns',
      interval: '5m',
      input: reads(30, 30),
      at: '5h',
      fires: burnAlerts('50%'),
    },
    {
      name: 'a fifth of the reads are slower than a second for 5 hours',
      interval: '5m',
      input: reads(60, 0, 12),
      at: '5h',
      fires: burnAlerts('20%'),
    },
    {
      name: 'one read in 200 fails: within the budget',
      interval: '5m',
      input: reads(199, 1),
      at: '5h',
      fires: [],
    },
  ],
};

const schedulerCases: AlertCases = {
  KubeSchedulerDown: downCases(
    upOf('job="kube-scheduler"'),
    'No kube-scheduler can be scraped.',
    'Prometheus has not scraped any kube-scheduler for 15 minutes: if the scheduler is down, new pods stay pending.',
    { job: 'kube-scheduler' },
  ),
  KubeSchedulerInstanceUnreachable: unreachableCases(
    upOf('job="kube-scheduler"'),
    'A kube-scheduler cannot be scraped.',
    {},
    'Prometheus has not scraped the kube-scheduler 10.0.0.1:1 for 15 minutes.',
  ),
  KubeControllerManagerDown: downCases(
    upOf('job="kube-controller-manager"'),
    'No kube-controller-manager can be scraped.',
    'Prometheus has not scraped any kube-controller-manager for 15 minutes: if it is down, deployments, replica sets and nodes are not reconciled.',
    { job: 'kube-controller-manager' },
  ),
  KubeControllerManagerInstanceUnreachable: unreachableCases(
    upOf('job="kube-controller-manager"'),
    'A kube-controller-manager cannot be scraped.',
    {},
    'Prometheus has not scraped the kube-controller-manager 10.0.0.1:1 for 15 minutes.',
  ),
};

export const kubernetesAlertCases: AlertCases = {
  ...appsCases,
  ...resourcesCases,
  ...storageCases,
  ...systemCases,
  ...kubeletCases,
  ...apiserverCases,
  ...schedulerCases,
};
