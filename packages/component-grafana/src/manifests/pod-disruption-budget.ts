import { podDisruptionBudget as budget } from '@mixstack/kit';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { NAME } from '../labels.js';
import type { GrafanaContext } from './context.js';

/** With several replicas, a node drain takes at most one Grafana pod at a time. */
export function podDisruptionBudget(context: GrafanaContext): IPodDisruptionBudget | undefined {
  if (context.values.replicas <= 1) return undefined;
  return budget({
    name: NAME,
    namespace: context.namespace,
    labels: context.labels,
    selector: context.selector,
    budget: { maxUnavailable: 1 },
  });
}
