import { podDisruptionBudget } from '@mixstack/kit';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { PartContext, ThanosContext } from './context.js';

/**
 * With more than one pod, a node drain takes one at a time (each Query, Query Frontend and Store
 * Gateway pod serves everything); with one, a budget would block every drain.
 */
export function partDisruptionBudget(c: ThanosContext, part: PartContext): IPodDisruptionBudget | undefined {
  if (part.replicas < 2) return undefined;
  return podDisruptionBudget({
    name: part.name,
    namespace: c.namespace,
    labels: part.labels,
    selector: part.selector,
    budget: { maxUnavailable: 1 },
  });
}
