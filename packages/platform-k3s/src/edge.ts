import { type Mixin, quantityValue, type StackSizing } from '@mixstack/core';

/**
 * The edge profile's sizing, through core's sizing contract: one replica of every workload
 * (PodDisruptionBudgets go with the second replica: with one, a budget only blocks draining
 * the node), half the CPU and memory requests of every published container (limits stay), and
 * at most 7 days of data in every store. It shrinks what the components' defaults say; what you
 * pass to a component (its replicas, resources, retention) stays as you set it.
 */
export const EDGE_SIZING: Readonly<Required<StackSizing>> = {
  maxReplicas: 1,
  requestsFactor: 0.5,
  maxRetention: '7d',
};

/**
 * The dashboards the edge profile leaves out, by mixin and file, with why: on one small node,
 * drill-downs that repeat what the per-node and per-pod views show, and the stores' tuning
 * views, which matter at a scale an edge node never reaches. Each dashboard Grafana provisions
 * is a ConfigMap mounted into its pod, parsed at start and searched in memory; each panel opened
 * is queries on a Prometheus that has half its usual CPU.
 */
export const EDGE_LEFT_OUT_DASHBOARDS: Readonly<Record<string, readonly string[]>> = {
  // The per-pod and per-node views cover one node; the network ones need per-pod network
  // series that a single node's kubelet already shows on the pod dashboard.
  kubernetes: [
    'k8s-resources-namespace-workloads.json',
    'k8s-resources-workload.json',
    'k8s-networking-cluster.json',
    'k8s-networking-namespace-pods.json',
    'k8s-networking-namespace-workloads.json',
    'k8s-networking-workload.json',
    'k8s-networking-pod.json',
  ],
  // One node: the node's own USE view is the cluster's.
  'node-exporter': ['use-method-cluster.json'],
  // Operational: the stores' internals, for tuning a large installation.
  loki: ['loki-operational.json'],
  tempo: ['tempo-operational.json'],
};

/** The mixins without the edge profile's left-out dashboards, and the titles left out. */
export function withoutEdgeDashboards(mixins: Readonly<Record<string, Mixin>>): {
  mixins: Record<string, Mixin>;
  leftOut: string[];
} {
  const out: Record<string, Mixin> = {};
  const leftOut: string[] = [];
  for (const [name, mixin] of Object.entries(mixins)) {
    const files = EDGE_LEFT_OUT_DASHBOARDS[name];
    const dashboards = mixin.grafanaDashboards;
    if (!files || !dashboards || !files.some((file) => Object.hasOwn(dashboards, file))) {
      out[name] = mixin;
      continue;
    }
    const kept: Record<string, NonNullable<Mixin['grafanaDashboards']>[string]> = {};
    for (const [file, dashboard] of Object.entries(dashboards)) {
      if (files.includes(file)) leftOut.push(dashboard.title);
      else kept[file] = dashboard;
    }
    out[name] = { ...mixin, grafanaDashboards: kept };
  }
  return { mixins: out, leftOut: leftOut.sort() };
}

interface Resources {
  requests?: { cpu?: string; memory?: string };
}
interface Container {
  resources?: Resources;
  restartPolicy?: string;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}
/** The fields of a workload's (or an operator-managed object's) spec that hold requests. */
interface Spec {
  replicas?: number;
  resources?: Resources;
  containers?: Container[];
  template?: { spec?: PodSpec };
}

/**
 * What the pods of these objects request, summed: CPU in cores, memory in bytes. Workloads count
 * once per replica, a DaemonSet once (one node), the pods prometheus-operator builds from a
 * Prometheus or Alertmanager by their `spec.resources` (the operator's own sidecars are not in
 * the objects); Jobs run and end, and are left out.
 */
export function podRequests(objects: readonly { kind: string }[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  const add = (resources: Resources | undefined, times: number) => {
    cpu += times * (quantityValue(resources?.requests?.cpu ?? '0') ?? 0);
    memory += times * (quantityValue(resources?.requests?.memory ?? '0') ?? 0);
  };
  for (const object of objects) {
    const spec = (object as unknown as { spec?: Spec }).spec;
    if (!spec) continue;
    const replicas = object.kind === 'DaemonSet' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
    const pod = spec.template?.spec;
    if (pod && object.kind !== 'Job') {
      for (const c of pod.containers ?? []) add(c.resources, replicas);
      for (const c of pod.initContainers ?? []) if (c.restartPolicy === 'Always') add(c.resources, replicas);
    } else if (object.kind === 'Prometheus' || object.kind === 'Alertmanager') {
      add(spec.resources, replicas);
      for (const c of spec.containers ?? []) add(c.resources, replicas);
    }
  }
  return { cpu, memory };
}
