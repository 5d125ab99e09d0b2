import {
  admittedClients,
  clientIngress,
  networkPeer,
  objectStorageEgress,
  networkPolicy as policy,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { GRPC_PORT, HTTP_PORT } from '../config/pyroscope-config.js';
import { NAME, type PyroscopeContext } from './context.js';

/**
 * The ports of the way a client comes: Grafana (`datasource`), the scraper (`metrics`) and the
 * collector pushing profiles (`ingest`) all use HTTP; a client that names Pyroscope itself
 * (`direct`, or its own options) gets gRPC too.
 */
function portsFor(through: readonly string[]): number[] {
  const direct = through.length === 0 || through.includes('direct');
  return direct ? [HTTP_PORT, GRPC_PORT] : [HTTP_PORT];
}

/**
 * Ingress from the clients the stack's network contract sends here, each on the ports of its
 * role, plus the entries of `networkPolicy.clients`; with `pushFromEveryNamespace`, HTTP from
 * every pod. Without a client there is no rule at all: a rule without `from` would admit
 * everyone. Egress: DNS, and the bucket when it stores in one. The metastore's Raft and the
 * gossip are on loopback, and the pod's calls to its own address never leave it, so no rule
 * is needed for them.
 */
export function networkPolicy(c: PyroscopeContext): INetworkPolicy {
  const clients = admittedClients(c.clients, c.values.networkPolicy.clients);
  const ingress = clientIngress(
    clients,
    c.clientRoles,
    (through) => tcpPorts(...portsFor(through)),
    c.namespace,
  );
  if (c.values.networkPolicy.pushFromEveryNamespace) {
    ingress.push({ from: [networkPeer({ namespaceLabels: {} })], ports: tcpPorts(HTTP_PORT) });
  }
  return policy({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    podLabels: c.selector,
    ingress,
    egress: { only: objectStorageEgress(c.settings.store, c.common.platform) },
  });
}
