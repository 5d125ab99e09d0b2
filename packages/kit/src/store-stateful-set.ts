import type { ContainerResources } from '@mixstack/core';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { containerResources } from './resources.js';
import { restrictedPodSecurityContext, restrictedSecurityContext } from './security.js';
import { retainedClaims, volumeClaimSpec } from './storage.js';

/** What differs between two stores that run as one binary (Loki, Tempo, Pyroscope). */
export interface StoreStatefulSetInput {
  /** The StatefulSet's name, of its container, of its own ServiceAccount and its ConfigMap's prefix (`<name>-config`). */
  name: string;
  namespace: string;
  /** The labels of the StatefulSet and of its pods. */
  labels: Record<string, string>;
  /** The selector: the labels without the version (a StatefulSet's selector is immutable); the claims carry them too. */
  selector: Record<string, string>;
  replicas: number;
  /** The image, with the stack's registry applied. */
  image: string;
  /** The uid and gid of the image's own user: the pod runs as it, and it owns the claim (`fsGroup`). */
  uid: number;
  args: string[];
  ports: IContainerPort[];
  /**
   * The port, by name, of the probes: ready when `GET /ready` says so; alive while the port
   * answers (not `/ready`: a store replaying its write-ahead log is not ready, and restarting it
   * would only start the replay over).
   */
  probePort: string;
  /** The container's resources as the contract resolved them. */
  resources: ContainerResources;
  nodeSelector: Record<string, string>;
  /** Where the ConfigMap `<name>-config` is mounted, read-only. */
  configDir: string;
  /**
   * The pod template's annotation of the configuration's checksum, so that a new configuration
   * rolls the pods (the store reads it only at start).
   */
  checksum: { annotation: string; value: string };
  /** The claim template (the claims are `<claim>-<name>-<ordinal>`), where it is mounted, and its spec. */
  claim: { name: string; mountPath: string; size: string; storageClassName: string | undefined };
  /** More volumes, each with its mount, mounted after the configuration. @default [] */
  volumes?: { volume: IVolume; mount: IVolumeMount }[];
  /** The governing Service (a headless one, for stores whose replicas find each other). @default name */
  serviceName?: string;
  /** `Parallel` for replicas that join one ring: they start together. @default undefined (OrderedReady) */
  podManagementPolicy?: 'Parallel';
  /** How the replicas spread over nodes or zones. @default undefined (none) */
  topologySpreadConstraints?: ITopologySpreadConstraint[];
}

/**
 * The StatefulSet of a store run as one binary: one claim per replica, retained when the
 * StatefulSet goes or scales down; Pod Security `restricted` as the image's own user, read-only
 * root filesystem (`/tmp` an emptyDir, data on the claim); its own ServiceAccount without an API
 * token; requests and a memory limit; a configuration checksum that rolls the pods.
 */
export function storeStatefulSet(input: StoreStatefulSetInput): IStatefulSet {
  const { name, claim, uid } = input;
  const volumes = input.volumes ?? [];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: input.namespace, labels: input.labels },
    spec: {
      replicas: input.replicas,
      serviceName: input.serviceName ?? name,
      ...(input.podManagementPolicy ? { podManagementPolicy: input.podManagementPolicy } : {}),
      selector: { matchLabels: input.selector },
      persistentVolumeClaimRetentionPolicy: retainedClaims(),
      volumeClaimTemplates: [
        {
          metadata: { name: claim.name, labels: input.selector },
          spec: volumeClaimSpec(claim.size, claim.storageClassName),
        },
      ],
      template: {
        metadata: {
          labels: input.labels,
          annotations: { [input.checksum.annotation]: input.checksum.value },
        },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          nodeSelector: input.nodeSelector,
          securityContext: restrictedPodSecurityContext({ user: uid, group: uid, fsGroup: uid }),
          ...(input.topologySpreadConstraints
            ? { topologySpreadConstraints: input.topologySpreadConstraints }
            : {}),
          containers: [
            {
              name,
              image: input.image,
              args: input.args,
              ports: input.ports,
              readinessProbe: {
                httpGet: { path: '/ready', port: input.probePort },
                initialDelaySeconds: 15,
                periodSeconds: 10,
                timeoutSeconds: 1,
              },
              livenessProbe: {
                tcpSocket: { port: input.probePort },
                initialDelaySeconds: 30,
                periodSeconds: 10,
                failureThreshold: 6,
              },
              resources: containerResources(input.resources),
              securityContext: restrictedSecurityContext(),
              volumeMounts: [
                { name: 'config', mountPath: input.configDir, readOnly: true },
                ...volumes.map((v) => v.mount),
                { name: claim.name, mountPath: claim.mountPath },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: `${name}-config` } },
            ...volumes.map((v) => v.volume),
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}
