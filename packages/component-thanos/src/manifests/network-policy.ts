import { clientPeers, networkPolicy as policy, tcpPorts } from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { HTTP_PORT, NAME, type ThanosContext } from './context.js';

/**
 * Ingress only from the clients the stack's network contract sends here: the scraper (this
 * component plays the `metrics` role), and whoever reaches it by name or role (Grafana for a
 * `datasource`, a platform's load balancer), each matched by namespace and labels. Without a
 * client there is no rule at all: a rule without `from` would admit everyone.
 *
 * Egress: the namespaces the stack owns deny by default, so list here what the component
 * connects to (`serviceEgress` for a Service of the stack, `apiServerEgress()` for a
 * controller); DNS is always allowed. This one connects to nothing. Where the destinations
 * cannot be known (a scraper, a notifier), write `{ open: 'why' }` instead.
 */
export function networkPolicy(c: ThanosContext): INetworkPolicy {
  const peers = clientPeers(c.clients, c.namespace);
  return policy({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    podLabels: c.selector,
    ingress: peers.length > 0 ? [{ from: peers, ports: tcpPorts(HTTP_PORT) }] : [],
    egress: { only: [] },
  });
}
