import type { CommonValues } from '@mixstack/core';
import { apiServerEgress, clientIngress, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { KubeStateMetricsOptions } from '../../config/kube-state-metrics.js';
import type { ComponentClients } from '../network.js';
import { KSM_MAIN_PORT, KSM_NAME, KSM_SELF_PORT, ksmObjectLabels, ksmSelector } from './labels.js';

/**
 * Its clients (the stack's scraper) on the two kube-rbac-proxy ports; out only to DNS and the
 * API server (the objects it reports on, and the proxies' token reviews).
 */
export function kubeStateMetricsNetworkPolicy(
  values: KubeStateMetricsOptions,
  common: CommonValues,
  network: ComponentClients,
): INetworkPolicy {
  return networkPolicy({
    name: KSM_NAME,
    namespace: common.namespace,
    labels: ksmObjectLabels(values),
    podLabels: ksmSelector(values),
    ingress: clientIngress(
      network.clients,
      network.roles,
      () => tcpPorts(KSM_MAIN_PORT, KSM_SELF_PORT),
      network.stackNamespace,
    ),
    egress: { only: [apiServerEgress()] },
  });
}
