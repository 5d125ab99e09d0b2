/**
 * A NetworkPolicy evaluator for tests: given rendered Kubernetes objects, may traffic go from
 * endpoint A to endpoint B on port P? There is no cluster and no CNI where the tests run, so this
 * is how they check what the rendered NetworkPolicies admit. It follows the Kubernetes semantics
 * (kubernetes.io/docs/concepts/services-networking/network-policies/):
 *
 * - a connection is allowed iff egress is allowed at its source AND ingress at its destination;
 * - a pod is isolated on a side when a policy of ITS namespace selects it with that side in its
 *   `policyTypes` (defaulted as the API server does: `Ingress`, plus `Egress` when the policy has
 *   egress rules); a side that is not isolated allows everything;
 * - an isolated side allows what at least one rule of one selecting policy admits (policies add
 *   up; there are no deny rules); a rule admits when one of its peers AND one of its ports match,
 *   a missing or empty peer or port list matching all;
 * - peers: `podSelector` alone selects pods of the policy's namespace, `namespaceSelector` alone
 *   every pod of the matching namespaces, both in one peer the pods matching both; `ipBlock`
 *   matches addresses (IPv4 and IPv6) in `cidr` and outside every `except`.
 *
 * Choices where Kubernetes leaves it to the network plugin:
 * - `ipBlock` never matches a pod: pod IPs are cluster-internal and ephemeral, and plugins differ on
 *   whether they compare them to ipBlocks; pods are reached by selectors here;
 * - host-network pods are evaluated like any pod, but the verdict says `hostNetwork: true`: most
 *   plugins do not apply policies to them, and their traffic leaves with the node's address;
 * - the two exceptions of the documentation: traffic between a pod and the node it runs on is
 *   always allowed (an `address` endpoint with `ownNode: true`, such as kubelet probes); a pod can
 *   not block itself, but a pod endpoint here stands for every replica of its workload, so a
 *   connection between two endpoints of one workload is replica to replica and policies decide it.
 *
 * A policy the API server would reject (a peer with both `ipBlock` and a selector, an unknown
 * operator or protocol, `endPort` on a named port) throws when the model is built.
 */

/** A container port of a pod, as in `spec.containers[].ports`. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  /** @default 'TCP' */
  protocol?: string;
}

/** Pods of a workload (every replica alike): the labels and ports policies look at. */
export interface PodEndpoint {
  kind: 'pod';
  namespace: string;
  labels: Record<string, string>;
  /** The workload's metadata.name. */
  name?: string;
  /** The workload's kind (`Deployment`, `Prometheus`, …). */
  workload?: string;
  hostNetwork?: boolean;
  containerPorts?: ContainerPort[];
}

/** An address outside the pod network: the internet, a node, the API server, a load balancer. */
export interface AddressEndpoint {
  kind: 'address';
  ip: string;
  /** The node the pod at the other end runs on: Kubernetes always allows that traffic. */
  ownNode?: boolean;
}

/** A place traffic comes from or goes to. */
export type Endpoint = PodEndpoint | AddressEndpoint;

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  /** @default 'TCP' */
  protocol?: Protocol;
}

/** One side of a connection: egress at its source, ingress at its destination. */
export interface PolicySide {
  allowed: boolean;
  /** The policies (namespace/name) that select the pod on this side; empty: not isolated. */
  selectedBy: string[];
  /** The selecting policies with a rule that admits the connection. */
  admittedBy: string[];
  /**
   * `not-a-pod`: an address, which no policy governs; `not-isolated`: no policy selects the pod;
   * `own-node`: the pod's own node, always allowed; `admitted` / `not-admitted`: isolated, and
   * some rule admits the connection or none does.
   */
  reason: 'not-a-pod' | 'not-isolated' | 'own-node' | 'admitted' | 'not-admitted';
}

export interface Verdict {
  allowed: boolean;
  egress: PolicySide;
  ingress: PolicySide;
  /** An end is a host-network pod: Kubernetes leaves the policies' effect on it undefined. */
  hostNetwork: boolean;
  /** The verdict in words, for assertion messages. */
  explanation: string;
}

/** A label selector (`matchLabels` and `matchExpressions`); `{}` selects everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

/** A peer of a rule: selectors (AND when both are given) or an address block. */
export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface PolicyPort {
  protocol: Protocol;
  /** Missing: every port of the protocol; a string: a named container port of the destination. */
  port?: number | string;
  endPort?: number;
}

/** A rule; an empty list of peers or ports matches all. */
export interface PolicyRule {
  peers: PolicyPeer[];
  ports: PolicyPort[];
}

/** A NetworkPolicy as the evaluator reads it, `policyTypes` defaulted. */
export interface Policy {
  /** namespace/name */
  id: string;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  policyTypes: ('Ingress' | 'Egress')[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

/** The cluster as the evaluator sees it: policies, namespace labels, pods. */
export interface NetworkModel {
  policies: Policy[];
  /** Labels by namespace name, `kubernetes.io/metadata.name` included. */
  namespaces: Record<string, Record<string, string>>;
  pods: PodEndpoint[];
}

const NAME_LABEL = 'kubernetes.io/metadata.name';
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objectAt = (value: unknown): Obj => (isObject(value) ? value : {});
const listAt = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, v] of Object.entries(objectAt(value))) record[key] = String(v);
  return record;
}

// ---------------------------------------------------------------------------------------------
// Label selectors

function readSelector(value: unknown, where: string): LabelSelector {
  if (value === undefined || value === null) return {};
  if (!isObject(value))
    throw new Error(`${where}: a label selector is an object, got ${JSON.stringify(value)}`);
  const selector: LabelSelector = {};
  if (value.matchLabels !== undefined) selector.matchLabels = stringRecord(value.matchLabels);
  if (value.matchExpressions !== undefined) {
    selector.matchExpressions = listAt(value.matchExpressions).map((raw, i) => {
      const e = objectAt(raw);
      const operator = e.operator;
      const values = e.values === undefined ? undefined : listAt(e.values).map(String);
      const at = `${where}.matchExpressions[${i}]`;
      if (typeof e.key !== 'string' || e.key === '') throw new Error(`${at}: needs a key`);
      if (operator === 'In' || operator === 'NotIn') {
        if (!values?.length) throw new Error(`${at}: operator ${operator} needs values`);
      } else if (operator === 'Exists' || operator === 'DoesNotExist') {
        if (values?.length) throw new Error(`${at}: operator ${operator} takes no values`);
      } else {
        throw new Error(
          `${at}: unknown operator ${JSON.stringify(operator)} (In, NotIn, Exists, DoesNotExist)`,
        );
      }
      return { key: e.key, operator, ...(values ? { values } : {}) };
    });
  }
  return selector;
}

/** Does the selector select these labels? `matchLabels` and every expression must hold. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// IP addresses

interface Ip {
  bits: 32 | 128;
  value: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    const last = parts[parts.length - 1]!;
    if (last.includes('.')) {
      const v4 = parseIpv4(last);
      if (v4 === undefined) return undefined;
      parts.splice(-1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p)) ? parts : undefined;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

function parseIp(text: string): Ip | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

function parseCidr(text: string, where: string): { ip: Ip; prefix: number } {
  const [address = '', prefixText, ...rest] = text.split('/');
  const ip = parseIp(address);
  const prefix = Number(prefixText);
  if (!ip || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > ip.bits)
    throw new Error(
      `${where}: ${JSON.stringify(text)} is not a CIDR block such as "10.0.0.0/8" or "fd00::/8"`,
    );
  return { ip, prefix };
}

function inCidr(ip: Ip, cidr: { ip: Ip; prefix: number }): boolean {
  if (ip.bits !== cidr.ip.bits) return false;
  const shift = BigInt(ip.bits - cidr.prefix);
  return ip.value >> shift === cidr.ip.value >> shift;
}

// ---------------------------------------------------------------------------------------------
// Policies

function readPeer(value: unknown, where: string): PolicyPeer {
  const raw = objectAt(value);
  const peer: PolicyPeer = {};
  if (raw.podSelector !== undefined && raw.podSelector !== null)
    peer.podSelector = readSelector(raw.podSelector, `${where}.podSelector`);
  if (raw.namespaceSelector !== undefined && raw.namespaceSelector !== null)
    peer.namespaceSelector = readSelector(raw.namespaceSelector, `${where}.namespaceSelector`);
  if (raw.ipBlock !== undefined && raw.ipBlock !== null) {
    const block = objectAt(raw.ipBlock);
    if (typeof block.cidr !== 'string') throw new Error(`${where}.ipBlock: needs a cidr`);
    parseCidr(block.cidr, `${where}.ipBlock.cidr`);
    const except = listAt(block.except).map(String);
    except.forEach((e, i) => {
      parseCidr(e, `${where}.ipBlock.except[${i}]`);
    });
    peer.ipBlock = { cidr: block.cidr, ...(block.except !== undefined ? { except } : {}) };
    if (peer.podSelector || peer.namespaceSelector)
      throw new Error(`${where}: a peer is either an ipBlock or selectors, not both`);
  }
  if (!peer.ipBlock && !peer.podSelector && !peer.namespaceSelector)
    throw new Error(`${where}: a peer needs a podSelector, a namespaceSelector or an ipBlock`);
  return peer;
}

function readPort(value: unknown, where: string): PolicyPort {
  const raw = objectAt(value);
  const protocol = raw.protocol ?? 'TCP';
  if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol))
    throw new Error(`${where}.protocol: ${JSON.stringify(protocol)} is not TCP, UDP or SCTP`);
  const port: PolicyPort = { protocol: protocol as Protocol };
  if (raw.port !== undefined && raw.port !== null) {
    if (typeof raw.port === 'number') {
      if (!Number.isInteger(raw.port) || raw.port < 1 || raw.port > 65535)
        throw new Error(`${where}.port: ${raw.port} is not a port number (1-65535)`);
    } else if (
      typeof raw.port !== 'string' ||
      !/^[a-z0-9-]{1,15}$/.test(raw.port) ||
      !/[a-z]/.test(raw.port)
    ) {
      throw new Error(`${where}.port: ${JSON.stringify(raw.port)} is neither a number nor a port name`);
    }
    port.port = raw.port;
  }
  if (raw.endPort !== undefined && raw.endPort !== null) {
    if (typeof port.port !== 'number') throw new Error(`${where}.endPort: needs a numeric port`);
    if (typeof raw.endPort !== 'number' || raw.endPort < port.port || raw.endPort > 65535)
      throw new Error(
        `${where}.endPort: ${JSON.stringify(raw.endPort)} is not a port from ${port.port} to 65535`,
      );
    port.endPort = raw.endPort;
  }
  return port;
}

function readRules(value: unknown, peersKey: 'from' | 'to', where: string): PolicyRule[] {
  return listAt(value).map((raw, i) => {
    const rule = objectAt(raw);
    const at = `${where}[${i}]`;
    return {
      peers: listAt(rule[peersKey]).map((peer, j) => readPeer(peer, `${at}.${peersKey}[${j}]`)),
      ports: listAt(rule.ports).map((port, j) => readPort(port, `${at}.ports[${j}]`)),
    };
  });
}

function readPolicy(object: Obj): Policy {
  const metadata = objectAt(object.metadata);
  const name = String(metadata.name ?? '');
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  const id = `${namespace}/${name}`;
  const spec = objectAt(object.spec);
  const where = `NetworkPolicy ${id}: spec`;
  const ingress = readRules(spec.ingress, 'from', `${where}.ingress`);
  const egress = readRules(spec.egress, 'to', `${where}.egress`);
  const given = listAt(spec.policyTypes);
  // The API server's defaulting: Ingress always, Egress when there are egress rules.
  const policyTypes: Policy['policyTypes'] =
    given.length > 0
      ? given.map((t) => {
          if (t !== 'Ingress' && t !== 'Egress')
            throw new Error(`${where}.policyTypes: ${JSON.stringify(t)} is not Ingress or Egress`);
          return t;
        })
      : egress.length > 0
        ? ['Ingress', 'Egress']
        : ['Ingress'];
  // A missing podSelector is the empty selector (the field is not a pointer): every pod.
  const podSelector = readSelector(spec.podSelector, `${where}.podSelector`);
  return { id, namespace, name, podSelector, policyTypes, ingress, egress };
}

// ---------------------------------------------------------------------------------------------
// Pods

function containerPorts(containers: unknown): ContainerPort[] {
  return listAt(containers).flatMap((container) =>
    listAt(objectAt(container).ports).map((raw) => {
      const p = objectAt(raw);
      return {
        ...(typeof p.name === 'string' ? { name: p.name } : {}),
        containerPort: Number(p.containerPort),
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      };
    }),
  );
}

function podOfTemplate(workload: string, name: string, namespace: string, template: Obj): PodEndpoint {
  const spec = objectAt(template.spec);
  return {
    kind: 'pod',
    namespace,
    labels: stringRecord(objectAt(template.metadata).labels),
    name,
    workload,
    hostNetwork: spec.hostNetwork === true,
    containerPorts: [...containerPorts(spec.containers), ...containerPorts(spec.initContainers)],
  };
}

const TEMPLATED = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
]);

const operatorPorts = (ports: [string, number, Protocol?][]): ContainerPort[] =>
  ports.map(([name, containerPort, protocol = 'TCP']) => ({ name, containerPort, protocol }));

/** The pods of a workload, a Pod, or a Prometheus / Alertmanager of the prometheus-operator. */
function podsOf(object: Obj): PodEndpoint[] {
  const kind = object.kind;
  const metadata = objectAt(object.metadata);
  const name = String(metadata.name ?? '');
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  const spec = objectAt(object.spec);
  if (typeof kind !== 'string') return [];
  if (TEMPLATED.has(kind)) {
    const pod = podOfTemplate(kind, name, namespace, objectAt(spec.template));
    // The Job controller labels its pods with the Job's name.
    if (kind === 'Job')
      pod.labels = { 'batch.kubernetes.io/job-name': name, 'job-name': name, ...pod.labels };
    return [pod];
  }
  if (kind === 'CronJob') {
    const job = objectAt(objectAt(spec.jobTemplate).spec);
    return [podOfTemplate(kind, name, namespace, objectAt(job.template))];
  }
  if (kind === 'Pod') return [podOfTemplate(kind, name, namespace, object)];
  if (
    String(object.apiVersion).startsWith('monitoring.coreos.com/') &&
    (kind === 'Prometheus' || kind === 'Alertmanager')
  ) {
    // The operator's labels win over spec.podMetadata.labels, as the operator sets them last.
    const own: Record<string, string> =
      kind === 'Prometheus'
        ? {
            'app.kubernetes.io/name': 'prometheus',
            'app.kubernetes.io/instance': name,
            'app.kubernetes.io/managed-by': 'prometheus-operator',
            prometheus: name,
            'operator.prometheus.io/name': name,
            'operator.prometheus.io/shard': '0',
          }
        : {
            'app.kubernetes.io/name': 'alertmanager',
            'app.kubernetes.io/instance': name,
            'app.kubernetes.io/managed-by': 'prometheus-operator',
            alertmanager: name,
          };
    const ports =
      kind === 'Prometheus'
        ? operatorPorts([
            ['web', 9090],
            ['reloader-web', 8080],
            // The Thanos sidecar, when asked for.
            ...(spec.thanos
              ? ([
                  ['grpc', 10901],
                  ['http', 10902],
                ] as [string, number][])
              : []),
          ])
        : operatorPorts([
            ['web', 9093],
            ['mesh-tcp', 9094],
            ['mesh-udp', 9094, 'UDP'],
            ['reloader-web', 8080],
          ]);
    const extra = containerPorts(spec.containers).filter((p) => !ports.some((q) => q.name === p.name));
    return [
      {
        kind: 'pod',
        namespace,
        labels: { ...stringRecord(objectAt(spec.podMetadata).labels), ...own },
        name,
        workload: kind,
        hostNetwork: spec.hostNetwork === true,
        containerPorts: [...ports, ...extra],
      },
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// The model

/**
 * The cluster as rendered: every NetworkPolicy, the labels of every namespace (each carrying
 * `kubernetes.io/metadata.name`, as Kubernetes sets it), and the pods of every workload.
 * `options.namespaces` gives the labels of namespaces that are not rendered (`kube-system`, an
 * ingress controller's); a rendered Namespace's labels come from it only.
 */
export function networkModel(
  objects: readonly Record<string, unknown>[],
  options: { namespaces?: Record<string, Record<string, string>> } = {},
): NetworkModel {
  const flat = objects.flatMap((o): Obj[] => (o.kind === 'List' ? listAt(o.items).filter(isObject) : [o]));
  const policies = flat.filter((o) => o.kind === 'NetworkPolicy').map(readPolicy);
  const pods = flat.flatMap(podsOf);
  const namespaces: Record<string, Record<string, string>> = {};
  for (const o of flat.filter((o) => o.kind === 'Namespace')) {
    const metadata = objectAt(o.metadata);
    const name = String(metadata.name);
    namespaces[name] = { ...stringRecord(metadata.labels), [NAME_LABEL]: name };
  }
  for (const [name, labels] of Object.entries(options.namespaces ?? {})) {
    if (namespaces[name])
      throw new Error(
        `namespace ${name} is rendered: its labels are the rendered Namespace's, not options.namespaces`,
      );
    namespaces[name] = { ...labels, [NAME_LABEL]: name };
  }
  for (const { namespace } of [...policies, ...pods]) namespaces[namespace] ??= { [NAME_LABEL]: namespace };
  return { policies, namespaces, pods };
}

/** The labels of a namespace; one the model does not know has only its name label. */
function namespaceLabels(model: NetworkModel, namespace: string): Record<string, string> {
  return model.namespaces[namespace] ?? { [NAME_LABEL]: namespace };
}

function peerMatches(model: NetworkModel, policy: Policy, peer: PolicyPeer, endpoint: Endpoint): boolean {
  if (endpoint.kind === 'address') {
    if (!peer.ipBlock) return false;
    const ip = parseIp(endpoint.ip);
    if (!ip) throw new Error(`${JSON.stringify(endpoint.ip)} is not an IP address`);
    const where = `NetworkPolicy ${policy.id}`;
    return (
      inCidr(ip, parseCidr(peer.ipBlock.cidr, where)) &&
      !(peer.ipBlock.except ?? []).some((e) => inCidr(ip, parseCidr(e, where)))
    );
  }
  if (peer.ipBlock) return false;
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels(model, endpoint.namespace))
    : endpoint.namespace === policy.namespace;
  return namespaceOk && (!peer.podSelector || selectorMatches(peer.podSelector, endpoint.labels));
}

function portMatches(entry: PolicyPort, port: number, protocol: Protocol, destination: Endpoint): boolean {
  if (entry.protocol !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') return port >= entry.port && port <= (entry.endPort ?? entry.port);
  if (destination.kind !== 'pod') return false;
  return (destination.containerPorts ?? []).some(
    (p) => p.name === entry.port && p.containerPort === port && (p.protocol ?? 'TCP') === protocol,
  );
}

function side(
  model: NetworkModel,
  type: 'Ingress' | 'Egress',
  pod: Endpoint,
  peer: Endpoint,
  connection: { port: number; protocol: Protocol; to: Endpoint },
): PolicySide {
  if (pod.kind !== 'pod') return { allowed: true, selectedBy: [], admittedBy: [], reason: 'not-a-pod' };
  const selecting = model.policies.filter(
    (p) =>
      p.namespace === pod.namespace &&
      p.policyTypes.includes(type) &&
      selectorMatches(p.podSelector, pod.labels),
  );
  const selectedBy = selecting.map((p) => p.id);
  if (selecting.length === 0) return { allowed: true, selectedBy, admittedBy: [], reason: 'not-isolated' };
  const admittedBy = selecting
    .filter((policy) =>
      (type === 'Ingress' ? policy.ingress : policy.egress).some(
        (rule) =>
          (rule.peers.length === 0 || rule.peers.some((p) => peerMatches(model, policy, p, peer))) &&
          (rule.ports.length === 0 ||
            rule.ports.some((p) => portMatches(p, connection.port, connection.protocol, connection.to))),
      ),
    )
    .map((p) => p.id);
  if (admittedBy.length > 0) return { allowed: true, selectedBy, admittedBy, reason: 'admitted' };
  if (peer.kind === 'address' && peer.ownNode)
    return { allowed: true, selectedBy, admittedBy, reason: 'own-node' };
  return { allowed: false, selectedBy, admittedBy, reason: 'not-admitted' };
}

const endpointName = (e: Endpoint): string =>
  e.kind === 'address'
    ? `${e.ownNode ? 'own node ' : ''}${e.ip}`
    : `${e.workload ? `${e.workload} ` : 'pod '}${e.namespace}/${e.name ?? JSON.stringify(e.labels)}`;

function sideWords(label: string, s: PolicySide): string {
  switch (s.reason) {
    case 'not-a-pod':
      return `${label}: not a pod`;
    case 'not-isolated':
      return `${label}: no policy selects the pod`;
    case 'own-node':
      return `${label}: the pod's own node, always allowed (selected by ${s.selectedBy.join(', ')})`;
    case 'admitted':
      return `${label}: admitted by ${s.admittedBy.join(', ')}`;
    case 'not-admitted':
      return `${label}: denied, no rule of ${s.selectedBy.join(', ')} admits it`;
  }
}

/** May this connection be opened? Egress at its source and ingress at its destination must allow it. */
export function connectionVerdict(model: NetworkModel, connection: Connection): Verdict {
  const protocol = connection.protocol ?? 'TCP';
  if (!PROTOCOLS.includes(protocol))
    throw new Error(`protocol ${JSON.stringify(protocol)} is not TCP, UDP or SCTP`);
  if (!Number.isInteger(connection.port) || connection.port < 1 || connection.port > 65535)
    throw new Error(`port ${connection.port} is not a port number (1-65535)`);
  const { from, to } = connection;
  const details = { port: connection.port, protocol, to };
  const egress = side(model, 'Egress', from, to, details);
  const ingress = side(model, 'Ingress', to, from, details);
  const allowed = egress.allowed && ingress.allowed;
  const hostNetwork =
    (from.kind === 'pod' && from.hostNetwork === true) || (to.kind === 'pod' && to.hostNetwork === true);
  const explanation =
    `${endpointName(from)} → ${endpointName(to)} ${connection.port}/${protocol} ${allowed ? 'allowed' : 'denied'}; ` +
    `${sideWords('egress', egress)}; ${sideWords('ingress', ingress)}` +
    (hostNetwork ? '; a host-network pod: most network plugins apply no policy to it' : '');
  return { allowed, egress, ingress, hostNetwork, explanation };
}

/**
 * The pods of a workload, by name (and namespace or kind when names repeat). Throws naming the
 * pods the model has when there is none, or when several match.
 */
export function podOf(
  model: NetworkModel,
  selector: { name: string; namespace?: string; kind?: string },
): PodEndpoint {
  const found = model.pods.filter(
    (p) =>
      p.name === selector.name &&
      (selector.namespace === undefined || p.namespace === selector.namespace) &&
      (selector.kind === undefined || p.workload === selector.kind),
  );
  if (found.length === 1) return found[0]!;
  const wanted = `${selector.kind ?? 'workload'} ${selector.namespace ? `${selector.namespace}/` : ''}${selector.name}`;
  if (found.length > 1)
    throw new Error(
      `several pods match ${wanted}: ${found.map(endpointName).join(', ')}; give its namespace or kind`,
    );
  const have = model.pods.map(endpointName).sort();
  throw new Error(`no pods of ${wanted}; the model has: ${have.length > 0 ? have.join(', ') : 'no pods'}`);
}
