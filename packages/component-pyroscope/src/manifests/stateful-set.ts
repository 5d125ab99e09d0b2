import {
  containerResources,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
  retainedClaims,
  storageClassOf,
  volumeClaimSpec,
} from '@mixstack/kit';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CONFIG_DIR, CONFIG_FILE, DATA_DIR, GRPC_PORT, HTTP_PORT } from '../config/pyroscope-config.js';
import { GRPC_PORT_NAME, HTTP_PORT_NAME, NAME, PYROSCOPE_UID, type PyroscopeContext } from './context.js';

/** Changes with the configuration file, so that a new configuration rolls the pod (Pyroscope reads it at start). */
export const CHECKSUM_ANNOTATION = 'pyroscope.mixstack.dev/config-checksum';

/** The claim template's name: the claim is `data-pyroscope-0`. */
const DATA = 'data';

/**
 * The single binary (`-target=all`, the v2 storage architecture): Pod Security `restricted` as
 * Pyroscope's own user (10001), read-only root filesystem (`/tmp` an emptyDir, everything
 * Pyroscope writes on the claim at `/data`), its own ServiceAccount without an API token,
 * requests and a memory limit, ready when `/ready` says so. The claim is retained when the
 * StatefulSet goes.
 */
export function statefulSet(c: PyroscopeContext, checksum: string): IStatefulSet {
  const { values } = c;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      replicas: values.replicas,
      serviceName: NAME,
      selector: { matchLabels: c.selector },
      persistentVolumeClaimRetentionPolicy: retainedClaims(),
      volumeClaimTemplates: [
        {
          metadata: { name: DATA, labels: c.selector },
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
            user: PYROSCOPE_UID,
            group: PYROSCOPE_UID,
            fsGroup: PYROSCOPE_UID,
          }),
          containers: [
            {
              name: NAME,
              image: c.image,
              args: [`-config.file=${CONFIG_DIR}/${CONFIG_FILE}`, '-target=all'],
              ports: [
                { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' as const },
                { name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' as const },
              ],
              readinessProbe: {
                httpGet: { path: '/ready', port: HTTP_PORT_NAME },
                initialDelaySeconds: 15,
                periodSeconds: 10,
                timeoutSeconds: 1,
              },
              // The port, not `/ready`: a Pyroscope whose metastore replays its Raft log is not
              // ready, and restarting it would only start the replay over.
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
                { name: DATA, mountPath: DATA_DIR },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: `${NAME}-config` } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  };
}
