import { type AlertCase, type AlertCases, expectation, seriesWith } from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const op = seriesWith(
  `cluster="${CLUSTER}", job="prometheus-operator", namespace="monitoring", pod="prometheus-operator-7c9f-x2"`,
);
const CONTROLLER = { cluster: CLUSTER, namespace: 'monitoring', controller: 'prometheus' };
const WHO = 'The prometheus controller of prometheus-operator in monitoring';

/** `failed` of `total` operations a minute of the prometheus controller: fires above, silent below the threshold. */
function errorRatio(
  failedMetric: string,
  totalMetric: string,
  summary: string,
  description: (percent: string) => string,
): AlertCase[] {
  const input = (failed: number, total: number) => [
    op(`${failedMetric}{controller="prometheus"}`, `0+${failed}x40`),
    op(`${totalMetric}{controller="prometheus"}`, `0+${total}x40`),
  ];
  return [
    {
      name: 'half of the operations fail',
      input: input(30, 60),
      at: '30m',
      fires: [expectation(summary, CONTROLLER)('warning', {}, description('50%'))],
    },
    {
      name: 'an operation in twenty fails',
      input: input(3, 60),
      at: '30m',
      fires: [],
    },
  ];
}

export const prometheusOperatorAlertCases: AlertCases = {
  PrometheusOperatorListErrors: errorRatio(
    'prometheus_operator_list_operations_failed_total',
    'prometheus_operator_list_operations_total',
    'prometheus-operator fails to list objects.',
    (p) => `${WHO} fails ${p} of its list requests to the Kubernetes API.`,
  ),
  PrometheusOperatorWatchErrors: errorRatio(
    'prometheus_operator_watch_operations_failed_total',
    'prometheus_operator_watch_operations_total',
    'prometheus-operator fails to watch objects.',
    (p) => `${WHO} fails ${p} of its watch requests to the Kubernetes API.`,
  ),
  PrometheusOperatorReconcileErrors: errorRatio(
    'prometheus_operator_reconcile_errors_total',
    'prometheus_operator_reconcile_operations_total',
    'prometheus-operator fails to reconcile objects.',
    (p) => `${WHO} fails ${p} of its reconciliations.`,
  ),
  PrometheusOperatorStatusUpdateErrors: errorRatio(
    'prometheus_operator_status_update_errors_total',
    'prometheus_operator_status_update_operations_total',
    'prometheus-operator fails to update the status of objects.',
    (p) => `${WHO} fails ${p} of its status updates; kubectl shows stale conditions.`,
  ),
  PrometheusOperatorSyncFailed: [
    {
      name: 'one Prometheus fails to sync',
      input: [
        op('prometheus_operator_syncs{controller="prometheus", status="failed"}', '1x30'),
        op('prometheus_operator_syncs{controller="prometheus", status="ok"}', '1x30'),
      ],
      at: '20m',
      fires: [
        expectation('prometheus-operator cannot sync some of its objects.', CONTROLLER)(
          'warning',
          {},
          `${WHO} fails to sync 1 object(s): their workloads do not reflect their latest spec.`,
        ),
      ],
    },
    {
      name: 'a failed sync that recovers after two minutes',
      input: [op('prometheus_operator_syncs{controller="prometheus", status="failed"}', '0x10 1x2 0x20')],
      at: '25m',
      fires: [],
    },
  ],
  PrometheusOperatorNodeLookupErrors: [
    {
      name: 'a failed lookup every two seconds',
      input: [op('prometheus_operator_node_address_lookup_errors_total', '0+30x30')],
      at: '20m',
      fires: [
        expectation('prometheus-operator fails to look up node addresses.', {
          cluster: CLUSTER,
          namespace: 'monitoring',
        })(
          'warning',
          {},
          'prometheus-operator in monitoring fails 0.50 node address lookups per second; the kubelet Service it maintains may miss nodes.',
        ),
      ],
    },
    {
      name: 'a failed lookup now and then',
      input: [op('prometheus_operator_node_address_lookup_errors_total', '0+1x30')],
      at: '20m',
      fires: [],
    },
  ],
  PrometheusOperatorNotReady: [
    {
      name: 'the alertmanager controller is not ready',
      input: [
        op('prometheus_operator_ready{controller="alertmanager"}', '0x20'),
        op('prometheus_operator_ready{controller="prometheus"}', '1x20'),
      ],
      at: '15m',
      fires: [
        expectation('A prometheus-operator controller is not ready.', {
          cluster: CLUSTER,
          namespace: 'monitoring',
          controller: 'alertmanager',
        })(
          'warning',
          {},
          'The alertmanager controller of prometheus-operator in monitoring is not ready: it reconciles nothing until it is.',
        ),
      ],
    },
    {
      name: 'not ready for a minute at start-up',
      input: [op('prometheus_operator_ready{controller="alertmanager"}', '0 1x20')],
      at: '15m',
      fires: [],
    },
  ],
  PrometheusOperatorRejectedResources: [
    {
      name: 'two PrometheusRules rejected',
      input: [
        op(
          'prometheus_operator_managed_resources{controller="prometheus", resource="rule", state="rejected"}',
          '2x20',
        ),
        op(
          'prometheus_operator_managed_resources{controller="prometheus", resource="rule", state="accepted"}',
          '9x20',
        ),
      ],
      at: '15m',
      fires: [
        expectation('prometheus-operator rejects some of its resources as invalid.', CONTROLLER)(
          'warning',
          { resource: 'rule' },
          `${WHO} rejected 2 rule object(s) as invalid; their rules or scrape settings are not applied.`,
        ),
      ],
    },
    {
      name: 'every resource accepted',
      input: [
        op(
          'prometheus_operator_managed_resources{controller="prometheus", resource="rule", state="rejected"}',
          '0x20',
        ),
      ],
      at: '15m',
      fires: [],
    },
  ],
  ConfigReloaderSidecarErrors: [
    {
      name: 'the reloader of a Prometheus pod keeps failing',
      input: [
        seriesWith(
          `cluster="${CLUSTER}", job="prometheus-k8s", namespace="monitoring", pod="prometheus-k8s-1"`,
        )('reloader_last_reload_successful', '1x2 0x30'),
      ],
      at: '25m',
      fires: [
        expectation('A config reloader sidecar fails to apply configuration changes.', {
          cluster: CLUSTER,
          namespace: 'monitoring',
          pod: 'prometheus-k8s-1',
        })(
          'warning',
          {},
          'The config reloader of pod monitoring/prometheus-k8s-1 has failed to apply the latest configuration for 10 minutes; the main container keeps running on its previous configuration.',
        ),
      ],
    },
    {
      name: 'one failed reload, then a good one',
      input: [
        seriesWith(
          `cluster="${CLUSTER}", job="prometheus-k8s", namespace="monitoring", pod="prometheus-k8s-1"`,
        )('reloader_last_reload_successful', '1x5 0x3 1x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
};
