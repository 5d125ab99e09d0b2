import { isIP } from 'node:net';
import { isPlainObject, MixstackError, options } from '@mixstack/core';

/** Package name: the `source` of everything this package adds. */
export const SOURCE = '@mixstack/platform-k3s';

/** How this package adjusts the stack through core's contract functions: as the platform. */
export const PLATFORM = { source: SOURCE, layer: 'platform' } as const;

/** k3s's own StorageClass (the bundled local-path-provisioner, `rancher.io/local-path`). */
export const LOCAL_PATH = 'local-path';

/**
 * Which control-plane metrics endpoints the k3s nodes expose to pods. k3s binds
 * kube-controller-manager, kube-scheduler, kube-proxy and embedded etcd's metrics to 127.0.0.1,
 * and serves its supervisor's metrics not at all, unless told otherwise: Prometheus in a pod
 * cannot reach any of them by default. Each `true` says the flag of `SERVER_FLAGS` is set.
 */
export interface ControlPlaneOptions {
  /** The servers run with `--kube-controller-manager-arg=bind-address=0.0.0.0` (metrics on :10257). @default false */
  controllerManager: boolean;
  /** The servers run with `--kube-scheduler-arg=bind-address=0.0.0.0` (metrics on :10259). @default false */
  scheduler: boolean;
  /**
   * Every node, servers and agents, runs with `--kube-proxy-arg=metrics-bind-address=0.0.0.0`
   * (metrics on :10249, plain HTTP): kube-proxy runs on every node, so list the `agents` too.
   * @default false
   */
  kubeProxy: boolean;
  /**
   * The servers run with `--etcd-expose-metrics` (metrics on :2381, plain HTTP). Only with
   * k3s's embedded etcd (`--cluster-init`): the default SQLite datastore, or an external
   * datastore, has no etcd metrics to expose. @default false
   */
  etcd: boolean;
  /**
   * The servers run with `--supervisor-metrics` (k3s v1.30.2 or later): the k3s supervisor's own
   * metrics (`k3s_*`: certificate expiry, the agents' load balancer) on :6443 of every node, the
   * agents' included, so list the `agents` too. @default false
   */
  supervisorMetrics: boolean;
  /**
   * The node addresses of the k3s servers, where the exposed endpoints listen: k3s runs them in
   * its own process, with no pod or Service to discover them by. Required once one is exposed.
   * @default []
   */
  servers: string[];
  /**
   * The node addresses of the k3s agents (the nodes that are not servers), where kube-proxy and
   * the supervisor metrics listen too. Without them only the servers' are scraped. @default []
   */
  agents: string[];
}

/** The options of `ControlPlaneOptions` that say an endpoint is exposed. */
export const EXPOSABLE = [
  'controllerManager',
  'scheduler',
  'kubeProxy',
  'etcd',
  'supervisorMetrics',
] as const;

/** Grafana behind an Ingress of the cluster's ingress controller (k3s ships Traefik). */
export interface GrafanaExposureOptions {
  /** The host name users open Grafana at. Required. */
  host: string;
  /** The Secret (type kubernetes.io/tls, in Grafana's namespace) with the certificate for `host`. @default undefined (plain HTTP) */
  tlsSecret?: string;
  /** The IngressClass. @default 'traefik' (k3s's bundled Traefik, the default class) */
  ingressClassName: string;
  /**
   * The pods of the ingress controller, admitted by Grafana's NetworkPolicy.
   * @default { namespace: 'kube-system', podLabels: { 'app.kubernetes.io/name': 'traefik' } }
   */
  controller: { namespace: string; podLabels: Record<string, string> };
}

/** The options of `k3s()`, normalized. */
export interface K3sOptions {
  /** StorageClass of every PersistentVolumeClaim that does not name its own. @default 'local-path' */
  storageClass: string;
  /** What the k3s nodes expose (see the README for the server flags). @default { controllerManager: false, scheduler: false, kubeProxy: false, etcd: false, supervisorMetrics: false, servers: [], agents: [] } */
  controlPlane: ControlPlaneOptions;
  /** Expose Grafana through an Ingress. @default false */
  grafana: GrafanaExposureOptions | false;
  /**
   * `edge`: one replica of every workload (so no PodDisruptionBudgets), half the CPU and memory
   * requests, at most 7 days of data in every store (Prometheus, Loki, Tempo, Pyroscope), and
   * fewer dashboards, so that the stack fits a 2-CPU / 4 GiB node. Through core's sizing
   * contract: what you pass to a component (its replicas, resources, retention) stays as you
   * set it. @default 'standard'
   */
  profile: 'standard' | 'edge';
}

/** What `k3s()` accepts: every option may be left out. */
export interface K3sInput {
  storageClass?: string;
  controlPlane?: Partial<ControlPlaneOptions>;
  grafana?:
    | false
    | ({ host: string } & Partial<Omit<GrafanaExposureOptions, 'host' | 'controller'>> & {
          controller?: { namespace?: string; podLabels?: Record<string, string> };
        });
  profile?: K3sOptions['profile'];
}

/** Fresh defaults for every call. */
export function defaultK3sOptions(): K3sOptions {
  return {
    storageClass: LOCAL_PATH,
    controlPlane: {
      controllerManager: false,
      scheduler: false,
      kubeProxy: false,
      etcd: false,
      supervisorMetrics: false,
      servers: [],
      agents: [],
    },
    grafana: false,
    profile: 'standard',
  };
}

const HOST = /^(([a-z0-9]+|[a-z0-9][-a-z0-9]*[a-z0-9])\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A node IP address; `listing` says how to list the nodes of that role. */
const address = (listing: string): options.Schema<string> => ({
  expected: 'a node IP address such as "192.168.1.10"',
  parse: (value, at) => {
    if (typeof value === 'string' && isIP(value) !== 0) return value;
    throw options.invalidOption(at, value, 'a node IP address such as "192.168.1.10"', listing);
  },
});
const SERVERS_LISTING =
  'kubectl get nodes -l node-role.kubernetes.io/control-plane -o wide lists the servers and their INTERNAL-IP';
const AGENTS_LISTING =
  "kubectl get nodes -l '!node-role.kubernetes.io/control-plane' -o wide lists the agents and their INTERNAL-IP";

const grafanaSchema = options.object(
  {
    host: options.required(
      options.string({
        pattern: HOST,
        maxLength: 253,
        expected: 'a host name such as "grafana.example.com" (lower case, no scheme, no wildcard)',
      }),
    ),
    tlsSecret: options.secretName(),
    ingressClassName: options.dnsSubdomain('traefik'),
    controller: options.object(
      { namespace: options.dnsLabel(), podLabels: options.labels() },
      'the ingress controller pods { namespace, podLabels }',
    ),
  },
  'Grafana exposure options { host, tlsSecret?, ingressClassName?, controller? }',
);

/** `false`, or the object (whose own errors are reported as they are). */
function falseOr<T>(schema: options.Schema<T>): options.Schema<T | false> {
  return {
    expected: `false or ${schema.expected}`,
    parse: (value, at) => (value === false ? false : schema.parse(value, at)),
  };
}

const k3sOptionsSchema = options.object({
  storageClass: options.storageClassName(),
  controlPlane: options.object(
    {
      controllerManager: options.boolean(),
      scheduler: options.boolean(),
      kubeProxy: options.boolean(),
      etcd: options.boolean(),
      supervisorMetrics: options.boolean(),
      servers: options.array(address(SERVERS_LISTING), { unique: true }),
      agents: options.array(address(AGENTS_LISTING), { unique: true }),
    },
    'control-plane options { controllerManager?, scheduler?, kubeProxy?, etcd?, supervisorMetrics?, servers?, agents? }',
  ),
  grafana: falseOr(grafanaSchema),
  profile: options.oneOf(['standard', 'edge'] as const),
});

/**
 * Validates and normalizes `k3s()`'s options. Throws one MixstackError carrying every problem
 * of the options (`others`), which `k3s()` records in the stack instead of letting it escape.
 */
export function parseK3sOptions(input: unknown): K3sOptions {
  const result = options.parseOptionsCollecting(k3sOptionsSchema, input ?? {}, 'k3s');
  const problems = [...result.problems];
  const parsed = (result.value ?? {}) as K3sInput;
  const defaults = defaultK3sOptions();
  const controlPlane = { ...defaults.controlPlane, ...parsed.controlPlane };
  // Servers given but invalid are reported as such, not as missing.
  const serversGiven =
    isPlainObject(input) &&
    isPlainObject(input.controlPlane) &&
    Array.isArray(input.controlPlane.servers) &&
    input.controlPlane.servers.length > 0;
  const anyExposed = EXPOSABLE.some((option) => controlPlane[option]);
  if (anyExposed && controlPlane.servers.length === 0 && !serversGiven) {
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message:
          'the exposed control-plane endpoints listen on the k3s servers, and no server address is given',
        address: 'k3s',
        path: 'controlPlane.servers',
        value: [],
        hint: `list the node IPs of the k3s servers (kubectl get nodes -l node-role.kubernetes.io/control-plane -o wide), or leave ${EXPOSABLE.join(', ')} false`,
      }),
    );
  }
  // A node listed twice would be one more endpoint of every job it runs: every series twice.
  controlPlane.agents.forEach((agent, index) => {
    if (!controlPlane.servers.includes(agent)) return;
    problems.push(
      new MixstackError({
        code: 'INVALID_OPTION',
        message: `${agent} is listed as a server and as an agent: a node is one or the other, and listed twice its endpoints would be scraped twice`,
        address: 'k3s',
        path: `controlPlane.agents.${index}`,
        value: agent,
        hint: 'list each node once: servers are the nodes labelled node-role.kubernetes.io/control-plane, agents the others',
      }),
    );
  });
  const [first, ...others] = problems;
  if (first) throw others.length > 0 ? first.withOthers(others) : first;
  const grafana = parsed.grafana
    ? {
        ingressClassName: 'traefik',
        ...parsed.grafana,
        controller: {
          namespace: 'kube-system',
          podLabels: { 'app.kubernetes.io/name': 'traefik' },
          ...parsed.grafana.controller,
        },
      }
    : false;
  return {
    storageClass: parsed.storageClass ?? defaults.storageClass,
    controlPlane,
    grafana,
    profile: parsed.profile ?? defaults.profile,
  };
}
