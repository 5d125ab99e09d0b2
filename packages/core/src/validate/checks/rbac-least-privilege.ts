import { get } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

const ESCALATING_VERBS = new Set(['escalate', 'bind', 'impersonate']);
const READ_VERBS = new Set(['get', 'list', 'watch']);
const ADMIN_ROLES = new Set(['cluster-admin', 'admin', 'edit']);

/**
 * RBAC grants what a workload uses and nothing more: no wildcards, no escalation verbs, no
 * binding to the built-in admin roles, and no writing of Secrets (reading them stays visible
 * in the role, where a reviewer sees it).
 */
export const rbacLeastPrivilege: SafetyCheck = {
  name: 'rbac-least-privilege',
  description: 'Roles use no wildcards, escalation verbs, admin bindings or Secret writes.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, object } of objects) {
      if (object.kind === 'Role' || object.kind === 'ClusterRole') {
        const rules = get(object, 'rules');
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule, i) => {
          for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs']) {
            const values = get(rule, field);
            if (Array.isArray(values) && values.includes('*')) {
              violations.push({
                address,
                path: `rules.${i}.${field}`,
                message: `the role grants "*" in ${field}`,
                hint: `list the ${field} the workload needs`,
                value: values,
              });
            }
          }
          const verbs = get(rule, 'verbs');
          const resources = get(rule, 'resources');
          if (Array.isArray(verbs)) {
            const escalating = verbs.filter((verb) => ESCALATING_VERBS.has(String(verb)));
            if (escalating.length > 0) {
              violations.push({
                address,
                path: `rules.${i}.verbs`,
                message: `the role grants ${escalating.join(', ')}`,
                hint: 'remove privilege-escalating verbs',
                value: verbs,
              });
            }
            if (Array.isArray(resources) && resources.includes('secrets')) {
              const writes = verbs.filter((verb) => !READ_VERBS.has(String(verb)));
              if (writes.length > 0) {
                violations.push({
                  address,
                  path: `rules.${i}.verbs`,
                  message: `the role may ${writes.join(', ')} Secrets`,
                  hint: 'grant only get/list/watch on secrets, or add a named exception if the workload manages Secrets',
                  value: verbs,
                });
              }
            }
          }
        });
      }
      if (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') {
        const role = get(object, 'roleRef.name');
        if (get(object, 'roleRef.kind') === 'ClusterRole' && ADMIN_ROLES.has(String(role))) {
          violations.push({
            address,
            path: 'roleRef.name',
            message: `the binding grants the built-in "${String(role)}" role`,
            hint: 'bind a role that lists only what the workload needs',
            value: role,
          });
        }
      }
    }
    return violations;
  },
};
