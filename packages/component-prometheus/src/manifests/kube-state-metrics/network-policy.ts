import type { CommonValues } from '@mixstack/core';
import { networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { KubeStateMetricsOptions } from '../../config/kube-state-metrics.js';
import { prometheusPeer } from '../prometheus-peer.js';
import { KSM_MAIN_PORT, KSM_NAME, KSM_SELF_PORT, ksmObjectLabels, ksmSelector } from './labels.js';

/** Only Prometheus, on the two kube-rbac-proxy ports. */
export function kubeStateMetricsNetworkPolicy(
  values: KubeStateMetricsOptions,
  common: CommonValues,
): INetworkPolicy {
  return networkPolicy({
    name: KSM_NAME,
    namespace: common.namespace,
    labels: ksmObjectLabels(values),
    podLabels: ksmSelector(values),
    ingress: [
      {
        from: [prometheusPeer(common.namespace, common.namespace)],
        ports: tcpPorts(KSM_MAIN_PORT, KSM_SELF_PORT),
      },
    ],
  });
}
