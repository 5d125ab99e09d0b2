import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import { rbacProxyEndpoint, serviceMonitor } from '@mixstack/kit';
import type { KubeStateMetricsOptions } from '../../config/kube-state-metrics.js';
import { KSM_NAME, ksmObjectLabels, ksmSelector } from './labels.js';

/**
 * The object metrics carry the `namespace` and `pod` of the objects they describe: the target
 * labels naming kube-state-metrics' own pod, Service and namespace are dropped, and
 * honorLabels keeps the metrics' labels (as in kube-prometheus).
 */
export function kubeStateMetricsServiceMonitor(
  values: KubeStateMetricsOptions,
  common: CommonValues,
): IServiceMonitor {
  return serviceMonitor({
    name: KSM_NAME,
    namespace: common.namespace,
    labels: ksmObjectLabels(values),
    jobLabel: 'app.kubernetes.io/name',
    selector: ksmSelector(values),
    endpoints: [
      {
        ...rbacProxyEndpoint('https-main'),
        honorLabels: true,
        interval: '30s',
        scrapeTimeout: '30s',
        relabelings: [{ action: 'labeldrop', regex: '(pod|service|endpoint|namespace)' }],
        metricRelabelings: [
          {
            action: 'drop',
            regex: 'kube_endpoint_address_not_ready|kube_endpoint_address_available',
            sourceLabels: ['__name__'],
          },
        ],
      },
      { ...rbacProxyEndpoint('https-self'), interval: '30s' },
    ],
  });
}
