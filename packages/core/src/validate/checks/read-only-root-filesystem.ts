import { containersOf, get, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** Containers cannot write to their image; writable paths are explicit emptyDir or PVC mounts. */
export const readOnlyRootFilesystem: SafetyCheck = {
  name: 'read-only-root-filesystem',
  description: 'Every container has a read-only root filesystem.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, workload } of podWorkloads(objects)) {
      for (const { container, path } of containersOf(workload)) {
        const value = get(container, 'securityContext.readOnlyRootFilesystem');
        if (value !== true) {
          violations.push({
            address,
            path: `${path}.securityContext.readOnlyRootFilesystem`,
            message: `container "${String(container.name)}" can write to its root filesystem`,
            hint: 'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the program writes',
            value,
          });
        }
      }
    }
    return violations;
  },
};
