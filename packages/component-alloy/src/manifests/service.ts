import { objectLabels } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';
import {
  type AlloyContext,
  CLUSTER_SERVICE,
  clusterServiceLabels,
  HTTP_PORT,
  HTTP_PORT_NAME,
  NAME,
} from './context.js';

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

/**
 * With work that one pod does for all (the cluster's events), the pods form an Alloy cluster:
 * they find each other through this headless Service, which lists every pod, ready or not (a
 * pod joins its peers before it is ready).
 */
export function clusterService(c: AlloyContext): IService | undefined {
  if (!c.needs.cluster) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: CLUSTER_SERVICE,
      namespace: c.namespace,
      labels: objectLabels(clusterServiceLabels(c.values.image)),
    },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: c.selector,
      ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}
