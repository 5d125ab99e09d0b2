import {
  containerResources,
  linuxNodes,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
  topologySpread,
} from '@mixstack/kit';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HTTP_PORT, NAME, type ThanosContext } from './context.js';

/**
 * The pods: Pod Security `restricted` (as `nobody`, read-only root filesystem), their own
 * ServiceAccount without an API token, requests and a memory limit, probes, and spread over
 * nodes when there is more than one.
 */
export function deployment(c: ThanosContext): IDeployment {
  const probe = (path: string) => ({ httpGet: { path, port: 'http' }, periodSeconds: 10 });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      replicas: c.values.replicas,
      selector: { matchLabels: c.selector },
      template: {
        metadata: { labels: c.labels },
        spec: {
          serviceAccountName: NAME,
          automountServiceAccountToken: false,
          nodeSelector: linuxNodes(),
          securityContext: restrictedPodSecurityContext(),
          ...(c.values.replicas > 1 ? { topologySpreadConstraints: topologySpread(c.selector) } : {}),
          containers: [
            {
              name: NAME,
              image: c.image,
              args: [`--web.listen-address=:${HTTP_PORT}`],
              ports: [{ name: 'http', containerPort: HTTP_PORT }],
              readinessProbe: probe('/-/ready'),
              livenessProbe: probe('/-/healthy'),
              resources: containerResources(c.resources),
              securityContext: restrictedSecurityContext(),
            },
          ],
        },
      },
    },
  };
}
