import type { CommonValues } from '@mixstack/core';
import {
  containerResources,
  image,
  rbacProxyContainer,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
} from '@mixstack/kit';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { KubeStateMetricsOptions } from '../../config/kube-state-metrics.js';
import {
  KSM_MAIN_PORT,
  KSM_NAME,
  KSM_SELF_PORT,
  KSM_UPSTREAM_MAIN_PORT,
  KSM_UPSTREAM_SELF_PORT,
  ksmObjectLabels,
  ksmSelector,
} from './labels.js';

/**
 * kube-state-metrics, listening on loopback only, behind two kube-rbac-proxy sidecars (object
 * metrics and its own metrics), as in kube-prometheus. Its probes go through the proxies,
 * which pass the health paths `/livez` and `/readyz` without authentication.
 */
export function kubeStateMetricsDeployment(
  values: KubeStateMetricsOptions,
  common: CommonValues,
): IDeployment {
  const labels = ksmObjectLabels(values);
  const proxy = (name: string, port: number, portName: string, upstream: number, healthPath: string) =>
    rbacProxyContainer({
      name,
      image: image(values.rbacProxy.image, common),
      resources: values.rbacProxy.resources,
      listenAddress: `:${port}`,
      port,
      portName,
      upstream: `http://127.0.0.1:${upstream}/`,
      healthPaths: [healthPath],
    });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: KSM_NAME, namespace: common.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: ksmSelector(values) },
      template: {
        metadata: { labels, annotations: { 'kubectl.kubernetes.io/default-container': KSM_NAME } },
        spec: {
          serviceAccountName: KSM_NAME,
          // kube-state-metrics lists and watches the API; the proxies review tokens.
          automountServiceAccountToken: true,
          nodeSelector: { ...values.nodeSelector },
          securityContext: restrictedPodSecurityContext(),
          containers: [
            {
              name: KSM_NAME,
              image: image(values.image, common),
              args: [
                '--host=127.0.0.1',
                `--port=${KSM_UPSTREAM_MAIN_PORT}`,
                '--telemetry-host=127.0.0.1',
                `--telemetry-port=${KSM_UPSTREAM_SELF_PORT}`,
                `--resources=${[...values.exportedResources].sort().join(',')}`,
              ],
              livenessProbe: {
                httpGet: { path: '/livez', port: 'https-main', scheme: 'HTTPS' },
                initialDelaySeconds: 5,
                timeoutSeconds: 5,
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'https-self', scheme: 'HTTPS' },
                initialDelaySeconds: 5,
                timeoutSeconds: 5,
              },
              resources: containerResources(values.resources),
              securityContext: restrictedSecurityContext(),
            },
            proxy('kube-rbac-proxy-main', KSM_MAIN_PORT, 'https-main', KSM_UPSTREAM_MAIN_PORT, '/livez'),
            proxy('kube-rbac-proxy-self', KSM_SELF_PORT, 'https-self', KSM_UPSTREAM_SELF_PORT, '/readyz'),
          ],
        },
      },
    },
  };
}
