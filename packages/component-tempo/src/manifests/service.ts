import type { IService } from 'kubernetes-models/v1/Service';
import { HTTP_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../config/tempo-config.js';
import {
  HTTP_PORT_NAME,
  NAME,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT_NAME,
  type TempoContext,
} from './context.js';

/**
 * `tempo`: HTTP on 3200 (queries, `/metrics`, `/ready`), OTLP gRPC on 4317 and OTLP HTTP on
 * 4318; published as the `http`, `otlpGrpc` and `otlpHttp` Service contracts. It is the
 * StatefulSet's Service too: one pod needs no headless Service of peers.
 */
export function service(c: TempoContext): IService {
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
          name: OTLP_GRPC_PORT_NAME,
          port: OTLP_GRPC_PORT,
          targetPort: OTLP_GRPC_PORT_NAME,
          protocol: 'TCP' as const,
          appProtocol: 'grpc',
        },
        {
          name: OTLP_HTTP_PORT_NAME,
          port: OTLP_HTTP_PORT,
          targetPort: OTLP_HTTP_PORT_NAME,
          protocol: 'TCP' as const,
        },
      ],
    },
  };
}
