import { containersOf, get, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** The scheduler needs requests to place pods; a memory limit keeps one leak from taking the node. */
export const resources: SafetyCheck = {
  name: 'resources',
  description: 'Every container requests CPU and memory and has a memory limit.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, workload } of podWorkloads(objects)) {
      for (const { container, path } of containersOf(workload)) {
        const name = String(container.name);
        for (const field of ['requests.cpu', 'requests.memory', 'limits.memory']) {
          if (get(container, `resources.${field}`) === undefined) {
            violations.push({
              address,
              path: `${path}.resources.${field}`,
              message: `container "${name}" has no ${field.replace('.', ' ')}`,
              hint: `set resources.${field} (the component's resources option)`,
            });
          }
        }
      }
    }
    return violations;
  },
};
