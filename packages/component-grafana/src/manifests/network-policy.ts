import { clientPeers, networkPolicy as policy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { NAME } from '../labels.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';

/**
 * Ingress to Grafana's port only from its known clients (`networkPolicy.clients`, in name
 * order): the stack's Prometheus (scraping `/metrics`) by default, plus an ingress controller
 * or load-balancer health checks when configured. Without any client the policy admits
 * nothing. `kubectl port-forward` enters the pod's own network namespace and is not affected.
 * Egress is left to the namespace's other policies: datasources may live anywhere.
 */
export function networkPolicy(context: GrafanaContext): INetworkPolicy {
  const peers = clientPeers(context.values.networkPolicy.clients);
  return policy({
    name: NAME,
    namespace: context.namespace,
    labels: context.labels,
    podLabels: context.selector,
    // An ingress rule without `from` admits everyone: with no client there is no rule at all.
    ingress: peers.length > 0 ? [{ from: peers, ports: tcpPorts(HTTP_PORT) }] : [],
    egress: 'unmanaged',
  });
}
