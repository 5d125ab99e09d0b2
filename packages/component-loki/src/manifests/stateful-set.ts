import { storageClassOf, storeStatefulSet, topologySpread } from '@mixstack/kit';
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

const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';
const ZONE_TOPOLOGY = 'topology.kubernetes.io/zone';

/** Changes with the configuration file, so that a new configuration rolls the pods (Loki reads it at start). */
export const CHECKSUM_ANNOTATION = 'loki.mixstack.dev/config-checksum';

/**
 * The single binary (`-target=all`), as kit's store: Pod Security `restricted` as Loki's own user
 * (10001), read-only root filesystem (data on the claims `storage-loki-0`, `storage-loki-1`, ...),
 * ready when `/ready` says so; alive while its port answers, since a Loki replaying its
 * write-ahead log or waiting for its ring is not ready. Its replicas join one ring: governed by
 * the headless Service, they start together rather than wait for each other to be ready, and
 * spread over nodes (and zones in `ha`; as kit spreads, `ScheduleAnyway`: a cluster with fewer
 * nodes than replicas still runs them all). The ruler reads the log alerts from the rules ConfigMap, in its tenant's folder.
 */
export function statefulSet(c: LokiContext, checksum: string): IStatefulSet {
  const { values, settings } = c;
  return storeStatefulSet({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    selector: c.selector,
    replicas: values.replicas,
    serviceName: HEADLESS_NAME,
    podManagementPolicy: 'Parallel',
    ...(values.replicas > 1
      ? {
          topologySpreadConstraints: topologySpread(
            c.selector,
            // `ha` spreads over zones too, so that a zone lost takes at most one copy of a stream.
            settings.ha ? [HOSTNAME_TOPOLOGY, ZONE_TOPOLOGY] : [HOSTNAME_TOPOLOGY],
          ),
        }
      : {}),
    image: c.image,
    uid: LOKI_UID,
    args: [`-config.file=${CONFIG_DIR}/${CONFIG_FILE}`, '-target=all'],
    ports: [
      { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' },
      { name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' },
      ...(settings.memberlist
        ? [{ name: MEMBERLIST_PORT_NAME, containerPort: MEMBERLIST_PORT, protocol: 'TCP' as const }]
        : []),
    ],
    probePort: HTTP_PORT_NAME,
    resources: c.resources,
    nodeSelector: values.nodeSelector,
    configDir: CONFIG_DIR,
    volumes: [
      {
        volume: { name: 'rules', configMap: { name: RULES_NAME } },
        mount: { name: 'rules', mountPath: `${RULES_DIR}/${TENANT}`, readOnly: true },
      },
    ],
    checksum: { annotation: CHECKSUM_ANNOTATION, value: checksum },
    claim: {
      name: 'storage',
      mountPath: DATA_DIR,
      size: values.storage.size,
      storageClassName: storageClassOf(values.storage.storageClass, c.common),
    },
  });
}
