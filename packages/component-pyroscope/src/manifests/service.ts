import type { IService } from 'kubernetes-models/v1/Service';
import { GRPC_PORT, HTTP_PORT } from '../config/pyroscope-config.js';
import { GRPC_PORT_NAME, HTTP_PORT_NAME, NAME, type PyroscopeContext } from './context.js';

/**
 * `pyroscope`: HTTP on 4040 (the API and its Connect endpoints, pushes, `/metrics`, `/ready`)
 * and gRPC on 9095; published as the `http` and `grpc` Service contracts. It is the
 * StatefulSet's Service too: one pod needs no headless Service of peers.
 */
export function service(c: PyroscopeContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      type: 'ClusterIP',
      selector: c.selector,
      ports: [
        { name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' as const },
        {
          name: GRPC_PORT_NAME,
          port: GRPC_PORT,
          targetPort: GRPC_PORT_NAME,
          protocol: 'TCP' as const,
          appProtocol: 'grpc',
        },
      ],
    },
  };
}
