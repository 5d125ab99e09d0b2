import { type AdmittedClient, merge, options } from '@mixstack/core';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';

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
      {
        namespace: options.dnsLabel(),
        namespaceLabels: options.labels(),
        podLabels: options.labels(),
        cidr: cidr(),
        except: options.array(cidr()),
      },
      'a network source { namespace?, namespaceLabels?, podLabels? } or { cidr, except? }',
    ) as options.Schema<AdmittedClient>,
    admittedClientProblem,
    'for an ingress controller pass { namespace: "ingress-nginx" }; for addresses pass { cidr: "10.0.0.0/8" }',
  );

/** The Kubernetes label every namespace carries with its own name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** One client as a NetworkPolicy peer (a `PodClient` is an `AdmittedClient` too). */
export function networkPeer(source: AdmittedClient): INetworkPolicyPeer {
  if (source.cidr !== undefined) {
    return {
      ipBlock: { cidr: source.cidr, ...(source.except?.length ? { except: [...source.except] } : {}) },
    };
  }
  const namespaceLabels =
    source.namespace !== undefined ? { [NAMESPACE_NAME_LABEL]: source.namespace } : source.namespaceLabels;
  return {
    ...(namespaceLabels !== undefined ? { namespaceSelector: { matchLabels: { ...namespaceLabels } } } : {}),
    ...(source.podLabels !== undefined ? { podSelector: { matchLabels: { ...source.podLabels } } } : {}),
  };
}

/**
 * The configured clients as NetworkPolicy peers, in name order (the output must not depend on
 * the order parts added them); removed entries (`false`, or `null` left by a merge) are dropped.
 */
export function clientPeers(
  clients: Readonly<Record<string, AdmittedClient | false | null | undefined>>,
): INetworkPolicyPeer[] {
  return Object.keys(clients)
    .sort()
    .flatMap((name) => {
      const client = clients[name];
      return client ? [networkPeer(client)] : [];
    });
}

/** TCP ports of an ingress rule. */
export function tcpPorts(...ports: number[]): INetworkPolicyIngressRule['ports'] {
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
   * Egress is never restricted (scrapers reach every namespace, datasources live anywhere, and
   * DNS and the API server differ by cluster), in one of two ways. `'allowed'`: the policy
   * allows all egress (`egress: [{}]`), as kube-prometheus does, so a default-deny egress policy
   * of the namespace does not cut the component off. `'unmanaged'`: the policy is about ingress
   * only and leaves egress to the namespace's other policies.
   * @default 'allowed'
   */
  egress?: 'allowed' | 'unmanaged';
}

/** A NetworkPolicy that admits only the given clients on the given ports. */
export function networkPolicy(input: NetworkPolicyInput): INetworkPolicy {
  const egress = input.egress ?? 'allowed';
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      podSelector: { matchLabels: input.podLabels },
      ...(egress === 'allowed'
        ? { policyTypes: ['Egress', 'Ingress'], egress: [{}] }
        : { policyTypes: ['Ingress'] }),
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
