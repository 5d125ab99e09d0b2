import { restrictedPodSecurityContext, restrictedSecurityContext } from '@mixstack/kit';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { POD_LOGS_DIR } from '../pipelines/logs.js';
import {
  OTLP_GRPC_PORT,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT,
  OTLP_HTTP_PORT_NAME,
} from '../pipelines/traces.js';
import {
  ALLOY_USER,
  type AlloyContext,
  CLUSTER_SERVICE,
  CONFIG_DIR,
  HTTP_PORT,
  NAME,
  STORAGE_DIR,
  TMP_DIR,
} from './context.js';
import { nodeDaemonSet } from './node-daemon-set.js';

/** Where Alloy keeps the positions of the node's files across pod restarts and rollouts (files mode). */
export const NODE_STORAGE_DIR = '/var/lib/mixstack-alloy';

/** The flags of an Alloy cluster: peers talk over the HTTP port; the headless Service lists every pod, ready or not. */
function clusterArgs(c: AlloyContext): string[] {
  if (!c.needs.cluster) return [];
  return [
    '--cluster.enabled=true',
    `--cluster.join-addresses=${CLUSTER_SERVICE}.${c.namespace}.svc:${HTTP_PORT}`,
  ];
}

/**
 * Reading the node's files, the process runs as root (uid 0): the kubelet writes pod logs
 * owned by root, readable by no one else. Everything else of `restricted` holds: no
 * capability (root reads files it owns without CAP_DAC_OVERRIDE), no privilege escalation, a
 * read-only root filesystem and RuntimeDefault seccomp.
 */
function containerSecurity(c: AlloyContext): ISecurityContext {
  if (!c.needs.nodeLogFiles) return restrictedSecurityContext();
  return { ...restrictedSecurityContext(), runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 };
}

/**
 * The root filesystem is read-only: `/tmp` is an `emptyDir` (Alloy's data, `/tmp/alloy`, and
 * any temporary file). Reading the node's files, the data is on the node instead, so that a
 * rollout does not read every file again from its start.
 */
function volumes(c: AlloyContext): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const volumes: IVolume[] = [
    { name: 'config', configMap: { name: NAME } },
    { name: 'tmp', emptyDir: {} },
  ];
  const mounts: IVolumeMount[] = [
    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
    { name: 'tmp', mountPath: TMP_DIR },
  ];
  if (c.needs.nodeLogFiles) {
    volumes.push(
      { name: 'pod-logs', hostPath: { path: POD_LOGS_DIR, type: 'Directory' } },
      { name: 'storage', hostPath: { path: NODE_STORAGE_DIR, type: 'DirectoryOrCreate' } },
    );
    mounts.push(
      { name: 'pod-logs', mountPath: POD_LOGS_DIR, readOnly: true },
      { name: 'storage', mountPath: STORAGE_DIR },
    );
  }
  return { volumes, mounts };
}

/**
 * Alloy on every node (every taint tolerated by default): the pipelines' chains read the pods
 * of their own node, found through the node's name in `HOSTNAME`. Through the API it meets Pod
 * Security `restricted` as Alloy's own user; reading the node's files it mounts
 * `/var/log/pods` read-only and runs as root, in its own privileged namespace.
 */
export function daemonSet(c: AlloyContext): IDaemonSet {
  const { volumes: podVolumes, mounts } = volumes(c);
  return nodeDaemonSet({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    selector: c.selector,
    image: c.image,
    configChecksum: c.configChecksum,
    extraArgs: clusterArgs(c),
    // The applications' spans (a traces pipeline): OTLP over gRPC and HTTP.
    extraPorts: c.needs.otlp
      ? [
          { name: OTLP_GRPC_PORT_NAME, containerPort: OTLP_GRPC_PORT, protocol: 'TCP' },
          { name: OTLP_HTTP_PORT_NAME, containerPort: OTLP_HTTP_PORT, protocol: 'TCP' },
        ]
      : [],
    hostPID: false,
    podSecurityContext: c.needs.nodeLogFiles
      ? { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } }
      : restrictedPodSecurityContext({ user: ALLOY_USER }),
    securityContext: containerSecurity(c),
    resources: c.resources,
    volumes: podVolumes,
    mounts,
    values: c.values,
  });
}
