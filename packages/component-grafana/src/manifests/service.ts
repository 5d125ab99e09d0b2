import { serviceAccount as ownServiceAccount } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { NAME } from '../labels.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';

/**
 * `grafana:3000` in the stack's namespace. With several replicas each pod has its own session
 * store, so a browser sticks to one pod (client-IP affinity) unless an external database is set.
 */
export function service(context: GrafanaContext): IService {
  const annotations = context.values.service.annotations;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: NAME,
      namespace: context.namespace,
      labels: context.labels,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      type: 'ClusterIP',
      selector: context.selector,
      ports: [{ name: 'http', port: HTTP_PORT, targetPort: 'http', protocol: 'TCP' }],
      ...(context.values.replicas > 1 ? { sessionAffinity: 'ClientIP' } : {}),
    },
  };
}

/** Grafana does not talk to the Kubernetes API: no token is mounted. */
export function serviceAccount(context: GrafanaContext): IServiceAccount {
  return ownServiceAccount(NAME, context.namespace, context.labels, false);
}
