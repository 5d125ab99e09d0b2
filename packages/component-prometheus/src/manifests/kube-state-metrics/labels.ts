import { type ComponentLabels, objectLabels, selectorLabels } from '@mixstack/kit';
import type { KubeStateMetricsOptions } from '../../config/kube-state-metrics.js';

export const KSM_NAME = 'kube-state-metrics';
/** kube-rbac-proxy in front of the object metrics. */
export const KSM_MAIN_PORT = 8443;
/** kube-rbac-proxy in front of kube-state-metrics' own metrics. */
export const KSM_SELF_PORT = 9443;
/** kube-state-metrics' ports, on loopback only. */
export const KSM_UPSTREAM_MAIN_PORT = 8081;
export const KSM_UPSTREAM_SELF_PORT = 8082;

export function kubeStateMetricsLabels(values: KubeStateMetricsOptions): ComponentLabels {
  return { name: KSM_NAME, component: 'exporter', image: values.image };
}

export const ksmObjectLabels = (values: KubeStateMetricsOptions) =>
  objectLabels(kubeStateMetricsLabels(values));
export const ksmSelector = (values: KubeStateMetricsOptions) =>
  selectorLabels(kubeStateMetricsLabels(values));
