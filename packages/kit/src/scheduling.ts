import { options } from '@mixstack/core';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';

/**
 * Where pods run and how many may go at once (safe by default: a PodDisruptionBudget and
 * spreading when replicas > 1).
 */

/** The node selector kube-prometheus gives every workload: the images are Linux images. */
export function linuxNodes(): Record<string, string> {
  return { 'kubernetes.io/os': 'linux' };
}

/** The options schema of a `nodeSelector` field. */
export const nodeSelectorSchema: options.Schema<Record<string, string>> = options.labels();

/** The topology key of nodes; `topology.kubernetes.io/zone` spreads over zones. */
const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';

/**
 * Spread constraints over the given topologies (nodes by default): at most one pod more in one
 * domain than in another. `ScheduleAnyway`, not `DoNotSchedule`: a cluster with fewer nodes
 * (or zones) than replicas still runs them all, only less spread.
 */
export function topologySpread(
  selector: Readonly<Record<string, string>>,
  topologyKeys: readonly string[] = [HOSTNAME_TOPOLOGY],
): ITopologySpreadConstraint[] {
  return topologyKeys.map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selector } },
  }));
}

export interface PodDisruptionBudgetInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the pods it covers. */
  selector: Record<string, string>;
  /**
   * How the budget counts: `{ maxUnavailable: 1 }` lets a drain take one pod at a time (members
   * of a cluster that must keep a quorum); `{ minAvailable: 1 }` keeps one pod serving
   * (replicas that each hold all the data). Only for replicas > 1: with one replica, either
   * blocks every node drain.
   */
  budget: { maxUnavailable: number } | { minAvailable: number };
}

/** A PodDisruptionBudget (policy/v1) over the component's pods. */
export function podDisruptionBudget(input: PodDisruptionBudgetInput): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: { ...input.budget, selector: { matchLabels: input.selector } },
  };
}
