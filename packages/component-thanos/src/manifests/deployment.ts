import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { PartContext, ThanosContext } from './context.js';
import { type ThanosPodInput, thanosPodSpec } from './pod.js';

/** A stateless part (Query, Query Frontend) as a Deployment of its pods. */
export function thanosDeployment(c: ThanosContext, part: PartContext, pod: ThanosPodInput): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: part.name, namespace: c.namespace, labels: part.labels },
    spec: {
      replicas: part.replicas,
      selector: { matchLabels: part.selector },
      template: {
        metadata: { labels: part.labels },
        spec: thanosPodSpec(c, part, pod),
      },
    },
  };
}
