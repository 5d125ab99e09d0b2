import { get } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/**
 * Stateful data lives on PersistentVolumeClaims that survive the StatefulSet: deleting or
 * scaling down the workload must not delete the data with it.
 */
export const persistentStorage: SafetyCheck = {
  name: 'persistent-storage',
  description: 'StatefulSets keep their data on PersistentVolumeClaims that are retained.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, object } of objects) {
      if (object.kind !== 'StatefulSet') continue;
      const templates = get(object, 'spec.volumeClaimTemplates');
      if (!Array.isArray(templates) || templates.length === 0) {
        violations.push({
          address,
          path: 'spec.volumeClaimTemplates',
          message: 'the StatefulSet keeps no data on PersistentVolumeClaims',
          hint: 'add a volumeClaimTemplate for the data directory',
        });
        continue;
      }
      for (const when of ['whenDeleted', 'whenScaled']) {
        const policy = get(object, `spec.persistentVolumeClaimRetentionPolicy.${when}`);
        if (policy !== 'Retain') {
          violations.push({
            address,
            path: `spec.persistentVolumeClaimRetentionPolicy.${when}`,
            message: `volumes are not explicitly retained ${when === 'whenDeleted' ? 'when the StatefulSet is deleted' : 'on scale-down'}`,
            hint: `set spec.persistentVolumeClaimRetentionPolicy.${when}: Retain`,
            value: policy,
          });
        }
      }
    }
    return violations;
  },
};
