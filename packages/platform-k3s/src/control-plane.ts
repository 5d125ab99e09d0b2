import {
  addKinds,
  type KindDefinition,
  kindFromModel,
  type ModelClass,
  type ScrapeTarget,
  type Stack,
} from '@mixstack/core';
import { Endpoints, type IEndpoints } from 'kubernetes-models/v1/Endpoints';
import type { IService } from 'kubernetes-models/v1/Service';
import { type ControlPlaneOptions, type EXPOSABLE, SOURCE } from './config.js';

/**
 * The process-wide metric families the control-plane dashboards read for every component
 * (work queues, API client, process, Go runtime), kept on the endpoints whose dashboards read them.
 */
export const SHARED_FAMILIES = '(workqueue|rest_client|process|go)_.+';

/** A component k3s runs in its own process, and where its metrics are. */
export interface EmbeddedComponent {
  /** The `job` of its series, which rules and dashboards select (`job="kube-scheduler"`). */
  job: 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy' | 'etcd' | 'k3s-supervisor';
  /** The option that says the nodes expose it. */
  option: (typeof EXPOSABLE)[number];
  /** Its metrics port on the node. */
  port: number;
  /** `https` (authenticated with the scraper's ServiceAccount token) or plain `http`. */
  scheme: 'https' | 'http';
  /** The flag that binds it to every address instead of 127.0.0.1 (or serves it at all). */
  flag: string;
  /** Where it listens: on the servers only, or on every node (the agents too). */
  nodes: 'servers' | 'every node';
  /**
   * Who renders its ServiceMonitor: the stack's control-plane monitors (`component`: what
   * component-prometheus renders unless the control plane is managed), or this package through
   * core's scrape targets (`platform`: no component has a monitor for it).
   */
  monitor: 'component' | 'platform';
  /** The key of its Service and Endpoints: `kubeSchedulerService`, `kubeSchedulerEndpoints`. */
  key: string;
  /**
   * The metric families it keeps. k3s serves every embedded component's metrics on every
   * endpoint of a node (one Prometheus registry per process), and the kubelet, which the stack
   * scrapes on every node, already serves them all: the extra endpoint keeps only its own
   * families, and the process-wide ones when its dashboards read them (`up` is kept: it is not
   * a scraped series).
   */
  keep: string;
}

/** The families only the etcd job keeps: etcd's own, not the API server's etcd client (`etcd_request_*`, `etcd_bookmark_counts`). */
export const ETCD_FAMILIES = 'etcd_(server|disk|network|mvcc|debugging|snap|cluster)_.+';

export const EMBEDDED: readonly EmbeddedComponent[] = [
  {
    job: 'kube-controller-manager',
    option: 'controllerManager',
    port: 10257,
    scheme: 'https',
    flag: '--kube-controller-manager-arg=bind-address=0.0.0.0',
    nodes: 'servers',
    monitor: 'component',
    key: 'kubeControllerManager',
    keep: `(node_collector|leader_election)_.+|${SHARED_FAMILIES}`,
  },
  {
    job: 'kube-scheduler',
    option: 'scheduler',
    port: 10259,
    scheme: 'https',
    flag: '--kube-scheduler-arg=bind-address=0.0.0.0',
    nodes: 'servers',
    monitor: 'component',
    key: 'kubeScheduler',
    keep: `scheduler_.+|${SHARED_FAMILIES}`,
  },
  {
    // No dashboard of the stack reads kube-proxy's process families: the kubelet's are the same process's.
    job: 'kube-proxy',
    option: 'kubeProxy',
    port: 10249,
    scheme: 'http',
    flag: '--kube-proxy-arg=metrics-bind-address=0.0.0.0',
    nodes: 'every node',
    monitor: 'platform',
    key: 'kubeProxy',
    keep: 'kubeproxy_.+',
  },
  {
    // etcd's own listener (`--listen-metrics-urls`, :2381), plain HTTP once `--etcd-expose-metrics` moves it off 127.0.0.1.
    job: 'etcd',
    option: 'etcd',
    port: 2381,
    scheme: 'http',
    flag: '--etcd-expose-metrics',
    nodes: 'servers',
    monitor: 'platform',
    key: 'etcd',
    keep: ETCD_FAMILIES,
  },
  {
    // The supervisor's `/metrics` on :6443, on every node. On a server that port is the API
    // server's too, whose job already scrapes the same registry there: this job scrapes it once
    // more to give every node's k3s_* series one job and the node as instance (the agents have
    // no API server), and keeps only k3s_*; the apiserver and kubelet jobs drop k3s_*. One
    // more scrape of each server, no series stored twice.
    job: 'k3s-supervisor',
    option: 'supervisorMetrics',
    port: 6443,
    scheme: 'https',
    flag: '--supervisor-metrics',
    nodes: 'every node',
    monitor: 'platform',
    key: 'supervisor',
    keep: 'k3s_.+',
  },
];

/** Where the Services of the exposed endpoints live: where ServiceMonitors of the control plane look. */
export const KUBE_SYSTEM = 'kube-system';

/** The port name the monitors scrape: kube-prometheus' `https-metrics`, or `http-metrics` for plain HTTP. */
export const portName = (component: EmbeddedComponent) => `${component.scheme}-metrics`;

/** The components the nodes expose, and those they do not (whose jobs nothing can scrape). */
export function exposure(options: ControlPlaneOptions): {
  exposed: EmbeddedComponent[];
  unexposed: EmbeddedComponent[];
} {
  return {
    exposed: EMBEDDED.filter((e) => options[e.option]),
    unexposed: EMBEDDED.filter((e) => !options[e.option]),
  };
}

/** The labels a control-plane ServiceMonitor selects (`app.kubernetes.io/name: kube-scheduler`, as kube-prometheus). */
export function serviceLabels(component: EmbeddedComponent): Record<string, string> {
  return { 'app.kubernetes.io/name': component.job, 'app.kubernetes.io/part-of': 'mixstack' };
}

/** Its Service's (and scrape target's) name: `k3s-kube-scheduler`, `k3s-etcd`, `k3s-supervisor`. */
const serviceName = (component: EmbeddedComponent) =>
  component.job.startsWith('k3s-') ? component.job : `k3s-${component.job}`;

/**
 * A headless Service without selector: k3s runs the component in its own process, with no pod
 * to select, so its endpoints are the nodes, listed by hand.
 */
export function controlPlaneService(component: EmbeddedComponent): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: serviceName(component), namespace: KUBE_SYSTEM, labels: serviceLabels(component) },
    spec: {
      clusterIP: 'None',
      ports: [
        { name: portName(component), port: component.port, targetPort: component.port, protocol: 'TCP' },
      ],
    },
  };
}

/** The nodes a component listens on: the servers, and the agents for what runs on every node. */
export function nodesOf(component: EmbeddedComponent, options: ControlPlaneOptions): string[] {
  return component.nodes === 'servers' ? options.servers : [...options.servers, ...options.agents];
}

/**
 * The nodes as the Service's endpoints. `v1` Endpoints, not an EndpointSlice: Prometheus
 * discovers ServiceMonitor targets through Endpoints (prometheus-operator's default
 * `serviceDiscoveryRole`), and Kubernetes mirrors these into EndpointSlices for the other readers.
 */
export function controlPlaneEndpoints(component: EmbeddedComponent, nodes: readonly string[]): IEndpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: serviceName(component), namespace: KUBE_SYSTEM, labels: serviceLabels(component) },
    subsets: [
      {
        addresses: [...nodes].sort().map((ip) => ({ ip })),
        ports: [{ name: portName(component), port: component.port, protocol: 'TCP' }],
      },
    ],
  };
}

/** The id of its scrape target: its Service's name. */
export const scrapeTargetId = (component: EmbeddedComponent) => serviceName(component);

/** The ServiceAccount token of the scraper, which an `https` endpoint authenticates with. */
const TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * What Prometheus scrapes for a component no stack monitor covers (`monitor: 'platform'`): its
 * Service in kube-system, `job` its name label, every 30s as kube-prometheus' control-plane
 * monitors. `https` as kube-prometheus scrapes the scheduler: the token (the supervisor asks the
 * API server whether it may `get` `/metrics`, which the scraper of the stack may already, as
 * every control-plane endpoint requires) and no verification of the node's serving certificate.
 */
export function controlPlaneScrapeTarget(component: EmbeddedComponent): ScrapeTarget {
  const https = component.scheme === 'https';
  return {
    namespace: KUBE_SYSTEM,
    selector: { 'app.kubernetes.io/name': component.job },
    jobLabel: 'app.kubernetes.io/name',
    endpoints: [
      {
        port: portName(component),
        path: '/metrics',
        scheme: component.scheme,
        interval: '30s',
        ...(https ? { bearerTokenFile: TOKEN, tlsConfig: { insecureSkipVerify: true } } : {}),
      },
    ],
  };
}

/** Endpoints is not among core's built-in kinds: validated with the schema of kubernetes-models. */
export function k3sKinds(): KindDefinition[] {
  return [kindFromModel(Endpoints as ModelClass, { namespaced: true })];
}

export function withK3sKinds(stack: Stack): Stack {
  return addKinds(stack, SOURCE, k3sKinds());
}
