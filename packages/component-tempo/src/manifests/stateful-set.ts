import { storageClassOf, storeStatefulSet } from '@mixstack/kit';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import {
  CONFIG_DIR,
  CONFIG_FILE,
  DATA_DIR,
  GRPC_PORT,
  HTTP_PORT,
  OTLP_GRPC_PORT,
  OTLP_HTTP_PORT,
} from '../config/tempo-config.js';
import {
  GRPC_PORT_NAME,
  HTTP_PORT_NAME,
  NAME,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT_NAME,
  TEMPO_UID,
  type TempoContext,
} from './context.js';

/** Changes with the configuration file, so that a new configuration rolls the pod (Tempo reads it at start). */
export const CHECKSUM_ANNOTATION = 'tempo.mixstack.dev/config-checksum';

/**
 * The single binary (`-target=all`, Tempo 3 monolithic: no Kafka), as kit's store: Pod Security
 * `restricted` as Tempo's own user (10001), read-only root filesystem (everything Tempo writes on
 * the claim `storage-tempo-0`), ready when `/ready` says so; alive while its port answers, since
 * a Tempo replaying its write-ahead log is not ready. It receives OTLP over gRPC and HTTP.
 */
export function statefulSet(c: TempoContext, checksum: string): IStatefulSet {
  const { values } = c;
  return storeStatefulSet({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    selector: c.selector,
    replicas: values.replicas,
    image: c.image,
    uid: TEMPO_UID,
    args: [`-config.file=${CONFIG_DIR}/${CONFIG_FILE}`, '-target=all'],
    ports: [
      { name: HTTP_PORT_NAME, containerPort: HTTP_PORT, protocol: 'TCP' },
      { name: GRPC_PORT_NAME, containerPort: GRPC_PORT, protocol: 'TCP' },
      { name: OTLP_GRPC_PORT_NAME, containerPort: OTLP_GRPC_PORT, protocol: 'TCP' },
      { name: OTLP_HTTP_PORT_NAME, containerPort: OTLP_HTTP_PORT, protocol: 'TCP' },
    ],
    probePort: HTTP_PORT_NAME,
    resources: c.resources,
    nodeSelector: values.nodeSelector,
    configDir: CONFIG_DIR,
    checksum: { annotation: CHECKSUM_ANNOTATION, value: checksum },
    claim: {
      name: 'storage',
      mountPath: DATA_DIR,
      size: values.storage.size,
      storageClassName: storageClassOf(values.storage.storageClass, c.common),
    },
  });
}
