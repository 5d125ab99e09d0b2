import { allWorkloads, mapSelectorMatches, stringMap } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** A Service that selects no pod of the stack is a typo in a label, found at apply time only as silence. */
export const serviceSelectsPods: SafetyCheck = {
  name: 'service-selects-pods',
  description: 'Every Service with a selector selects pods of a workload in the stack.',
  run(objects) {
    const workloads = allWorkloads(objects);
    const violations: Violation[] = [];
    for (const { address, object } of objects) {
      if (object.kind !== 'Service') continue;
      const spec = (object as { spec?: { selector?: unknown } }).spec;
      const selector = stringMap(spec?.selector);
      if (Object.keys(selector).length === 0) continue;
      const namespace = object.metadata?.namespace ?? '';
      const match = workloads.some(
        (w) => w.workload.namespace === namespace && mapSelectorMatches(selector, w.workload.podLabels),
      );
      if (!match) {
        violations.push({
          address,
          path: 'spec.selector',
          message: `the Service selects no pod of the stack in namespace "${namespace}"`,
          hint: "make spec.selector equal the workload's pod labels, or add a named exception if it selects pods managed elsewhere",
          value: selector,
        });
      }
    }
    return violations;
  },
};
