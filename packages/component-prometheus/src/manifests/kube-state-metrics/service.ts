import type { CommonValues } from '@mixstack/core';
import { serviceAccount } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubeStateMetricsOptions } from '../../config/kube-state-metrics.js';
import { KSM_MAIN_PORT, KSM_NAME, KSM_SELF_PORT, ksmObjectLabels, ksmSelector } from './labels.js';

export function kubeStateMetricsService(values: KubeStateMetricsOptions, common: CommonValues): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: KSM_NAME, namespace: common.namespace, labels: ksmObjectLabels(values) },
    spec: {
      clusterIP: 'None',
      selector: ksmSelector(values),
      ports: [
        { name: 'https-main', port: KSM_MAIN_PORT, targetPort: 'https-main' },
        { name: 'https-self', port: KSM_SELF_PORT, targetPort: 'https-self' },
      ],
    },
  };
}

export function kubeStateMetricsServiceAccount(
  values: KubeStateMetricsOptions,
  common: CommonValues,
): IServiceAccount {
  return serviceAccount(KSM_NAME, common.namespace, ksmObjectLabels(values), true);
}
