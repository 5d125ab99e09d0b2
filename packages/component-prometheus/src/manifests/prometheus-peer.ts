import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';

/**
 * The peer that selects this package's Prometheus pods, which scrape every part of it (other
 * components admit Prometheus as the network client of the `metrics` role), from
 * a NetworkPolicy in `policyNamespace`: a namespace selector only when that is not the stack's.
 */
export function prometheusPeer(stackNamespace: string, policyNamespace: string): INetworkPolicyPeer {
  return {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    ...(policyNamespace !== stackNamespace
      ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': stackNamespace } } }
      : {}),
  };
}
