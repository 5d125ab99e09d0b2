import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { NetworkSource } from '../config.js';
import { NAME } from '../labels.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';

/** The Kubernetes label every namespace carries with its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function networkPeer(source: NetworkSource): INetworkPolicyPeer {
  if (source.cidr !== undefined) {
    return {
      ipBlock: { cidr: source.cidr, ...(source.except?.length ? { except: [...source.except] } : {}) },
    };
  }
  const namespaceLabels =
    source.namespace !== undefined ? { [NAMESPACE_NAME_LABEL]: source.namespace } : source.namespaceLabels;
  return {
    ...(namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: { ...namespaceLabels } } } : {}),
    ...(source.podLabels !== undefined ? { podSelector: { matchLabels: { ...source.podLabels } } } : {}),
  };
}

/**
 * Ingress to Grafana's port only from its known clients (`networkPolicy.clients`, in name
 * order): the stack's Prometheus (scraping `/metrics`) by default, plus an ingress controller
 * or load-balancer health checks when configured. Without any client the policy admits
 * nothing. `kubectl port-forward` enters the pod's own network namespace and is not affected.
 * Egress stays open: datasources may live anywhere.
 */
export function networkPolicy(context: GrafanaContext): INetworkPolicy {
  const { clients } = context.values.networkPolicy;
  const peers = Object.keys(clients)
    .sort()
    .flatMap((name) => {
      const client = clients[name];
      return client ? [networkPeer(client)] : [];
    });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: NAME, namespace: context.namespace, labels: context.labels },
    spec: {
      podSelector: { matchLabels: context.selector },
      policyTypes: ['Ingress'],
      // An ingress rule without `from` admits everyone: with no client there is no rule at all.
      ingress: peers.length > 0 ? [{ from: peers, ports: [{ port: HTTP_PORT, protocol: 'TCP' }] }] : [],
    },
  };
}
