import type { CommonValues } from '@mixstack/core';
import { networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { prometheusPeer } from '../prometheus-peer.js';
import { NODE_EXPORTER_NAME, nodeExporterObjectLabels, nodeExporterSelector } from './labels.js';

/**
 * Only the stack's Prometheus, from the stack's namespace. Most network plugins do not apply
 * NetworkPolicies to host-network pods, so kube-rbac-proxy is what really guards the port;
 * the policy still documents the one client and holds where the plugin enforces it.
 */
export function nodeExporterNetworkPolicy(
  values: NodeExporterOptions,
  common: CommonValues,
  namespace: string,
): INetworkPolicy {
  return networkPolicy({
    name: NODE_EXPORTER_NAME,
    namespace,
    labels: nodeExporterObjectLabels(values),
    podLabels: nodeExporterSelector(values),
    ingress: [{ from: [prometheusPeer(common.namespace, namespace)], ports: tcpPorts(values.port) }],
  });
}
