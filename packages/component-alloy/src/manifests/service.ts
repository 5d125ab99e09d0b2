import type { IService } from 'kubernetes-models/v1/Service';
import { type AlloyContext, HTTP_PORT, NAME } from './context.js';

/** `alloy:9091` in the stack's namespace; published as the `http` Service contract. */
export function service(c: AlloyContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      type: 'ClusterIP',
      selector: c.selector,
      ports: [{ name: 'http', port: HTTP_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}
