/**
 * What the rendered stack asks of the cluster, added up from the objects themselves: CPU and
 * memory requests and limits of every pod, times its replicas, and the storage of its claims.
 * DaemonSets run one pod on each node, so they add up per node, apart from the rest. The
 * numbers are those of the manifests: a container an operator adds to a pod at run time (the
 * config reloader prometheus-operator injects) is not in them.
 */
import { type KubeObject, quantityValue, type RenderResult } from '@mixstack/core';

/** CPU in millicores, memory in bytes. */
export interface ResourceAmounts {
  cpu: number;
  memory: number;
}

export interface PodsTotal {
  pods: number;
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/** One component's share, or the whole stack's (`component` undefined). */
export interface ResourceTotals {
  component?: string;
  /** Pods of Deployments, StatefulSets and prometheus-operator's Prometheus and Alertmanager, with their replicas. */
  replicated: PodsTotal;
  /** DaemonSets: one pod on each node, so per node. */
  perNode: PodsTotal;
  /** Storage requested, bytes: each claim template times the replicas, and PersistentVolumeClaim objects. */
  storage: number;
  /** The claims behind `storage` (one per replica of a claim template). */
  claims: number;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const zero = (): PodsTotal => ({ pods: 0, requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } });
const empty = (component?: string): ResourceTotals => ({
  ...(component !== undefined ? { component } : {}),
  replicated: zero(),
  perNode: zero(),
  storage: 0,
  claims: 0,
});

/** A quantity in the unit of the totals (millicores for CPU), 0 when absent or unreadable. */
function amount(value: unknown, resource: 'cpu' | 'memory'): number {
  const parsed =
    typeof value === 'string' || typeof value === 'number' ? quantityValue(String(value)) : undefined;
  if (parsed === undefined) return 0;
  return resource === 'cpu' ? Math.round(parsed * 1000) : Math.round(parsed);
}

function containerAmounts(raw: unknown): { requests: ResourceAmounts; limits: ResourceAmounts } {
  const resources = obj(obj(raw).resources);
  const of = (kind: 'requests' | 'limits') => ({
    cpu: amount(obj(resources[kind]).cpu, 'cpu'),
    memory: amount(obj(resources[kind]).memory, 'memory'),
  });
  return { requests: of('requests'), limits: of('limits') };
}

/**
 * A pod's requests and limits as the scheduler counts them: its containers added up, or its
 * largest init container where that is more (init containers run one at a time, before them).
 */
function podAmounts(containers: unknown[], initContainers: unknown[]) {
  const out = { requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } };
  const app = containers.map(containerAmounts);
  const init = initContainers.map(containerAmounts);
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'] as const) {
      const sum = app.reduce((n, c) => n + c[kind][resource], 0);
      out[kind][resource] = Math.max(sum, ...init.map((c) => c[kind][resource]));
    }
  return out;
}

/** The kinds whose pods or claims the totals add up. */
const COUNTED = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Prometheus',
  'Alertmanager',
  'PersistentVolumeClaim',
]);

const claimSize = (claim: unknown) =>
  amount(obj(obj(obj(obj(claim).spec).resources).requests).storage, 'memory');

function add(into: PodsTotal, pods: number, amounts: ReturnType<typeof podAmounts>) {
  into.pods += pods;
  for (const kind of ['requests', 'limits'] as const)
    for (const resource of ['cpu', 'memory'] as const) into[kind][resource] += pods * amounts[kind][resource];
}

function addObject(totals: ResourceTotals, object: KubeObject): void {
  const spec = obj((object as unknown as Json).spec);
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  switch (object.kind) {
    case 'Prometheus':
    case 'Alertmanager': {
      // The operator's resources: the main container's resources are a top-level field.
      const main = { name: object.kind.toLowerCase(), resources: spec.resources };
      const extra = list(spec.containers).filter((c) => obj(c).name !== main.name);
      add(totals.replicated, replicas, podAmounts([main, ...extra], list(spec.initContainers)));
      const template = obj(spec.storage).volumeClaimTemplate;
      if (template) {
        totals.storage += replicas * claimSize(template);
        totals.claims += replicas;
      }
      return;
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet': {
      const pod = obj(obj(spec.template).spec);
      const amounts = podAmounts(list(pod.containers), list(pod.initContainers));
      if (object.kind === 'DaemonSet') add(totals.perNode, 1, amounts);
      else add(totals.replicated, replicas, amounts);
      for (const claim of list(spec.volumeClaimTemplates)) {
        totals.storage += replicas * claimSize(claim);
        totals.claims += replicas;
      }
      return;
    }
    case 'PersistentVolumeClaim':
      totals.storage += claimSize(object);
      totals.claims += 1;
      return;
  }
}

/** The totals per component (sorted by name) and for the whole stack. */
export function resourceTotals(result: RenderResult): {
  components: ResourceTotals[];
  total: ResourceTotals;
} {
  const byComponent = new Map<string, ResourceTotals>();
  const total = empty();
  for (const { component, object } of result.objects) {
    if (!COUNTED.has(object.kind)) continue;
    addObject(total, object);
    const mine = byComponent.get(component) ?? empty(component);
    addObject(mine, object);
    byComponent.set(component, mine);
  }
  const components = [...byComponent.values()].sort((a, b) => (a.component! < b.component! ? -1 : 1));
  return { components, total };
}
