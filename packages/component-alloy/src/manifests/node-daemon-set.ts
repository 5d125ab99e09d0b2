import type { ContainerResources } from '@mixstack/core';
import { containerResources } from '@mixstack/kit';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import type { AlloyValues } from '../config.js';
import { NODE_NAME_ENV } from '../pipelines/logs.js';
import { CONFIG_DIR, CONFIG_FILE, HTTP_PORT, HTTP_PORT_NAME, STORAGE_DIR } from './context.js';

/** The annotation whose value changes with `config.alloy`, so that a new configuration rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** What differs between the collector's DaemonSet and the eBPF profiler's: everything else is Alloy on every node. */
export interface NodeDaemonSetSpec {
  /** The DaemonSet, its container, its ServiceAccount and its ConfigMap (mounted at `/etc/alloy`). */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  /** The image with the stack's registry applied. */
  image: string;
  configChecksum: string;
  /** `alloy run` flags besides the configuration, the listen address, the storage path and the stability level. */
  extraArgs: readonly string[];
  /** Ports besides the HTTP server's. */
  extraPorts: readonly IContainerPort[];
  /** The host's PID namespace (the eBPF profiler sees the node's processes there only). */
  hostPID: boolean;
  podSecurityContext: IPodSecurityContext;
  securityContext: ISecurityContext;
  resources: ContainerResources;
  volumes: readonly IVolume[];
  mounts: readonly IVolumeMount[];
  /** The user's placement options, shared by both DaemonSets so that the profiler runs wherever the collector does. */
  values: Pick<AlloyValues, 'nodeSelector' | 'tolerations'>;
}

/** The flags of `alloy run` (grafana/alloy `docs/sources/reference/cli/run.md`). */
function runArgs(extra: readonly string[]): string[] {
  return [
    'run',
    `${CONFIG_DIR}/${CONFIG_FILE}`,
    // The default listens on 127.0.0.1 only: the scraper and the probes come from outside the container.
    `--server.http.listen-addr=0.0.0.0:${HTTP_PORT}`,
    `--storage.path=${STORAGE_DIR}`,
    '--stability.level=generally-available',
    ...extra,
  ];
}

/**
 * Probes: ready when the configuration is loaded and every component is healthy
 * (`/-/healthy`, so that a broken configuration stops a rollout instead of spreading); alive
 * while the server answers (`/-/ready`). Alloy's documentation warns against `/-/healthy` as a
 * liveness probe: a destination that is down would restart every collector.
 */
function probe(path: string, failureThreshold: number) {
  return { httpGet: { path, port: HTTP_PORT_NAME }, periodSeconds: 10, failureThreshold };
}

/**
 * Alloy on every node the placement options allow (every taint tolerated by default), rolled
 * when its configuration changes, a tenth of the nodes at a time. Its chains find the pods of
 * their own node through the node's name in `HOSTNAME`; the Kubernetes API is where they
 * discover them, so the ServiceAccount's token is mounted.
 */
export function nodeDaemonSet(spec: NodeDaemonSetSpec): IDaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels },
    spec: {
      selector: { matchLabels: spec.selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: {
          labels: spec.labels,
          annotations: {
            [CONFIG_CHECKSUM_ANNOTATION]: spec.configChecksum,
            'kubectl.kubernetes.io/default-container': spec.name,
          },
        },
        spec: {
          serviceAccountName: spec.name,
          automountServiceAccountToken: true,
          ...(spec.hostPID ? { hostPID: true } : {}),
          nodeSelector: { ...spec.values.nodeSelector },
          tolerations: spec.values.tolerations.map((toleration) => ({ ...toleration })),
          securityContext: spec.podSecurityContext,
          containers: [
            {
              name: spec.name,
              image: spec.image,
              args: runArgs(spec.extraArgs),
              env: [{ name: NODE_NAME_ENV, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
              ports: [
                { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' },
                ...spec.extraPorts,
              ],
              readinessProbe: probe('/-/healthy', 3),
              livenessProbe: probe('/-/ready', 6),
              resources: containerResources(spec.resources),
              securityContext: spec.securityContext,
              volumeMounts: [...spec.mounts],
            },
          ],
          volumes: [...spec.volumes],
        },
      },
    },
  };
}
