import { addKinds, type KindDefinition, kindFromModel, type ModelClass, type Stack } from '@mixstack/core';
import { Endpoints, type IEndpoints } from 'kubernetes-models/v1/Endpoints';
import type { IService } from 'kubernetes-models/v1/Service';
import { type ControlPlaneOptions, SOURCE } from './config.js';

/** A control-plane component k3s runs in its own process, and where its metrics are. */
export interface EmbeddedComponent {
  /** The `job` of its series, which rules and dashboards select (`job="kube-scheduler"`). */
  job: 'kube-controller-manager' | 'kube-scheduler';
  /** The option that says the servers expose it. */
  option: 'controllerManager' | 'scheduler';
  /** Its secure metrics port on the server node. */
  port: number;
  /** The server flag that binds it to every address instead of 127.0.0.1. */
  flag: string;
  /** The key of its Service and Endpoints: `kubeSchedulerService`, `kubeSchedulerEndpoints`. */
  key: string;
  /**
   * The metric families of its own. k3s serves every embedded component's metrics on every
   * endpoint of a node (one Prometheus registry per process), and the kubelet, which the stack
   * scrapes on every node, already serves them all: the extra endpoint keeps only these and
   * the process-wide families its dashboards read (`up` is kept: it is not a scraped series).
   */
  own: string;
}

export const EMBEDDED: readonly EmbeddedComponent[] = [
  {
    job: 'kube-controller-manager',
    option: 'controllerManager',
    port: 10257,
    flag: '--kube-controller-manager-arg=bind-address=0.0.0.0',
    key: 'kubeControllerManager',
    own: '(node_collector|leader_election)_.+',
  },
  {
    job: 'kube-scheduler',
    option: 'scheduler',
    port: 10259,
    flag: '--kube-scheduler-arg=bind-address=0.0.0.0',
    key: 'kubeScheduler',
    own: 'scheduler_.+',
  },
];

/** Where the Services of the exposed endpoints live: where ServiceMonitors of the control plane look. */
export const KUBE_SYSTEM = 'kube-system';

/** The port name the control-plane monitors scrape (kube-prometheus' convention). */
const PORT_NAME = 'https-metrics';

/** The components the servers expose, and those they do not (whose jobs nothing can scrape). */
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

const serviceName = (component: EmbeddedComponent) => `k3s-${component.job}`;

/**
 * A headless Service without selector: k3s runs the component in its own process, with no pod
 * to select, so its endpoints are the servers, listed by hand.
 */
export function controlPlaneService(component: EmbeddedComponent): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: serviceName(component), namespace: KUBE_SYSTEM, labels: serviceLabels(component) },
    spec: {
      clusterIP: 'None',
      ports: [{ name: PORT_NAME, port: component.port, targetPort: component.port, protocol: 'TCP' }],
    },
  };
}

/**
 * The servers as the Service's endpoints. `v1` Endpoints, not an EndpointSlice: Prometheus
 * discovers ServiceMonitor targets through Endpoints (prometheus-operator's default
 * `serviceDiscoveryRole`), and Kubernetes mirrors these into EndpointSlices for the other readers.
 */
export function controlPlaneEndpoints(component: EmbeddedComponent, servers: readonly string[]): IEndpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: serviceName(component), namespace: KUBE_SYSTEM, labels: serviceLabels(component) },
    subsets: [
      {
        addresses: [...servers].sort().map((ip) => ({ ip })),
        ports: [{ name: PORT_NAME, port: component.port, protocol: 'TCP' }],
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
