import { isPlainObject, type KubeObject, quantityValue } from '@mixstack/core';

/** What the edge profile changed, for the build summary and tests. */
export interface EdgeChanges {
  /** Addresses of the objects whose replicas went down to one. */
  singleReplica: string[];
  /** Addresses of the PodDisruptionBudgets left out. */
  disruptionBudgets: string[];
  /** Containers whose requests were halved. */
  containers: number;
  /** Addresses of the Prometheus objects whose retention was shortened. */
  retention: string[];
}

/** The longest time series are kept on an edge node. */
export const EDGE_RETENTION = '7d';
const EDGE_RETENTION_SECONDS = 7 * 24 * 3600;

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** A Prometheus duration (`15d`, `1w2d`, `90m`) in seconds, or undefined. */
export function durationSeconds(duration: string): number | undefined {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit!]!, 0);
}

/** Half a quantity, rounded up to a whole millicore (cpu) or mebibyte (memory). */
export function halfQuantity(resource: 'cpu' | 'memory', quantity: string): string {
  const value = quantityValue(quantity);
  if (value === undefined || value <= 0) return quantity;
  // Rounded to a millionth first: 102m is 0.102, whose half in millicores is 51.00000000000001.
  const up = (n: number) => Math.max(1, Math.ceil(Number(n.toFixed(6))));
  return resource === 'cpu' ? `${up((value * 1000) / 2)}m` : `${up(value / 2 / 2 ** 20)}Mi`;
}

type Json = Record<string, unknown>;

function halvedResources(resources: unknown): unknown {
  if (!isPlainObject(resources) || !isPlainObject(resources.requests)) return resources;
  const requests: Json = { ...resources.requests };
  for (const resource of ['cpu', 'memory'] as const) {
    const quantity = requests[resource];
    if (typeof quantity === 'string') requests[resource] = halfQuantity(resource, quantity);
  }
  return { ...resources, requests };
}

function halvedContainers(list: unknown, changes: EdgeChanges): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((container) => {
    if (!isPlainObject(container) || !isPlainObject(container.resources)) return container;
    changes.containers++;
    return { ...container, resources: halvedResources(container.resources) };
  });
}

function halvedPod(pod: Json, changes: EdgeChanges): Json {
  return {
    ...pod,
    containers: halvedContainers(pod.containers, changes),
    ...(pod.initContainers ? { initContainers: halvedContainers(pod.initContainers, changes) } : {}),
  };
}

/** The spec with its pod template (workloads, and a CronJob's job template) halved. */
function withHalvedPods(kind: string, spec: Json, changes: EdgeChanges): Json {
  if (kind === 'CronJob' && isPlainObject(spec.jobTemplate) && isPlainObject(spec.jobTemplate.spec)) {
    const job = spec.jobTemplate.spec;
    if (isPlainObject(job.template) && isPlainObject(job.template.spec))
      return {
        ...spec,
        jobTemplate: {
          ...spec.jobTemplate,
          spec: { ...job, template: { ...job.template, spec: halvedPod(job.template.spec, changes) } },
        },
      };
    return spec;
  }
  if (isPlainObject(spec.template) && isPlainObject(spec.template.spec))
    return { ...spec, template: { ...spec.template, spec: halvedPod(spec.template.spec, changes) } };
  return spec;
}

/**
 * The edge profile over the built objects, whatever component built them: one replica for
 * every object with `spec.replicas` (Deployments, StatefulSets, and prometheus-operator's
 * Prometheus and Alertmanager), no PodDisruptionBudget (with one replica, a budget only blocks
 * draining the node), half the CPU and memory requests of every container (pod templates, and
 * the `spec.resources` of operator-managed pods; limits stay), and a Prometheus retention of at
 * most 7 days. Objects without these fields are left as they are.
 */
export function edgeObjects(objects: Readonly<Record<string, KubeObject>>): {
  objects: Record<string, KubeObject>;
  changes: EdgeChanges;
} {
  const changes: EdgeChanges = { singleReplica: [], disruptionBudgets: [], containers: 0, retention: [] };
  const out: Record<string, KubeObject> = {};
  for (const address of Object.keys(objects).sort()) {
    const object = objects[address]!;
    if (object.kind === 'PodDisruptionBudget') {
      changes.disruptionBudgets.push(address);
      continue;
    }
    const spec = (object as { spec?: unknown }).spec;
    if (!isPlainObject(spec)) {
      out[address] = object;
      continue;
    }
    let next: Json = withHalvedPods(object.kind, spec, changes);
    if (typeof spec.replicas === 'number' && spec.replicas > 1) {
      next = { ...next, replicas: 1 };
      changes.singleReplica.push(address);
    }
    // Pods an operator builds from the object (Prometheus, Alertmanager) carry their resources in the spec.
    if (!isPlainObject(spec.template) && isPlainObject(spec.resources)) {
      changes.containers++;
      next = { ...next, resources: halvedResources(spec.resources) };
    }
    if (object.kind === 'Prometheus' && typeof spec.retention === 'string') {
      const seconds = durationSeconds(spec.retention);
      if (seconds === undefined || seconds > EDGE_RETENTION_SECONDS) {
        next = { ...next, retention: EDGE_RETENTION };
        changes.retention.push(address);
      }
    }
    out[address] = { ...object, spec: next } as KubeObject;
  }
  return { objects: out, changes };
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
export function podRequests(objects: readonly KubeObject[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  const add = (resources: { requests?: { cpu?: string; memory?: string } } | undefined, times: number) => {
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
