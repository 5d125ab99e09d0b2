import {
  clientIngress,
  type EgressRule,
  networkPeer,
  objectStorageEgress,
  networkPolicy as policy,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import {
  GRPC_PORT,
  HTTP_PORT,
  type PartContext,
  partEnabled,
  type ThanosContext,
  type ThanosWorkload,
} from './context.js';

/**
 * The ports of each part for a client, by the way it comes: the scraper (`metrics`) scrapes
 * every part's HTTP port; Grafana (`datasource`) queries Query and Query Frontend over HTTP; a
 * client that names Thanos (`direct`) or one of `networkPolicy.clients` (no role) may also read
 * Query's Store API (another cluster's Query). The Store Gateway and the Compactor serve no one
 * else.
 */
function portsFor(part: ThanosWorkload, through: readonly string[]): number[] {
  const ports = new Set<number>();
  const direct = through.length === 0 || through.includes('direct');
  const queryable = part === 'query' || part === 'queryFrontend';
  if (through.includes('metrics')) ports.add(HTTP_PORT);
  if (queryable && (direct || through.includes('datasource'))) ports.add(HTTP_PORT);
  if (part === 'query' && direct) ports.add(GRPC_PORT);
  return [...ports].sort((a, b) => a - b);
}

/** Ingress from a Thanos part's own pods, when that part runs. */
function peerIngress(c: ThanosContext, from: ThanosWorkload, port: number): INetworkPolicyIngressRule[] {
  if (!partEnabled(c.values, from)) return [];
  return [
    {
      from: [networkPeer({ namespace: c.namespace, podLabels: c.parts[from].selector }, c.namespace)],
      ports: tcpPorts(port),
    },
  ];
}

/** Egress to a Thanos part's pods, when that part runs. */
function peerEgress(c: ThanosContext, to: ThanosWorkload, port: number, purpose: string): EgressRule[] {
  if (!partEnabled(c.values, to)) return [];
  return [
    { purpose, to: [{ namespace: c.namespace, podLabels: c.parts[to].selector }], ports: tcpPorts(port) },
  ];
}

/**
 * The port of an endpoint of `query.endpoints`: its own (`host:port`, `dns+host:port`), or
 * Thanos' gRPC port for a DNS SRV lookup, whose port only the record knows.
 */
export function endpointPort(endpoint: string): number {
  const port = /:(\d+)$/.exec(endpoint)?.[1];
  return port ? Number(port) : GRPC_PORT;
}

/** Where each part connects; DNS is always added. */
function egressOf(c: ThanosContext, part: ThanosWorkload): EgressRule[] {
  switch (part) {
    case 'query': {
      const extra = [...new Set(c.values.query.endpoints.map(endpointPort))].sort((a, b) => a - b);
      return [
        ...(c.sidecarPods
          ? [
              {
                purpose: "the sidecars' Store API (the stack's Prometheus pods)",
                to: [{ namespace: c.sidecarPods.namespace, podLabels: { ...c.sidecarPods.podLabels } }],
                ports: tcpPorts(GRPC_PORT),
              },
            ]
          : []),
        ...peerEgress(c, 'store', GRPC_PORT, "the Store Gateway's Store API"),
        ...(extra.length > 0
          ? [
              {
                purpose: `the Store API endpoints of query.endpoints at any address (${c.values.query.endpoints.join(', ')})`,
                ports: tcpPorts(...extra),
              },
            ]
          : []),
      ];
    }
    case 'queryFrontend':
      return peerEgress(c, 'query', HTTP_PORT, "Query's HTTP API (the downstream)");
    case 'store':
    case 'compact':
      return objectStorageEgress(c.settings.store, c.common.platform);
  }
}

/** Ingress from the other parts: Query Frontend reaches Query's HTTP API, Query the Store Gateway's Store API. */
function peersOf(c: ThanosContext, part: ThanosWorkload): INetworkPolicyIngressRule[] {
  if (part === 'query') return peerIngress(c, 'queryFrontend', HTTP_PORT);
  if (part === 'store') return peerIngress(c, 'query', GRPC_PORT);
  return [];
}

/**
 * A part's NetworkPolicy: ingress from the clients the stack's network contract sends to
 * Thanos, each on the ports of its role at this part, and from the other parts that use it;
 * egress to what the part connects to. Without a client there is no rule at all: a rule
 * without `from` would admit everyone.
 */
export function partNetworkPolicy(c: ThanosContext, id: ThanosWorkload): INetworkPolicy {
  const part: PartContext = c.parts[id];
  const clients = clientIngress(
    c.clients,
    c.clientRoles,
    (through) => tcpPorts(...portsFor(id, through)),
    c.namespace,
  ).filter((rule) => (rule.ports ?? []).length > 0);
  return policy({
    name: part.name,
    namespace: c.namespace,
    labels: part.labels,
    podLabels: part.selector,
    ingress: [...clients, ...peersOf(c, id)],
    egress: { only: egressOf(c, id) },
  });
}
