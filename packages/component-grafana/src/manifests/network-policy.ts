import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { NetworkSource } from '../config.js';
import { NAME } from '../labels.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';

/** The Kubernetes label every namespace carries with its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function networkPeer(source: NetworkSource): INetworkPolicyPeer {
  if (source.cidr !== undefined) {
    return { ipBlock: { cidr: source.cidr, ...(source.except?.length ? { except: [...source.except] } : {}) } };
  }
  const namespaceLabels =
    source.namespace !== undefined ? { [NAMESPACE_NAME_LABEL]: source.namespace } : source.namespaceLabels;
  return {
    ...(namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: { ...namespaceLabels } } } : {}),
    ...(source.podLabels !== undefined ? { podSelector: { matchLabels: { ...source.podLabels } } } : {}),
  };
}

/**
 * Ingress to Grafana's port only from its known clients: the Prometheus pods of the stack
 * (scraping `/metrics`) and the sources of `networkPolicy.allowFrom` (an ingress controller,
 * load-balancer health checks), in name order. `kubectl port-forward` enters the pod's own
 * network namespace and is not affected. Egress stays open: datasources may live anywhere.
 */
export function networkPolicy(context: GrafanaContext): INetworkPolicy {
  const { prometheusPodLabels, allowFrom } = context.values.networkPolicy;
  const sources = Object.keys(allowFrom)
    .sort()
    .map((name) => networkPeer(allowFrom[name]!));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: NAME, namespace: context.namespace, labels: context.labels },
    spec: {
      podSelector: { matchLabels: context.selector },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { ...prometheusPodLabels } } }, ...sources],
          ports: [{ port: HTTP_PORT, protocol: 'TCP' }],
        },
      ],
    },
  };
}
