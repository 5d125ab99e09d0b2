import { checks, type SafetyCheck } from '@mixstack/core';

/** GKE Autopilot admits hostPath volumes only under /var/log (read-only, log collectors). */
const ALLOWED_HOST_PATH = /^\/var\/log(\/|$)/;

/**
 * What GKE Autopilot's admission rejects: host network, PID and IPC namespaces, host ports,
 * privileged containers and hostPath volumes outside /var/log. It runs on the rendered objects
 * after every patch, so that anything a component renders which Autopilot would refuse fails
 * the build (naming the object) instead of the apply. No exception can lift it: the cluster
 * would still reject the pod.
 */
export const autopilotCheck: SafetyCheck = {
  name: 'gke-autopilot',
  description:
    'Pods use nothing GKE Autopilot rejects (host namespaces, host ports, privileged containers, hostPath outside /var/log).',
  allowsExceptions: false,
  run(objects) {
    return checks.hostAccess
      .run(objects)
      .filter((violation) => {
        if (!violation.path.endsWith('.hostPath')) return true;
        const path = (violation.value as { path?: unknown } | undefined)?.path;
        return !(typeof path === 'string' && ALLOWED_HOST_PATH.test(path));
      })
      .map((violation) => ({
        ...violation,
        message: `GKE Autopilot rejects this: ${violation.message}`,
        hint: 'leave the workload out on Autopilot (gke() does so for node-exporter), or run a Standard cluster',
      }));
  },
};
