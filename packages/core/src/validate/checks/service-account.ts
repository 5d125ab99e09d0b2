import { allWorkloads, get } from './pods.js';
import type { CheckedObject, SafetyCheck, Violation } from './types.js';

function boundAccounts(objects: readonly CheckedObject[]): Set<string> {
  const bound = new Set<string>();
  for (const { object } of objects) {
    if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') continue;
    const subjects = get(object, 'subjects');
    if (!Array.isArray(subjects)) continue;
    for (const subject of subjects) {
      if (get(subject, 'kind') === 'ServiceAccount')
        bound.add(`${String(get(subject, 'namespace'))}/${String(get(subject, 'name'))}`);
    }
  }
  return bound;
}

/**
 * Each workload runs as its own ServiceAccount, rendered by the stack. The API token is mounted
 * only where the workload talks to the API, which the stack shows by binding the account to a
 * role; a mounted token without any binding is a credential nobody needs.
 */
export const serviceAccount: SafetyCheck = {
  name: 'service-account',
  description: 'Workloads run as their own ServiceAccount and mount its token only when they use the API.',
  run(objects) {
    const violations: Violation[] = [];
    const accounts = new Map<string, unknown>(
      objects
        .filter((o) => o.object.kind === 'ServiceAccount')
        .map((o) => [`${o.object.metadata?.namespace}/${o.object.metadata?.name}`, o.object]),
    );
    const bound = boundAccounts(objects);
    for (const { address, workload } of allWorkloads(objects)) {
      const base = workload.podSpecPath ?? 'spec';
      const name = workload.serviceAccountName;
      if (!name || name === 'default') {
        violations.push({
          address,
          path: `${base}.serviceAccountName`,
          message: 'the pods run as the default ServiceAccount',
          hint: 'create a ServiceAccount for the workload and set serviceAccountName',
          value: name,
        });
        continue;
      }
      const key = `${workload.namespace}/${name}`;
      const account = accounts.get(key);
      if (!account) {
        violations.push({
          address,
          path: `${base}.serviceAccountName`,
          message: `ServiceAccount "${name}" is not part of the stack`,
          hint: 'render the ServiceAccount with the component',
          value: name,
        });
        continue;
      }
      if (!workload.podSpec) continue;
      const mounts =
        workload.podSpec.automountServiceAccountToken ?? get(account, 'automountServiceAccountToken') ?? true;
      if (mounts !== false && !bound.has(key)) {
        violations.push({
          address,
          path: `${base}.automountServiceAccountToken`,
          message: `the API token of "${name}" is mounted but the account has no role binding`,
          hint: 'set automountServiceAccountToken: false (the workload does not use the API)',
          value: mounts,
        });
      }
    }
    return violations;
  },
};
