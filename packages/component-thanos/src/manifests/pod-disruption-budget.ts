import { podDisruptionBudget as budget } from '@mixstack/kit';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { NAME, type ThanosContext } from './context.js';

/** With more than one pod, a node drain takes one at a time; with one, a budget would block every drain. */
export function podDisruptionBudget(c: ThanosContext): IPodDisruptionBudget | undefined {
  if (c.values.replicas < 2) return undefined;
  return budget({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    selector: c.selector,
    budget: { maxUnavailable: 1 },
  });
}
