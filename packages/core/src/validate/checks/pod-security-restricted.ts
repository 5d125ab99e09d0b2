import { isPlainObject } from '../../merge.js';
import { containersOf, get, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/** Volume types the Pod Security `restricted` level allows. */
export const RESTRICTED_VOLUME_TYPES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const;

const ALLOWED_ADDED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

/**
 * Pod Security Standards `restricted` (minus host access, which `host-access` covers):
 * non-root, no privilege escalation, all capabilities dropped, a seccomp profile and only the
 * allowed volume types. Mirrors the checks of Kubernetes' pod-security-admission.
 */
export const podSecurityRestricted: SafetyCheck = {
  name: 'pod-security-restricted',
  description: 'Pods meet the Pod Security Standards "restricted" level.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, workload } of podWorkloads(objects)) {
      const spec = workload.podSpec;
      const base = workload.podSpecPath ?? 'spec';
      const podContext = isPlainObject(spec.securityContext) ? spec.securityContext : {};
      const fail = (path: string, message: string, hint: string, value?: unknown) =>
        violations.push({ address, path, message, hint, value });

      if (podContext.runAsUser === 0)
        fail(
          `${base}.securityContext.runAsUser`,
          'pods must not run as uid 0',
          'set a non-zero runAsUser such as 65534',
          0,
        );
      const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
      volumes.forEach((volume, i) => {
        if (!isPlainObject(volume)) return;
        const type = Object.keys(volume).find((key) => key !== 'name');
        if (type && !(RESTRICTED_VOLUME_TYPES as readonly string[]).includes(type) && type !== 'hostPath') {
          fail(
            `${base}.volumes.${i}.${type}`,
            `volume type "${type}" is not allowed by the restricted level`,
            `use one of ${RESTRICTED_VOLUME_TYPES.join(', ')}`,
          );
        }
      });

      for (const { container, path } of containersOf(workload)) {
        const context = isPlainObject(container.securityContext) ? container.securityContext : {};
        const name = String(container.name ?? '?');
        if (context.allowPrivilegeEscalation !== false) {
          fail(
            `${path}.securityContext.allowPrivilegeEscalation`,
            `container "${name}" must set allowPrivilegeEscalation: false`,
            'set securityContext.allowPrivilegeEscalation: false on the container',
            context.allowPrivilegeEscalation,
          );
        }
        const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
        if (runAsNonRoot !== true) {
          fail(
            `${path}.securityContext.runAsNonRoot`,
            `container "${name}" must run as non-root`,
            'set securityContext.runAsNonRoot: true on the pod or the container',
            runAsNonRoot,
          );
        }
        if (context.runAsUser === 0)
          fail(
            `${path}.securityContext.runAsUser`,
            `container "${name}" must not run as uid 0`,
            'set a non-zero runAsUser',
            0,
          );
        const drop = get(context, 'capabilities.drop');
        if (!Array.isArray(drop) || !drop.includes('ALL')) {
          fail(
            `${path}.securityContext.capabilities.drop`,
            `container "${name}" must drop all capabilities`,
            'set securityContext.capabilities.drop: [ALL]',
            drop,
          );
        }
        const add = get(context, 'capabilities.add');
        if (Array.isArray(add)) {
          const extra = add.filter((capability) => !ALLOWED_ADDED_CAPABILITIES.has(String(capability)));
          if (extra.length > 0) {
            fail(
              `${path}.securityContext.capabilities.add`,
              `container "${name}" adds capabilities ${extra.join(', ')}`,
              'add at most NET_BIND_SERVICE, or give the workload a named exception with the reason',
              add,
            );
          }
        }
        const seccomp = get(context, 'seccompProfile.type') ?? get(podContext, 'seccompProfile.type');
        if (!SECCOMP_OK.has(String(seccomp))) {
          fail(
            `${path}.securityContext.seccompProfile.type`,
            `container "${name}" needs a seccomp profile`,
            'set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container',
            seccomp,
          );
        }
      }
    }
    return violations;
  },
};
