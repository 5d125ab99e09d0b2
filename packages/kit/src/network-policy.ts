import { type AdmittedClient, EGRESS_ANNOTATION, merge, options } from '@mixstack/core';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { type Egress, egressRules, type NetworkPort } from './egress.js';
import { networkPeer } from './network-peer.js';

/**
 * A NetworkPolicy per component that admits only its known clients. Clients are
 * a record by name, not a list, so that several parts can each add one and a later layer can
 * remove one (`false`) without knowing the others. A client is core's `AdmittedClient` (pods by
 * namespace and labels, or an address range); `PodClient` is the pods-only form a component's
 * options may take.
 */

/** Pods allowed to reach a component through its NetworkPolicy, besides the ones the stack knows. */
export interface PodClient {
  /** Labels of the client pods. */
  podLabels: Record<string, string>;
  /**
   * Labels of the namespace the client pods run in; when left out, the client pods are in the
   * stack's namespace. `{}` means every namespace.
   * @default undefined
   */
  namespaceLabels?: Record<string, string>;
}

const clientSchema = options.object(
  { podLabels: options.required(options.labels()), namespaceLabels: options.labels() },
  'a client such as { podLabels: { "app.kubernetes.io/name": "grafana" } } (with namespaceLabels for another namespace)',
);

/** Clients by name (a record so that several parts can each add one); `false` removes a default client. */
export const clientsSchema = options.record(
  options.either(options.oneOf([false] as const), clientSchema),
) as options.Schema<Record<string, PodClient | false>>;

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*\/(\d{1,3})$/;

function cidrProblem(value: string): string | undefined {
  const v4 = IPV4_CIDR.exec(value);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255) || Number(v4[5]) > 32)
      return 'an IPv4 block has octets up to 255 and a prefix up to 32';
    return undefined;
  }
  const v6 = IPV6_CIDR.exec(value);
  if (v6 && Number(v6[1]) <= 128 && (value.match(/::/g) ?? []).length <= 1) return undefined;
  return 'expected an IP block in CIDR notation such as "10.0.0.0/8" or "fd00::/8"';
}

const cidr = (): options.Schema<string> =>
  options.check(
    options.string({ minLength: 1, expected: 'an IP block in CIDR notation such as "10.0.0.0/8"' }),
    cidrProblem,
    'write the block as address/prefix, such as "130.211.0.0/22"',
  );

function admittedClientProblem(source: AdmittedClient): string | undefined {
  const selectors = [source.namespace, source.namespaceLabels, source.podLabels].filter(
    (s) => s !== undefined,
  );
  if (source.cidr !== undefined && selectors.length > 0)
    return 'a network source is either an IP block (cidr) or pods (namespace, namespaceLabels, podLabels), not both';
  if (source.cidr === undefined && source.except !== undefined) return '"except" needs a "cidr"';
  if (source.cidr === undefined && selectors.length === 0)
    return 'a network source needs a namespace, namespaceLabels, podLabels or a cidr';
  if (source.namespace !== undefined && source.namespaceLabels !== undefined)
    return 'give either "namespace" or "namespaceLabels", not both';
  return undefined;
}

/**
 * The options schema of an `AdmittedClient` (a client given in a component's options): either
 * pods, chosen by namespace and/or labels, or an address range, never both.
 * - `{ namespace: 'ingress-nginx' }`: every pod of that namespace (an ingress controller);
 * - `{ namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }`: only those pods;
 * - `{ namespaceLabels: { team: 'sre' } }`: every pod of the namespaces with these labels;
 * - `{ podLabels: { app: 'oauth2-proxy' } }`: pods with these labels in the stack's namespace;
 * - `{ cidr: '130.211.0.0/22' }`: addresses outside the cluster (load-balancer health checks).
 */
export const admittedClientSchema = (): options.Schema<AdmittedClient> =>
  options.check(
    options.object(
      networkSourceShape(),
      'a network source { namespace?, namespaceLabels?, podLabels? } or { cidr, except? }',
    ) as options.Schema<AdmittedClient>,
    admittedClientProblem,
    'for an ingress controller pass { namespace: "ingress-nginx" }; for addresses pass { cidr: "10.0.0.0/8" }',
  );

/** The fields of a network source (pods or addresses), shared by clients and egress destinations. */
export const networkSourceShape = (): {
  namespace: options.Schema<string>;
  namespaceLabels: options.Schema<Record<string, string>>;
  podLabels: options.Schema<Record<string, string>>;
  cidr: options.Schema<string>;
  except: options.Schema<string[]>;
} => ({
  namespace: options.dnsLabel(),
  namespaceLabels: options.labels(),
  podLabels: options.labels(),
  cidr: cidr(),
  except: options.array(cidr()),
});

/** Whether a network source names pods or addresses consistently (undefined: it does). */
export const networkSourceProblem = admittedClientProblem;

/**
 * The configured clients as NetworkPolicy peers, in name order (the output must not depend on
 * the order parts added them); removed entries (`false`, or `null` left by a merge) are dropped.
 * Client pods given without a namespace are in `stackNamespace`.
 */
export function clientPeers(
  clients: Readonly<Record<string, AdmittedClient | false | null | undefined>>,
  stackNamespace: string,
): INetworkPolicyPeer[] {
  return Object.keys(clients)
    .sort()
    .flatMap((name) => {
      const client = clients[name];
      return client ? [networkPeer(client, stackNamespace)] : [];
    });
}

/** TCP ports of an ingress rule. */
export function tcpPorts(...ports: number[]): NetworkPort[] {
  return ports.map((port) => ({ port, protocol: 'TCP' }));
}

export interface NetworkPolicyInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the pods the policy guards. */
  podLabels: Record<string, string>;
  /**
   * Who may connect, on which ports. An empty list admits nobody; never pass a rule without
   * `from`, which admits everyone.
   */
  ingress: INetworkPolicyIngressRule[];
  /**
   * Where the pods may connect: only to DNS and the given destinations (`{ only: [...] }`), or
   * anywhere (`{ open: 'why' }`) where the destinations cannot be known when the stack is
   * rendered (a scraper's targets in every namespace, receivers on the internet). Either way
   * the policy says so in its `mixstack.dev/egress` annotation.
   */
  egress: Egress;
}

/**
 * A NetworkPolicy that admits only the given clients on the given ports, and lets the pods
 * reach only what `egress` says, which its `mixstack.dev/egress` annotation puts in words.
 */
export function networkPolicy(input: NetworkPolicyInput): INetworkPolicy {
  const egress = egressRules(input.egress, input.namespace);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: input.labels,
      annotations: { [EGRESS_ANNOTATION]: egress.description },
    },
    spec: {
      podSelector: { matchLabels: input.podLabels },
      policyTypes: ['Egress', 'Ingress'],
      egress: egress.rules,
      ingress: input.ingress,
    },
  };
}

/**
 * The clients a component's NetworkPolicy admits: the network clients that reach it through
 * the stack's contract (`ctx.contracts.networkClients`: the scraper, Grafana, a platform's
 * load balancer), with the entries of its own options merged over them by name. An entry adds
 * a client, refines one (more pod labels narrow it), or removes it (`false`).
 */
export function admittedClients(
  reaching: Readonly<Record<string, AdmittedClient>>,
  own: Readonly<Record<string, AdmittedClient | false>>,
): Record<string, AdmittedClient | false> {
  const clients: Record<string, AdmittedClient | false> = { ...reaching };
  for (const [name, client] of Object.entries(own)) {
    const base = clients[name];
    clients[name] = client && base ? merge(base, client) : client;
  }
  return clients;
}

/**
 * Ingress rules for a component's clients, each admitted on the ports of the way it comes:
 * `portsFor` gets the roles it reaches the component through (`metrics`, `datasource`,
 * `direct`; none for a client of the component's own options). Clients with the same ports
 * share one rule; rules and peers are in client-name order.
 */
export function clientIngress(
  clients: Readonly<Record<string, AdmittedClient | false | null | undefined>>,
  roles: Readonly<Record<string, readonly string[]>>,
  portsFor: (through: readonly string[]) => NetworkPort[],
  stackNamespace: string,
): INetworkPolicyIngressRule[] {
  const rules = new Map<string, { from: INetworkPolicyPeer[]; ports: NetworkPort[] }>();
  for (const name of Object.keys(clients).sort()) {
    const client = clients[name];
    if (!client) continue;
    const ports = portsFor(roles[name] ?? []);
    const key = JSON.stringify(ports);
    const rule = rules.get(key) ?? { from: [], ports };
    rule.from.push(networkPeer(client, stackNamespace));
    rules.set(key, rule);
  }
  return [...rules.values()];
}
