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
import { HTTP_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../config/tempo-config.js';
import { NAME, type TempoContext } from './context.js';

/** Where Tempo's pod connects: the metrics store its generator writes to, the bucket; DNS is always added. */
function egress(c: TempoContext): EgressRule[] {
  const rules: EgressRule[] = [];
  if (c.remoteWrite)
    rules.push(serviceEgress(c.remoteWrite, 'the metrics store its generator writes span metrics to'));
  rules.push(...objectStorageEgress(c.settings.store, c.common.platform));
  return rules;
}

/**
 * The ports of the way a client comes: the collector (`ingest`) sends OTLP; Grafana
 * (`datasource`) and the scraper (`metrics`) use HTTP; a client that names Tempo itself
 * (`direct`, or its own options) gets both.
 */
function portsFor(through: readonly string[]): number[] {
  const ports = new Set<number>();
  const direct = through.length === 0 || through.includes('direct');
  if (direct || through.includes('datasource') || through.includes('metrics')) ports.add(HTTP_PORT);
  if (direct || through.includes('ingest')) {
    ports.add(OTLP_GRPC_PORT);
    ports.add(OTLP_HTTP_PORT);
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Ingress from the clients the stack's network contract sends here, each on the ports of its
 * role, plus the entries of `networkPolicy.clients`; with `otlpFromEveryNamespace`, OTLP from
 * every pod. Without a client there is no rule at all: a rule without `from` would admit everyone.
 */
export function networkPolicy(c: TempoContext): INetworkPolicy {
  const clients = admittedClients(c.clients, c.values.networkPolicy.clients);
  const ingress = clientIngress(
    clients,
    c.clientRoles,
    (through) => tcpPorts(...portsFor(through)),
    c.namespace,
  );
  if (c.values.networkPolicy.otlpFromEveryNamespace) {
    ingress.push({
      from: [networkPeer({ namespaceLabels: {} })],
      ports: tcpPorts(OTLP_GRPC_PORT, OTLP_HTTP_PORT),
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
