import { get, selectorMatches } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** A workload whose selector does not match its own pods is rejected or, worse, adopts other pods. */
export const selectorMatchesTemplate: SafetyCheck = {
  name: 'selector-matches-template',
  description: "A workload's selector matches the labels of its pod template.",
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, object, workload } of objects) {
      if (
        !workload?.podSpec ||
        !['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(object.kind)
      )
        continue;
      const selector = get(object, 'spec.selector');
      if (!selectorMatches(selector, workload.podLabels)) {
        violations.push({
          address,
          path: 'spec.selector',
          message: 'the selector does not match the pod template labels',
          hint: 'use the same selector labels in spec.selector.matchLabels and spec.template.metadata.labels',
          value: selector,
        });
      }
    }
    return violations;
  },
};
