import { allWorkloads, get, selectorMatches } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** With several replicas, a node drain must not take them all at once. */
export const disruptionBudget: SafetyCheck = {
  name: 'disruption-budget',
  description: 'Every workload with more than one replica has a PodDisruptionBudget.',
  run(objects) {
    const budgets = objects.filter((o) => o.object.kind === 'PodDisruptionBudget');
    const violations: Violation[] = [];
    for (const { address, workload } of allWorkloads(objects)) {
      if ((workload.replicas ?? 1) <= 1) continue;
      const covered = budgets.some(
        (b) =>
          b.object.metadata?.namespace === workload.namespace &&
          selectorMatches(get(b.object, 'spec.selector'), workload.podLabels),
      );
      if (!covered) {
        violations.push({
          address,
          path: 'spec.replicas',
          message: `${workload.replicas} replicas but no PodDisruptionBudget selects them`,
          hint: 'add a PodDisruptionBudget (minAvailable: 1 or maxUnavailable: 1) selecting the pod labels',
          value: workload.replicas,
        });
      }
    }
    return violations;
  },
};
