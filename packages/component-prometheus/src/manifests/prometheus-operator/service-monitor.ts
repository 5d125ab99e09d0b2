import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { rbacProxyEndpoint } from '../common.js';
import { OPERATOR_NAME, operatorObjectLabels, operatorSelector } from './labels.js';

export function prometheusOperatorServiceMonitor(
  values: PrometheusOperatorOptions,
  common: CommonValues,
): IServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: OPERATOR_NAME, namespace: common.namespace, labels: operatorObjectLabels(values) },
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: operatorSelector(values) },
      endpoints: [{ ...rbacProxyEndpoint('https'), honorLabels: true }],
    },
  };
}
