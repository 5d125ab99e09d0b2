/**
 * Reading a rendered real stack (the components of `mixstack`) for what the plan sized: where
 * each workload of the plan lands in the rendered objects, and what it should hold there.
 */
import type { ContainerResources, RenderResult } from '@mixstack/core';
import type { SizingPlan, WorkloadPlan } from './plan.js';
import { cpuQuantity, memoryQuantity } from './quantities.js';

/** A workload's id in the plan and the notice: `prometheus/server`, `thanos/compact`. */
export const workloadId = (w: WorkloadPlan): string => `${w.component}/${w.workload ?? w.container}`;

interface Spec {
  replicas?: number;
  resources?: ContainerResources;
  retention?: string;
  template?: { spec: { containers: { name: string; resources?: ContainerResources }[] } };
  thanos?: { resources?: ContainerResources };
}

type ResourcesIn = (spec: Spec, container: string) => ContainerResources | undefined;
const inPodTemplate: ResourcesIn = (spec, container) =>
  spec.template?.spec.containers.find((c) => c.name === container)?.resources;

/**
 * Where the real components render each container the plan may size, by `component/container`:
 * the object, and where in it the container's resources are. Prometheus and its Thanos sidecar
 * are fields of the operator's Prometheus resource (`spec.resources`, `spec.thanos.resources`);
 * the others are containers of pod templates.
 */
const RENDERED: Readonly<Record<string, { address: string; resources: ResourcesIn }>> = {
  'prometheus/prometheus': { address: 'prometheus/prometheus', resources: (spec) => spec.resources },
  'thanos/thanos-sidecar': { address: 'prometheus/prometheus', resources: (spec) => spec.thanos?.resources },
  'thanos/query': { address: 'thanos/queryDeployment', resources: inPodTemplate },
  'thanos/query-frontend': { address: 'thanos/queryFrontendDeployment', resources: inPodTemplate },
  'thanos/store': { address: 'thanos/storeStatefulSet', resources: inPodTemplate },
  'thanos/compact': { address: 'thanos/compactStatefulSet', resources: inPodTemplate },
  'loki/loki': { address: 'loki/statefulSet', resources: inPodTemplate },
  'tempo/tempo': { address: 'tempo/statefulSet', resources: inPodTemplate },
  'alloy/alloy': { address: 'alloy/daemonSet', resources: inPodTemplate },
};

/** The object at an address (throws when the stack did not render it). */
function objectAt(result: RenderResult, address: string): { kind: string; spec: Spec } {
  const found = result.objects.find((o) => o.address === address);
  if (!found) throw new Error(`${address} is not rendered`);
  return found.object as unknown as { kind: string; spec: Spec };
}

/** The `spec` of the object at an address (throws when the stack did not render it). */
export const specAt = (result: RenderResult, address: string): Spec => objectAt(result, address).spec;

/** What a container of a real component rendered with, by the component's and the container's names. */
export function renderedResources(
  result: RenderResult,
  component: string,
  container: string,
): ContainerResources | undefined {
  const where = RENDERED[`${component}/${container}`];
  if (!where) throw new Error(`no rendered object known for ${component}/${container}`);
  return where.resources(specAt(result, where.address), container);
}

/** What a workload of the plan rendered as: its kind, replicas and its sized container's resources. */
export function renderedWorkload(
  result: RenderResult,
  w: WorkloadPlan,
): { kind: string; replicas: number | undefined; resources: ContainerResources | undefined } {
  const where = RENDERED[`${w.component}/${w.container}`];
  if (!where) throw new Error(`no rendered object known for ${workloadId(w)}`);
  const { kind, spec } = objectAt(result, where.address);
  return { kind, replicas: spec.replicas, resources: renderedResources(result, w.component, w.container) };
}

/**
 * The resources a workload should render with: the plan's requests and memory limit over what
 * the component renders unsized (a field the plan leaves out stays as the component says).
 */
export function plannedResources(
  w: WorkloadPlan,
  unsized: ContainerResources | undefined,
): ContainerResources {
  return {
    ...unsized,
    requests: {
      ...unsized?.requests,
      ...(w.cpu !== undefined ? { cpu: cpuQuantity(w.cpu) } : {}),
      ...(w.memory !== undefined ? { memory: memoryQuantity(w.memory) } : {}),
    },
    limits: {
      ...unsized?.limits,
      ...(w.memoryLimit !== undefined ? { memory: memoryQuantity(w.memoryLimit) } : {}),
    },
  } as ContainerResources;
}

/**
 * The replicas a workload should render with: the plan's count, unless the plan leaves them to
 * an option (Loki's HA mode) or runs one pod per node (a DaemonSet has no replicas).
 */
export function plannedReplicas(w: WorkloadPlan, unsized: number | undefined): number | undefined {
  return typeof w.replicas === 'number' && !w.replicasOption ? w.replicas : unsized;
}

/**
 * For each workload given (the plan's, by default), what the sized stack rendered and what it
 * should have rendered by the plan over the unsized stack, side by side for one `toEqual` that
 * names every workload that differs.
 */
export function sizedAgainstPlan(
  plan: SizingPlan,
  sized: RenderResult,
  unsized: RenderResult,
  workloads: readonly WorkloadPlan[] = plan.workloads,
): { actual: Record<string, unknown>; expected: Record<string, unknown> } {
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  for (const w of workloads) {
    const before = renderedWorkload(unsized, w);
    const after = renderedWorkload(sized, w);
    actual[workloadId(w)] = { replicas: after.replicas, resources: after.resources };
    expected[workloadId(w)] = {
      replicas: plannedReplicas(w, before.replicas),
      resources: plannedResources(w, before.resources),
    };
  }
  return { actual, expected };
}
