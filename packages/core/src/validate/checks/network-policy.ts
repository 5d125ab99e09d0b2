import { allWorkloads, get, selectorMatches } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/**
 * Every pod is covered by a NetworkPolicy of its own (which admits only its known clients), and
 * every such policy selects pods of the stack (otherwise it protects nothing, usually a label
 * typo). A namespace-wide policy (`podSelector: {}`, the default deny) counts for neither: it
 * stands for pods to come, and covering a workload with it alone denies the workload everything.
 */
function selectsWholeNamespace(selector: unknown): boolean {
  if (selector === null || typeof selector !== 'object') return false;
  const { matchLabels, matchExpressions } = selector as Record<string, unknown>;
  const empty = (value: unknown) =>
    value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  return empty(matchLabels) && empty(matchExpressions);
}

export const networkPolicy: SafetyCheck = {
  name: 'network-policy',
  description: 'Every workload is selected by a NetworkPolicy, and every NetworkPolicy selects a workload.',
  run(objects) {
    const policies = objects.filter(
      (o) => o.object.kind === 'NetworkPolicy' && !selectsWholeNamespace(get(o.object, 'spec.podSelector')),
    );
    const workloads = allWorkloads(objects);
    const violations: Violation[] = [];
    const covers = (policy: (typeof policies)[number], namespace: string, labels: Record<string, string>) =>
      policy.object.metadata?.namespace === namespace &&
      selectorMatches(get(policy.object, 'spec.podSelector'), labels);
    for (const { address, workload } of workloads) {
      if (!policies.some((policy) => covers(policy, workload.namespace, workload.podLabels))) {
        violations.push({
          address,
          path: 'metadata',
          message: 'no NetworkPolicy selects the pods of this workload',
          hint: 'add a NetworkPolicy whose podSelector matches the pod labels and admits only the known clients',
          value: workload.podLabels,
        });
      }
    }
    for (const policy of policies) {
      if (!workloads.some((w) => covers(policy, w.workload.namespace, w.workload.podLabels))) {
        violations.push({
          address: policy.address,
          path: 'spec.podSelector',
          message: 'the NetworkPolicy selects no pod of the stack',
          hint: "make spec.podSelector match the workload's pod labels",
          value: get(policy.object, 'spec.podSelector'),
        });
      }
    }
    return violations;
  },
};
