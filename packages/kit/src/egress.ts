import { type AdmittedClient, options, type ServiceContract } from '@mixstack/core';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import { networkPeer } from './network-peer.js';
import { networkSourceProblem, networkSourceShape } from './network-policy.js';

/**
 * Egress of a component's NetworkPolicy. The namespaces the stack owns deny everything by
 * default (core's default-deny policy), so each component's policy says where its pods may
 * connect: only to known destinations, or anywhere with the reason written down.
 */

/** A port of a NetworkPolicy rule. */
export interface NetworkPort {
  port: number;
  protocol: 'TCP' | 'UDP';
}

/** One place a component's pods connect to. */
export interface EgressRule {
  /** What it is, in words, for the policy's `mixstack.dev/egress` annotation ("DNS"). */
  purpose: string;
  /**
   * The destination: pods (namespace and labels) or an address range. Left out: any address,
   * where only the port is stable (the API server's address differs per cluster).
   * @default undefined
   */
  to?: readonly AdmittedClient[];
  /** The destination ports. Left out: every port (a namespace whose ports are unknown). @default undefined */
  ports?: readonly NetworkPort[];
}

/**
 * Where a component's pods may connect.
 * - `{ only: rules }`: DNS and these destinations, nothing else.
 * - `{ open: reason }`: anywhere, for pods whose destinations cannot be known when the stack
 *   is rendered (a scraper's targets in every namespace, receivers on the internet); the
 *   reason goes in the policy's annotation, so that a reviewer sees why.
 */
export type Egress = { only: readonly EgressRule[] } | { open: string };

/**
 * DNS, which every pod needs to find anything: port 53 over UDP and TCP, to any address. The
 * resolver's address is not known when the stack is rendered: CoreDNS or kube-dns pods, a
 * NodeLocal DNSCache on a link-local address of the node (GKE Autopilot runs one), or the
 * kube-dns Service address that the node answers itself without forwarding it to a pod. A
 * rule naming the kube-dns pods would break name resolution in the last two cases.
 */
export function dnsEgress(): EgressRule {
  return {
    purpose: 'DNS (port 53 at any address: the resolver may be the cluster DNS pods or a cache on the node)',
    ports: [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ],
  };
}

/**
 * The Kubernetes API server, for controllers and for kube-rbac-proxy's token reviews: ports
 * 443 and 6443 at any address. It is not a pod of the cluster on most platforms, and its
 * address differs per cluster (managed control planes, private endpoints).
 */
export function apiServerEgress(): EgressRule {
  return {
    purpose: 'the Kubernetes API server (ports 443 and 6443 at any address: its address differs per cluster)',
    ports: [
      { port: 443, protocol: 'TCP' },
      { port: 6443, protocol: 'TCP' },
    ],
  };
}

/** The metadata server of GKE nodes, which hands out Workload Identity tokens (both of its addresses). */
const GKE_METADATA_EGRESS: readonly EgressRule[] = [
  {
    purpose: 'the node metadata server (Workload Identity tokens)',
    to: [{ cidr: '169.254.169.254/32' }],
    ports: [{ port: 80, protocol: 'TCP' }],
  },
  {
    purpose: "GKE's metadata server (Workload Identity, port 988)",
    to: [{ cidr: '169.254.169.252/32' }],
    ports: [{ port: 988, protocol: 'TCP' }],
  },
];

/**
 * The EKS Pod Identity agent, a DaemonSet on the node's link-local address, which hands out the
 * pods' AWS credentials. IRSA needs none of it (its tokens go to STS on 443), and a policy that
 * allows it where IRSA is used opens nothing else: the address is the node's own agent.
 */
const EKS_POD_IDENTITY_EGRESS: readonly EgressRule[] = [
  {
    purpose: 'the EKS Pod Identity agent (credentials for the bucket)',
    to: [{ cidr: '169.254.170.23/32' }],
    ports: [{ port: 80, protocol: 'TCP' }],
  },
];

/**
 * Egress to a bucket's API: 443 at any address, since Cloud Storage and S3 answer on many
 * addresses no policy could name; on GKE also the metadata server, where Workload Identity
 * gets the pods' tokens, and on EKS the Pod Identity agent. Nothing for a store on the pod's
 * own volume.
 */
export function objectStorageEgress(store: string, platform: string | undefined): EgressRule[] {
  if (store === 'filesystem' || store === 'local') return [];
  return [
    {
      purpose: `object storage (${store.toUpperCase()}) at any address on 443`,
      ports: [{ port: 443, protocol: 'TCP' }],
    },
    ...(platform === 'gke' ? GKE_METADATA_EGRESS : []),
    ...(platform === 'eks' ? EKS_POD_IDENTITY_EGRESS : []),
  ];
}

/**
 * The pods behind a Service of the stack, on the port the Service forwards to: a NetworkPolicy
 * sees the pod a connection reaches, never the Service address.
 */
export function serviceEgress(service: ServiceContract, purpose: string): EgressRule {
  return {
    purpose,
    to: [{ namespace: service.namespace, podLabels: { ...service.podLabels } }],
    ports: [{ port: service.podPort ?? service.port, protocol: 'TCP' }],
  };
}

/** The rules and the annotation of an `Egress`, DNS first among the `only` rules. */
export function egressRules(
  egress: Egress,
  stackNamespace: string,
): { rules: INetworkPolicyEgressRule[]; description: string } {
  if ('open' in egress) return { rules: [{}], description: `open: ${egress.open}` };
  const rules = [dnsEgress(), ...egress.only];
  // Two purposes that need the same rule (two datasources in one namespace) share it.
  const unique = new Map<string, INetworkPolicyEgressRule>();
  // An empty `to` would mean every destination: a rule with nowhere to go is left out instead.
  for (const rule of rules.filter((r) => r.to === undefined || r.to.length > 0)) {
    const rendered: INetworkPolicyEgressRule = {
      ...(rule.to !== undefined ? { to: rule.to.map((peer) => networkPeer(peer, stackNamespace)) } : {}),
      ...(rule.ports !== undefined ? { ports: rule.ports.map((port) => ({ ...port })) } : {}),
    };
    unique.set(JSON.stringify(rendered), rendered);
  }
  return {
    rules: [...unique.values()],
    description: `only: ${rules.map((rule) => rule.purpose).join('; ')}`,
  };
}

/**
 * A destination a user allows in a component's options (an identity provider, an SMTP relay):
 * pods, chosen by namespace and/or labels, or an address range, and the TCP ports.
 * - `{ cidr: '0.0.0.0/0', ports: [443] }`: any address on 443 (a service on the internet);
 * - `{ namespace: 'mail', ports: [587] }`: the pods of a namespace on one port.
 */
export interface EgressDestination extends AdmittedClient {
  /** TCP ports; left out: every port. @default undefined */
  ports?: number[];
}

function destinationProblem(destination: EgressDestination): string | undefined {
  const { ports: _ports, ...where } = destination;
  return networkSourceProblem(where);
}

/** An entry that `false` or `null` removes (what another layer of values added). */
function removable<T>(schema: options.Schema<T>): options.Schema<T | false> {
  return {
    expected: `${schema.expected}, or false to leave it out`,
    parse: (value, at) => (value === false || value === null ? false : schema.parse(value, at)),
  };
}

/** The options schema of named egress destinations; `false` (or `null`) removes one another layer added. */
export const egressDestinationsSchema = (): options.Schema<Record<string, EgressDestination | false>> =>
  options.record(
    removable(
      options.check(
        options.object(
          { ...networkSourceShape(), ports: options.array(options.integer({ min: 1, max: 65535 })) },
          'a destination { namespace?, namespaceLabels?, podLabels?, ports? } or { cidr, except?, ports? }',
        ) as options.Schema<EgressDestination>,
        destinationProblem,
        'for a service on the internet pass { cidr: "0.0.0.0/0", ports: [443] }; for pods { namespace: "mail", ports: [587] }',
      ),
    ),
    options.string({
      pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
      expected: 'a name such as "identity-provider"',
    }),
  ) as options.Schema<Record<string, EgressDestination | false>>;

/** Named destinations of the options as egress rules, in name order; removed ones left out. */
export function destinationRules(
  destinations: Readonly<Record<string, EgressDestination | false | null | undefined>>,
): EgressRule[] {
  return Object.keys(destinations)
    .sort()
    .flatMap((name) => {
      const destination = destinations[name];
      if (!destination) return [];
      const { ports, ...where } = destination;
      return [
        {
          purpose: `${name} (networkPolicy.egress)`,
          to: [where],
          ...(ports !== undefined
            ? { ports: ports.map((port) => ({ port, protocol: 'TCP' as const })) }
            : {}),
        },
      ];
    });
}
