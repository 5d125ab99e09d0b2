import type { IService } from 'kubernetes-models/v1/Service';
import { HTTP_PORT, NAME, type ThanosContext } from './context.js';

/** `thanos:9091` in the stack's namespace; published as the `http` Service contract. */
export function service(c: ThanosContext): IService {
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
