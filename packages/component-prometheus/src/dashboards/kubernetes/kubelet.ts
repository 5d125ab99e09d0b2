import type { Dashboard } from '@mixstack/core';
import { buildDashboard, type PanelSpec, queryVariable, type StatSpec } from '@mixstack/kit';
import { RECORDS } from '../../mixins/records.js';
import { processPanels } from '../process.js';
import { p99, rate, sumBy } from '../promql.js';
import type { Scope } from '../variables.js';
import { KUBERNETES_LINK_TITLE, KUBERNETES_TAG, kubeSelectors, kubeVariables } from './shared.js';

const INSTANCE = 'instance=~"$instance"';

/** API-server client panels of a component (the kubelet, the scheduler, the controller manager): requests by code, latency by verb. */
export function apiClientPanels(selector: string, what: string): PanelSpec[] {
  return [
    {
      kind: 'timeseries',
      title: 'Requests to the API server by code',
      description: `Requests per second ${what} sends to the Kubernetes API server, by HTTP status code. 4xx and 5xx codes point to permission problems or an overloaded API server.`,
      unit: 'reqps',
      width: 12,
      min: 0,
      queries: [{ expr: sumBy(['code'], rate('rest_client_requests_total', selector)), legend: '{{code}}' }],
    },
    {
      kind: 'timeseries',
      title: 'API server request latency (p99) by verb',
      description: `99th percentile of the time the API server takes to answer ${what}, by verb.`,
      unit: 's',
      width: 12,
      min: 0,
      queries: [
        {
          expr: p99('rest_client_request_duration_seconds', selector, ['verb']),
          legend: '{{verb}}',
          exemplar: true,
        },
      ],
    },
  ];
}

/** Kubernetes / Kubelet: pods and containers, runtime and storage operations, PLEG, API use. */
export function kubeletDashboard(scope: Scope): Dashboard {
  const k = kubeSelectors(scope);
  const v = kubeVariables(scope);
  const kubelet = k.kubelet(INSTANCE);
  const count = (title: string, description: string, expr: string): StatSpec => ({
    kind: 'stat',
    title,
    description,
    unit: 'none',
    width: 4,
    query: { expr },
  });
  const pleg = `max by (node) (${RECORDS.kubeletPlegQuantile}${k.record('quantile="0.99"')} * on (${scope.s.clusterLabel}, node) group_left () max by (${scope.s.clusterLabel}, node) (kubelet_node_name${kubelet}))`;
  return buildDashboard({
    title: 'Kubernetes / Kubelet',
    description:
      'The kubelets: what they run, how fast the container runtime and volume plugins answer, pod start latency and the pod lifecycle event generator.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [
      v.datasource(),
      v.cluster(),
      queryVariable('instance', 'Instance', `up${k.kubelet()}`, 'instance', { allValue: '.+' }),
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          count(
            'Kubelets up',
            'Kubelets Prometheus scrapes successfully right now (all instances).',
            `sum(up${k.kubelet()})`,
          ),
          count('Running pods', 'Pods the selected kubelets run.', `sum(kubelet_running_pods${kubelet})`),
          count(
            'Running containers',
            'Containers in the running state on the selected kubelets.',
            `sum(kubelet_running_containers${k.kubelet(INSTANCE, 'container_state="running"')})`,
          ),
          count(
            'Volumes mounted',
            'Volumes the selected kubelets have mounted (actual state of the volume manager).',
            `sum(volume_manager_total_volumes${k.kubelet(INSTANCE, 'state="actual_state_of_world"')})`,
          ),
          count(
            'Volumes wanted',
            'Volumes the pods of the selected kubelets need (desired state). More than mounted: volumes are waiting to attach or mount.',
            `sum(volume_manager_total_volumes${k.kubelet(INSTANCE, 'state="desired_state_of_world"')})`,
          ),
          {
            ...count(
              'Failed probes',
              'Liveness, readiness and startup probes that failed on the selected kubelets over the time range.',
              `sum(increase(prober_probe_total${k.kubeletProbes(INSTANCE, 'result="failed"')}[$__range]))`,
            ),
            thresholds: [[1, 'orange']],
          },
        ],
      },
      {
        title: 'Container runtime',
        panels: [
          {
            kind: 'timeseries',
            title: 'Runtime operations by type',
            description: 'Operations per second the kubelets ask of the container runtime (CRI), by type.',
            unit: 'ops',
            width: 8,
            min: 0,
            queries: [
              {
                expr: sumBy(['operation_type'], rate('kubelet_runtime_operations_total', kubelet)),
                legend: '{{operation_type}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Runtime operation errors by type',
            description: 'Failed container runtime operations per second, by type.',
            unit: 'ops',
            width: 8,
            min: 0,
            queries: [
              {
                expr: sumBy(['operation_type'], rate('kubelet_runtime_operations_errors_total', kubelet)),
                legend: '{{operation_type}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Runtime operation latency (p99) by type',
            description: '99th percentile of the time the container runtime takes for an operation, by type.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [
              {
                expr: p99('kubelet_runtime_operations_duration_seconds', kubelet, ['operation_type']),
                legend: '{{operation_type}}',
                exemplar: true,
              },
            ],
          },
        ],
      },
      {
        title: 'Pods',
        panels: [
          {
            kind: 'timeseries',
            title: 'Pod start latency (p99)',
            description:
              '99th percentile of the time from a pod being seen by the kubelet to its containers running (image pulls included), and of one sync of a pod by the pod worker.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [
              {
                expr: p99('kubelet_pod_start_duration_seconds', kubelet, []),
                legend: 'pod start',
                exemplar: true,
              },
              {
                expr: p99('kubelet_pod_worker_duration_seconds', kubelet, []),
                legend: 'pod worker sync',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'PLEG relist latency (p99) by node',
            description:
              '99th percentile of the time the pod lifecycle event generator takes to list the pods of the runtime (recording rule). Above a few seconds the node turns NotReady.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [{ expr: pleg, legend: '{{node}}' }],
          },
          {
            kind: 'timeseries',
            title: 'PLEG relists',
            description:
              'Relists per second of the pod lifecycle event generator, by instance (about one per second when healthy).',
            unit: 'ops',
            width: 8,
            min: 0,
            queries: [
              {
                expr: sumBy(['instance'], rate('kubelet_pleg_relist_duration_seconds_count', kubelet)),
                legend: '{{instance}}',
              },
            ],
          },
        ],
      },
      {
        title: 'Storage operations',
        panels: [
          {
            kind: 'timeseries',
            title: 'Storage operations by plugin',
            description:
              'Volume operations per second (attach, mount, unmount, ...) by operation and volume plugin.',
            unit: 'ops',
            width: 12,
            min: 0,
            queries: [
              {
                expr: sumBy(
                  ['operation_name', 'volume_plugin'],
                  rate('storage_operation_duration_seconds_count', kubelet),
                ),
                legend: '{{operation_name}} {{volume_plugin}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Storage operation latency (p99) by plugin',
            description:
              '99th percentile of the time a volume operation takes, by operation and volume plugin.',
            unit: 's',
            width: 12,
            min: 0,
            queries: [
              {
                expr: p99('storage_operation_duration_seconds', kubelet, ['operation_name', 'volume_plugin']),
                legend: '{{operation_name}} {{volume_plugin}}',
                exemplar: true,
              },
            ],
          },
        ],
      },
      { title: 'Kubernetes API', panels: apiClientPanels(kubelet, 'the kubelet') },
      { title: 'Process', panels: processPanels(kubelet, 'instance', 'kubelet') },
    ],
  });
}
