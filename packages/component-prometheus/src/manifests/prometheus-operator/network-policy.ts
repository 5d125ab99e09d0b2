import type { CommonValues } from '@mixstack/core';
import { apiServerEgress, clientIngress, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import type { ComponentClients } from '../network.js';
import { OPERATOR_METRICS_PORT, OPERATOR_NAME, operatorObjectLabels, operatorSelector } from './labels.js';

/**
 * Its clients (the stack's scraper) on the metrics port; out only to DNS and the API server,
 * the one thing an operator talks to (it never calls the Prometheus it manages).
 */
export function prometheusOperatorNetworkPolicy(
  values: PrometheusOperatorOptions,
  common: CommonValues,
  network: ComponentClients,
): INetworkPolicy {
  return networkPolicy({
    name: OPERATOR_NAME,
    namespace: common.namespace,
    labels: operatorObjectLabels(values),
    podLabels: operatorSelector(values),
    ingress: clientIngress(
      network.clients,
      network.roles,
      () => tcpPorts(OPERATOR_METRICS_PORT),
      network.stackNamespace,
    ),
    egress: { only: [apiServerEgress()] },
  });
}
