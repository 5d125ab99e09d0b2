import { storageClassOf, storeStatefulSet } from '@mixstack/kit';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CONFIG_DIR, CONFIG_FILE, DATA_DIR, GRPC_PORT, HTTP_PORT } from '../config/pyroscope-config.js';
import { GRPC_PORT_NAME, HTTP_PORT_NAME, NAME, PYROSCOPE_UID, type PyroscopeContext } from './context.js';

/** Changes with the configuration file, so that a new configuration rolls the pod (Pyroscope reads it at start). */
export const CHECKSUM_ANNOTATION = 'pyroscope.mixstack.dev/config-checksum';

/**
 * The single binary (`-target=all`, the v2 storage architecture), as kit's store: Pod Security
 * `restricted` as Pyroscope's own user (10001), read-only root filesystem (everything Pyroscope
 * writes on the claim `data-pyroscope-0` at `/data`), ready when `/ready` says so; alive while
 * its port answers, since a Pyroscope whose metastore replays its Raft log is not ready.
 */
export function statefulSet(c: PyroscopeContext, checksum: string): IStatefulSet {
  const { values } = c;
  return storeStatefulSet({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    selector: c.selector,
    replicas: values.replicas,
    image: c.image,
    uid: PYROSCOPE_UID,
    args: [`-config.file=${CONFIG_DIR}/${CONFIG_FILE}`, '-target=all'],
    ports: [
      { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' },
      { name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' },
    ],
    probePort: HTTP_PORT_NAME,
    resources: c.resources,
    nodeSelector: values.nodeSelector,
    configDir: CONFIG_DIR,
    checksum: { annotation: CHECKSUM_ANNOTATION, value: checksum },
    claim: {
      name: 'data',
      mountPath: DATA_DIR,
      size: values.storage.size,
      storageClassName: storageClassOf(values.storage.storageClass, c.common),
    },
  });
}
