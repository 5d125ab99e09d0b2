import type { CommonValues } from '@mixstack/core';
import type { IService } from 'kubernetes-models/v1/Service';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { OPERATOR_METRICS_PORT, OPERATOR_NAME, operatorObjectLabels, operatorSelector } from './labels.js';

export function prometheusOperatorService(values: PrometheusOperatorOptions, common: CommonValues): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: OPERATOR_NAME, namespace: common.namespace, labels: operatorObjectLabels(values) },
    spec: {
      clusterIP: 'None',
      selector: operatorSelector(values),
      ports: [{ name: 'https', port: OPERATOR_METRICS_PORT, targetPort: 'https' }],
    },
  };
}
