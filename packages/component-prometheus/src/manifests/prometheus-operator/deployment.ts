import type { CommonValues } from '@mixstack/core';
import {
  containerResources,
  image,
  rbacProxyContainer,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
} from '@mixstack/kit';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import {
  OPERATOR_METRICS_PORT,
  OPERATOR_NAME,
  OPERATOR_WEB_PORT,
  operatorObjectLabels,
  operatorSelector,
} from './labels.js';

export interface OperatorDeploymentContext {
  /** `namespace/name` of the kubelet Service the operator maintains, when the kubelets are monitored. */
  kubeletService?: string;
}

export function prometheusOperatorDeployment(
  values: PrometheusOperatorOptions,
  common: CommonValues,
  context: OperatorDeploymentContext,
): IDeployment {
  const labels = operatorObjectLabels(values);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: OPERATOR_NAME, namespace: common.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: operatorSelector(values) },
      template: {
        metadata: {
          labels,
          annotations: { 'kubectl.kubernetes.io/default-container': OPERATOR_NAME },
        },
        spec: {
          serviceAccountName: OPERATOR_NAME,
          // The operator and kube-rbac-proxy talk to the API server.
          automountServiceAccountToken: true,
          nodeSelector: { ...values.nodeSelector },
          securityContext: restrictedPodSecurityContext(),
          containers: [
            {
              name: OPERATOR_NAME,
              image: image(values.image, common),
              args: [
                ...(context.kubeletService ? [`--kubelet-service=${context.kubeletService}`] : []),
                `--prometheus-config-reloader=${image(values.configReloaderImage, common)}`,
                // Loopback only: metrics are reached through kube-rbac-proxy.
                `--web.listen-address=127.0.0.1:${OPERATOR_WEB_PORT}`,
              ],
              // As kube-prometheus: a smaller heap in exchange for some CPU.
              env: [{ name: 'GOGC', value: '30' }],
              readinessProbe: {
                httpGet: { path: '/healthz', port: 'https', scheme: 'HTTPS' },
                periodSeconds: 10,
              },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'https', scheme: 'HTTPS' },
                periodSeconds: 10,
                failureThreshold: 6,
              },
              resources: containerResources(values.resources),
              securityContext: restrictedSecurityContext(),
            },
            rbacProxyContainer({
              name: 'kube-rbac-proxy',
              image: image(values.rbacProxy.image, common),
              resources: values.rbacProxy.resources,
              listenAddress: `:${OPERATOR_METRICS_PORT}`,
              port: OPERATOR_METRICS_PORT,
              portName: 'https',
              upstream: `http://127.0.0.1:${OPERATOR_WEB_PORT}/`,
              healthPaths: ['/healthz'],
            }),
          ],
        },
      },
    },
  };
}
