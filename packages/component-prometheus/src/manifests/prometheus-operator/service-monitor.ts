import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import { rbacProxyEndpoint, serviceMonitor } from '@mixstack/kit';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { OPERATOR_NAME, operatorObjectLabels, operatorSelector } from './labels.js';

export function prometheusOperatorServiceMonitor(
  values: PrometheusOperatorOptions,
  common: CommonValues,
): IServiceMonitor {
  return serviceMonitor({
    name: OPERATOR_NAME,
    namespace: common.namespace,
    labels: operatorObjectLabels(values),
    jobLabel: 'app.kubernetes.io/name',
    selector: operatorSelector(values),
    endpoints: [{ ...rbacProxyEndpoint('https'), honorLabels: true }],
  });
}
