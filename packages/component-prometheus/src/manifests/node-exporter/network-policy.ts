import { apiServerEgress, clientIngress, networkPolicy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import type { ComponentClients } from '../network.js';
import { NODE_EXPORTER_NAME, nodeExporterObjectLabels, nodeExporterSelector } from './labels.js';

/**
 * Its clients (the stack's scraper, from the stack's namespace) on the metrics port; out only
 * to DNS and the API server (kube-rbac-proxy's token reviews). Most network plugins do not
 * apply NetworkPolicies to host-network pods, so kube-rbac-proxy is what really guards the
 * port; the policy still documents the one client and holds where the plugin enforces it.
 */
export function nodeExporterNetworkPolicy(
  values: NodeExporterOptions,
  namespace: string,
  network: ComponentClients,
): INetworkPolicy {
  return networkPolicy({
    name: NODE_EXPORTER_NAME,
    namespace,
    labels: nodeExporterObjectLabels(values),
    podLabels: nodeExporterSelector(values),
    ingress: clientIngress(
      network.clients,
      network.roles,
      () => tcpPorts(values.port),
      network.stackNamespace,
    ),
    egress: { only: [apiServerEgress()] },
  });
}
