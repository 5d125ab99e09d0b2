import { allWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** Replicas on one node fail together; spread them. */
export const spread: SafetyCheck = {
  name: 'spread',
  description: 'Every workload with more than one replica spreads them across nodes.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, workload } of allWorkloads(objects)) {
      if ((workload.replicas ?? 1) <= 1 || workload.spread) continue;
      violations.push({
        address,
        path: workload.podSpecPath
          ? `${workload.podSpecPath}.topologySpreadConstraints`
          : 'spec.topologySpreadConstraints',
        message: `${workload.replicas} replicas with no pod anti-affinity or topology spread constraints`,
        hint: 'add topologySpreadConstraints on kubernetes.io/hostname (or podAntiAffinity)',
        value: workload.replicas,
      });
    }
    return violations;
  },
};
