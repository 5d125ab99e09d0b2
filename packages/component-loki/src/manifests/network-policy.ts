import {
  admittedClients,
  clientIngress,
  type EgressRule,
  networkPeer,
  objectStorageEgress,
  networkPolicy as policy,
  serviceEgress,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { GRPC_PORT, HTTP_PORT, MEMBERLIST_PORT } from '../config/loki-config.js';
import { type LokiContext, NAME } from './context.js';

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
  rules.push(...objectStorageEgress(c.settings.store, c.common.platform));
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
