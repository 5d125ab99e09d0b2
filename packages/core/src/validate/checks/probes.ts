import { containersOf, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** Without probes, a hung process keeps receiving traffic and is never restarted. */
export const probes: SafetyCheck = {
  name: 'probes',
  description: 'Every long-running container has a readiness and a liveness probe.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, object, workload } of podWorkloads(objects)) {
      if (object.kind === 'Job' || object.kind === 'CronJob') continue;
      for (const { container, path, init } of containersOf(workload)) {
        if (init) continue;
        for (const probe of ['readinessProbe', 'livenessProbe']) {
          if (container[probe] === undefined) {
            violations.push({
              address,
              path: `${path}.${probe}`,
              message: `container "${String(container.name)}" has no ${probe}`,
              hint: `add a ${probe} (an HTTP health endpoint or a TCP check of the serving port)`,
            });
          }
        }
      }
    }
    return violations;
  },
};
