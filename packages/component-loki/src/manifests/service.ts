import type { IService } from 'kubernetes-models/v1/Service';
import { GRPC_PORT, HTTP_PORT, MEMBERLIST_PORT } from '../config/loki-config.js';
import {
  GRPC_PORT_NAME,
  HEADLESS_NAME,
  HTTP_PORT_NAME,
  type LokiContext,
  MEMBERLIST_PORT_NAME,
  NAME,
  SERVICE_LABEL,
} from './context.js';

/** `loki:3100` (HTTP: push, queries, `/metrics`) and `loki:9095` (gRPC); published as the `http` and `grpc` Service contracts. */
export function service(c: LokiContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: c.namespace, labels: { ...c.labels, [SERVICE_LABEL]: 'http' } },
    spec: {
      type: 'ClusterIP',
      selector: c.selector,
      ports: [
        { name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' as const },
        { name: GRPC_PORT_NAME, port: GRPC_PORT, targetPort: GRPC_PORT_NAME, protocol: 'TCP' as const },
      ],
    },
  };
}

/**
 * `loki-headless`: the StatefulSet's Service (stable pod names) and, with replicas, the
 * memberlist peers. Pods not yet ready are listed too: a replica must find its peers to
 * become ready.
 */
export function headlessService(c: LokiContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: HEADLESS_NAME,
      namespace: c.namespace,
      labels: { ...c.labels, [SERVICE_LABEL]: 'headless' },
    },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: c.selector,
      ports: [
        { name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' as const },
        { name: GRPC_PORT_NAME, port: GRPC_PORT, targetPort: GRPC_PORT_NAME, protocol: 'TCP' as const },
        ...(c.settings.memberlist
          ? [
              {
                name: MEMBERLIST_PORT_NAME,
                port: MEMBERLIST_PORT,
                targetPort: MEMBERLIST_PORT_NAME,
                protocol: 'TCP' as const,
              },
            ]
          : []),
      ],
    },
  };
}
