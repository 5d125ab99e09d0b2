import type { SafetyCheck, Violation } from './types.js';

/** Alpha and beta APIs change or disappear between Kubernetes releases. */
export const stableApiVersions: SafetyCheck = {
  name: 'stable-api-versions',
  description: 'Objects use stable (non-alpha, non-beta) API versions.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, object } of objects) {
      const version = object.apiVersion.split('/').pop() ?? '';
      if (/^v\d+(alpha|beta)\d*$/.test(version)) {
        violations.push({
          address,
          path: 'apiVersion',
          message: `${object.kind} uses the pre-release API ${object.apiVersion}`,
          hint: 'use the stable version of the API, or add a named exception if none exists yet',
          value: object.apiVersion,
        });
      }
    }
    return violations;
  },
};
