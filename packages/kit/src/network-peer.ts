import type { AdmittedClient } from '@mixstack/core';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';

/** The label the API server sets on every namespace, with its name: no pod can forge it. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * One client (or destination) as a NetworkPolicy peer. Pods are always matched by namespace
 * and labels: a peer with pod labels only would match any pod of the policy's namespace that
 * gives itself those labels, while a namespace's `kubernetes.io/metadata.name` label is set by
 * the API server alone. Pods given without a namespace are in `stackNamespace`.
 */
export function networkPeer(source: AdmittedClient, stackNamespace?: string): INetworkPolicyPeer {
  if (source.cidr !== undefined) {
    return {
      ipBlock: { cidr: source.cidr, ...(source.except?.length ? { except: [...source.except] } : {}) },
    };
  }
  const namespace = source.namespace ?? (source.namespaceLabels === undefined ? stackNamespace : undefined);
  const namespaceLabels =
    namespace !== undefined ? { [NAMESPACE_NAME_LABEL]: namespace } : source.namespaceLabels;
  return {
    ...(namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: { ...namespaceLabels } } } : {}),
    ...(source.podLabels !== undefined ? { podSelector: { matchLabels: { ...source.podLabels } } } : {}),
  };
}
