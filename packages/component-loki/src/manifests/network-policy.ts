import {
  admittedClients,
  clientIngress,
  type EgressRule,
  networkPeer,
  networkPolicy as policy,
  serviceEgress,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { GRPC_PORT, HTTP_PORT, MEMBERLIST_PORT } from '../config/loki-config.js';
import { type LokiContext, NAME } from './context.js';

/** The metadata server of GKE nodes, which hands out Workload Identity tokens. */
export const GKE_METADATA_EGRESS: readonly EgressRule[] = [
  {
    purpose: 'the node metadata server (Workload Identity tokens)',
    to: [{ cidr: '169.254.169.254/32' }],
    ports: tcpPorts(80),
  },
  {
    purpose: "GKE's metadata server (Workload Identity, port 988)",
    to: [{ cidr: '169.254.169.252/32' }],
    ports: tcpPorts(988),
  },
];

/** Where Loki's pods connect: the Alertmanager, their peers, the bucket; DNS is always added. */
function egress(c: LokiContext): EgressRule[] {
  const rules: EgressRule[] = [];
  if (c.alertmanager) rules.push(serviceEgress(c.alertmanager, 'the Alertmanager its ruler sends to'));
  if (c.settings.memberlist) {
    rules.push({
      purpose: 'its own replicas (gRPC, memberlist)',
      to: [{ namespace: c.namespace, podLabels: c.selector }],
      ports: tcpPorts(GRPC_PORT, MEMBERLIST_PORT),
    });
  }
  if (c.settings.store !== 'filesystem') {
    // A bucket's API has no address a policy could name: Cloud Storage and S3 answer on many.
    rules.push({
      purpose: `object storage (${c.settings.store.toUpperCase()}) at any address on 443`,
      ports: tcpPorts(443),
    });
    if (c.common.platform === 'gke') rules.push(...GKE_METADATA_EGRESS);
  }
  return rules;
}

/**
 * Ingress on the HTTP port from the clients the stack's network contract sends here (Grafana
 * for the `datasource` role, the scraper for `metrics`, the collector for `ingest`, and whoever
 * names Loki), each by namespace and labels, plus the entries of `networkPolicy.clients`; with
 * replicas, gRPC and memberlist between them. Without a client there is no rule at all: a rule
 * without `from` would admit everyone.
 */
export function networkPolicy(c: LokiContext): INetworkPolicy {
  const clients = admittedClients(c.clients, c.values.networkPolicy.clients);
  const ingress = clientIngress(clients, c.clientRoles, () => tcpPorts(HTTP_PORT), c.namespace);
  if (c.settings.memberlist) {
    ingress.push({
      from: [networkPeer({ namespace: c.namespace, podLabels: c.selector })],
      ports: tcpPorts(GRPC_PORT, MEMBERLIST_PORT),
    });
  }
  return policy({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    podLabels: c.selector,
    ingress,
    egress: { only: egress(c) },
  });
}
