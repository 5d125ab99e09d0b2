import type { IService } from 'kubernetes-models/v1/Service';
import {
  GRPC_PORT,
  GRPC_PORT_NAME,
  HTTP_PORT,
  HTTP_PORT_NAME,
  type PartContext,
  type ThanosContext,
} from './context.js';

const grpcPort = {
  name: GRPC_PORT_NAME,
  port: GRPC_PORT,
  targetPort: GRPC_PORT_NAME,
  protocol: 'TCP' as const,
  appProtocol: 'grpc',
};
const httpPort = {
  name: HTTP_PORT_NAME,
  port: HTTP_PORT,
  targetPort: HTTP_PORT_NAME,
  protocol: 'TCP' as const,
};

/**
 * A part's Service, named after the part (its job label). `headless` for the Store Gateway: a
 * DNS SRV lookup of a headless Service returns every ready pod, so Query connects to each (a
 * ClusterIP would hide all but one behind one address).
 */
export function partService(
  c: ThanosContext,
  part: PartContext,
  options: { grpc: boolean; headless?: boolean },
): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: part.name, namespace: c.namespace, labels: part.labels },
    spec: {
      ...(options.headless ? { clusterIP: 'None' } : { type: 'ClusterIP' as const }),
      selector: part.selector,
      ports: [...(options.grpc ? [grpcPort] : []), httpPort],
    },
  };
}
