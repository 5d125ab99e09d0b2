import type { CommonValues } from '@mixstack/core';
import { networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { prometheusPeer } from '../prometheus-peer.js';
import { OPERATOR_METRICS_PORT, OPERATOR_NAME, operatorObjectLabels, operatorSelector } from './labels.js';

/** Only Prometheus reaches the operator, on its metrics port. */
export function prometheusOperatorNetworkPolicy(
  values: PrometheusOperatorOptions,
  common: CommonValues,
): INetworkPolicy {
  return networkPolicy({
    name: OPERATOR_NAME,
    namespace: common.namespace,
    labels: operatorObjectLabels(values),
    podLabels: operatorSelector(values),
    ingress: [
      { from: [prometheusPeer(common.namespace, common.namespace)], ports: tcpPorts(OPERATOR_METRICS_PORT) },
    ],
  });
}
