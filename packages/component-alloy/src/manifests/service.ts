import type { IService } from 'kubernetes-models/v1/Service';
import { type AlloyContext, HTTP_PORT, HTTP_PORT_NAME, NAME } from './context.js';

/** `alloy:12345` next to the pods: what the stack's scraper discovers them by. */
export function service(c: AlloyContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      type: 'ClusterIP',
      selector: c.selector,
      ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}
