import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';

/**
 * Pod Security Standards `restricted`, written once: core's safety checks reject
 * a workload that misses any of these fields, so every component builds its security contexts
 * here instead of spelling them out.
 */

/** The uid and gid `nobody` of distroless and most exporter images. */
const NOBODY = 65534;

/**
 * What every container runs with: no privilege escalation, no capability, a read-only root
 * filesystem, non-root, RuntimeDefault seccomp. `user` sets `runAsUser` and `runAsGroup` for
 * images whose own user is root or unset; without it the pod's security context decides.
 */
export function restrictedSecurityContext(user?: number): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    ...(user !== undefined ? { runAsUser: user, runAsGroup: user } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Who the pod's processes run as. */
export interface PodIdentity {
  /** `runAsUser`; never 0 (the `restricted` level refuses root). @default 65534 (nobody) */
  user?: number;
  /** `runAsGroup`. @default the user's id */
  group?: number;
  /**
   * `fsGroup`: the group that owns mounted volumes, so that a non-root process can write its
   * PersistentVolume. Only for pods that write a volume.
   * @default undefined (volumes keep their ownership)
   */
  fsGroup?: number;
}

/** The pod-level half of `restricted`: non-root with a fixed identity and RuntimeDefault seccomp. */
export function restrictedPodSecurityContext(identity: PodIdentity = {}): IPodSecurityContext {
  const user = identity.user ?? NOBODY;
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: identity.group ?? user,
    ...(identity.fsGroup !== undefined ? { fsGroup: identity.fsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Pod Security levels of a namespace for node agents (node-exporter, a log collector) that need
 * the host: such a workload cannot meet `restricted`, so it runs in a namespace of its own
 * labelled `privileged`, with nothing else in it, instead of weakening the stack's namespace.
 */
export const PRIVILEGED_NAMESPACE_LABELS = {
  'pod-security.kubernetes.io/enforce': 'privileged',
  'pod-security.kubernetes.io/audit': 'privileged',
  'pod-security.kubernetes.io/warn': 'privileged',
} as const;

/** A Namespace labelled for the Pod Security level `privileged` (see PRIVILEGED_NAMESPACE_LABELS). */
export function privilegedNamespace(name: string, labels: Readonly<Record<string, string>>): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { ...labels, ...PRIVILEGED_NAMESPACE_LABELS } },
  };
}
