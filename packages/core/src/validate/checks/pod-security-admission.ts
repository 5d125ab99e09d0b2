import { hostAccess } from './host-access.js';
import { podSecurityRestricted } from './pod-security-restricted.js';
import type { CheckedObject, SafetyCheck, Violation } from './types.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/**
 * An exception to `host-access` or `pod-security-restricted` says why a workload may break
 * them, but the cluster's Pod Security admission does not read our exceptions: a workload
 * that breaks a level its namespace enforces is rejected when applied. This check cannot be
 * excepted away; move the workload to a namespace labelled for the level it needs.
 */
export const podSecurityAdmission: SafetyCheck = {
  name: 'pod-security-admission',
  description: 'No workload breaks the Pod Security level its (rendered) namespace enforces.',
  allowsExceptions: false,
  run(objects) {
    const levels = new Map<string, string>();
    for (const { object } of objects) {
      if (object.kind === 'Namespace' && object.metadata?.name)
        levels.set(object.metadata.name, object.metadata.labels?.[ENFORCE] ?? 'privileged');
    }
    const violations: Violation[] = [];
    const inNamespace = (level: string): CheckedObject[] =>
      objects.filter((o) => o.workload?.podSpec && levels.get(o.workload.namespace) === level);
    const reject = (level: string, found: Violation[]) => {
      for (const violation of found) {
        violations.push({
          ...violation,
          message: `${violation.message}; namespace enforces Pod Security "${level}", so the pods would be rejected`,
          hint: `run the workload in its own namespace labelled ${ENFORCE}: privileged (and give it a named exception), or ${violation.hint}`,
        });
      }
    };
    const restricted = inNamespace('restricted');
    reject('restricted', [...hostAccess.run(restricted), ...podSecurityRestricted.run(restricted)]);
    reject('baseline', hostAccess.run(inNamespace('baseline')));
    return violations;
  },
};
