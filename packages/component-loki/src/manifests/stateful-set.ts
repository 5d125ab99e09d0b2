import {
  containerResources,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
  retainedClaims,
  storageClassOf,
  topologySpread,
  volumeClaimSpec,
} from '@mixstack/kit';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import {
  CONFIG_DIR,
  CONFIG_FILE,
  DATA_DIR,
  GRPC_PORT,
  HTTP_PORT,
  MEMBERLIST_PORT,
  RULES_DIR,
  TENANT,
} from '../config/loki-config.js';
import {
  GRPC_PORT_NAME,
  HEADLESS_NAME,
  HTTP_PORT_NAME,
  LOKI_UID,
  type LokiContext,
  MEMBERLIST_PORT_NAME,
  NAME,
  RULES_NAME,
} from './context.js';

/** Changes with the configuration file, so that a new configuration rolls the pods (Loki reads it at start). */
export const CHECKSUM_ANNOTATION = 'loki.mixstack.dev/config-checksum';

/** The claim template's name: the claims are `storage-loki-0`, `storage-loki-1`, ... */
const STORAGE = 'storage';

/**
 * The single binary (`-target=all`): Pod Security `restricted` as Loki's own user (10001),
 * read-only root filesystem (`/tmp` an emptyDir, data on the claim), its own ServiceAccount
 * without an API token, requests and a memory limit, ready when `/ready` says so. One claim
 * per replica, retained when the StatefulSet goes or scales down.
 */
export function statefulSet(c: LokiContext, checksum: string): IStatefulSet {
  const { values, settings } = c;
  const ports = [
    { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' as const },
    { name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' as const },
    ...(settings.memberlist
      ? [{ name: MEMBERLIST_PORT_NAME, containerPort: MEMBERLIST_PORT, protocol: 'TCP' as const }]
      : []),
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      replicas: values.replicas,
      serviceName: HEADLESS_NAME,
      // Replicas join one ring: they start together rather than wait for each other to be ready.
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: c.selector },
      persistentVolumeClaimRetentionPolicy: retainedClaims(),
      volumeClaimTemplates: [
        {
          metadata: { name: STORAGE, labels: c.selector },
          spec: volumeClaimSpec(values.storage.size, storageClassOf(values.storage.storageClass, c.common)),
        },
      ],
      template: {
        metadata: { labels: c.labels, annotations: { [CHECKSUM_ANNOTATION]: checksum } },
        spec: {
          serviceAccountName: NAME,
          automountServiceAccountToken: false,
          nodeSelector: values.nodeSelector,
          securityContext: restrictedPodSecurityContext({
            user: LOKI_UID,
            group: LOKI_UID,
            fsGroup: LOKI_UID,
          }),
          ...(values.replicas > 1 ? { topologySpreadConstraints: topologySpread(c.selector) } : {}),
          containers: [
            {
              name: NAME,
              image: c.image,
              args: [`-config.file=${CONFIG_DIR}/${CONFIG_FILE}`, '-target=all'],
              ports,
              readinessProbe: {
                httpGet: { path: '/ready', port: HTTP_PORT_NAME },
                initialDelaySeconds: 15,
                periodSeconds: 10,
                timeoutSeconds: 1,
              },
              // The port, not `/ready`: a Loki replaying its write-ahead log or waiting for its ring
              // is not ready, and restarting it would only start the replay over.
              livenessProbe: {
                tcpSocket: { port: HTTP_PORT_NAME },
                initialDelaySeconds: 30,
                periodSeconds: 10,
                failureThreshold: 6,
              },
              resources: containerResources(c.resources),
              securityContext: restrictedSecurityContext(),
              volumeMounts: [
                { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                { name: 'rules', mountPath: `${RULES_DIR}/${TENANT}`, readOnly: true },
                { name: STORAGE, mountPath: DATA_DIR },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: `${NAME}-config` } },
            { name: 'rules', configMap: { name: RULES_NAME } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}
