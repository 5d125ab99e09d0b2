import { containerResources, restrictedPodSecurityContext, restrictedSecurityContext } from '@mixstack/kit';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { NODE_NAME_ENV, POD_LOGS_DIR } from '../pipelines/logs.js';
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
  CONFIG_FILE,
  HTTP_PORT,
  HTTP_PORT_NAME,
  NAME,
  STORAGE_DIR,
  TMP_DIR,
} from './context.js';

/** The annotation whose value changes with `config.alloy`, so that a new configuration rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** Where Alloy keeps the positions of the node's files across pod restarts and rollouts (files mode). */
export const NODE_STORAGE_DIR = '/var/lib/mixstack-alloy';

/** The flags of `alloy run` (grafana/alloy `docs/sources/reference/cli/run.md`). */
function args(c: AlloyContext): string[] {
  return [
    'run',
    `${CONFIG_DIR}/${CONFIG_FILE}`,
    // The default listens on 127.0.0.1 only: the scraper and the probes come from outside the container.
    `--server.http.listen-addr=0.0.0.0:${HTTP_PORT}`,
    `--storage.path=${STORAGE_DIR}`,
    '--stability.level=generally-available',
    // Peers talk over the same HTTP port; the headless Service lists every pod, ready or not.
    ...(c.needs.cluster
      ? [
          '--cluster.enabled=true',
          `--cluster.join-addresses=${CLUSTER_SERVICE}.${c.namespace}.svc:${HTTP_PORT}`,
        ]
      : []),
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
 *
 * Probes: ready when the configuration is loaded and every component is healthy
 * (`/-/healthy`, so that a broken configuration stops a rollout instead of spreading); alive
 * while the server answers (`/-/ready`). Alloy's documentation warns against `/-/healthy` as a
 * liveness probe: a destination that is down would restart every collector.
 */
export function daemonSet(c: AlloyContext): IDaemonSet {
  const { volumes: podVolumes, mounts } = volumes(c);
  const probe = (path: string, failureThreshold: number) => ({
    httpGet: { path, port: HTTP_PORT_NAME },
    periodSeconds: 10,
    failureThreshold,
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      selector: { matchLabels: c.selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: {
          labels: c.labels,
          annotations: {
            [CONFIG_CHECKSUM_ANNOTATION]: c.configChecksum,
            'kubectl.kubernetes.io/default-container': NAME,
          },
        },
        spec: {
          serviceAccountName: NAME,
          // Discovery, the pods' logs, the events and the spans' pod metadata come from the Kubernetes API.
          automountServiceAccountToken: true,
          nodeSelector: { ...c.values.nodeSelector },
          tolerations: c.values.tolerations.map((toleration) => ({ ...toleration })),
          securityContext: c.needs.nodeLogFiles
            ? { runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } }
            : restrictedPodSecurityContext({ user: ALLOY_USER }),
          containers: [
            {
              name: NAME,
              image: c.image,
              args: args(c),
              env: [{ name: NODE_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              ports: [
                { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' },
                // The applications' spans (a traces pipeline): OTLP over gRPC and HTTP.
                ...(c.needs.otlp
                  ? [
                      { name: OTLP_GRPC_PORT_NAME, containerPort: OTLP_GRPC_PORT, protocol: 'TCP' as const },
                      { name: OTLP_HTTP_PORT_NAME, containerPort: OTLP_HTTP_PORT, protocol: 'TCP' as const },
                    ]
                  : []),
              ],
              readinessProbe: probe('/-/healthy', 3),
              livenessProbe: probe('/-/ready', 6),
              resources: containerResources(c.resources),
              securityContext: containerSecurity(c),
              volumeMounts: mounts,
            },
          ],
          volumes: podVolumes,
        },
      },
    },
  };
}
