import { disruptionBudget } from './disruption-budget.js';
import { hostAccess } from './host-access.js';
import { networkPolicy } from './network-policy.js';
import { noInlineSecrets } from './no-inline-secrets.js';
import { persistentStorage } from './persistent-storage.js';
import { pinnedImages } from './pinned-images.js';
import { podSecurityAdmission } from './pod-security-admission.js';
import { podSecurityRestricted } from './pod-security-restricted.js';
import { probes } from './probes.js';
import { rbacLeastPrivilege } from './rbac-least-privilege.js';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.js';
import { resources } from './resources.js';
import { selectorMatchesTemplate } from './selector-matches-template.js';
import { serviceAccount } from './service-account.js';
import { serviceSelectsPods } from './service-selects-pods.js';
import { spread } from './spread.js';
import { stableApiVersions } from './stable-api-versions.js';
import type { SafetyCheck } from './types.js';

/** The safety checks of mixstack's safe defaults, run at render time on every stack. */
export const defaultChecks: readonly SafetyCheck[] = [
  podSecurityRestricted,
  hostAccess,
  podSecurityAdmission,
  readOnlyRootFilesystem,
  pinnedImages,
  resources,
  probes,
  selectorMatchesTemplate,
  serviceSelectsPods,
  networkPolicy,
  disruptionBudget,
  spread,
  serviceAccount,
  noInlineSecrets,
  stableApiVersions,
  rbacLeastPrivilege,
  persistentStorage,
];

export {
  disruptionBudget,
  hostAccess,
  networkPolicy,
  noInlineSecrets,
  persistentStorage,
  pinnedImages,
  podSecurityAdmission,
  podSecurityRestricted,
  probes,
  rbacLeastPrivilege,
  readOnlyRootFilesystem,
  resources,
  selectorMatchesTemplate,
  serviceAccount,
  serviceSelectsPods,
  spread,
  stableApiVersions,
};
