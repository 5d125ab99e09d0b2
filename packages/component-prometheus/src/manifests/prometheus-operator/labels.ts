import { type ComponentLabels, objectLabels, selectorLabels } from '@mixstack/kit';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';

export const OPERATOR_NAME = 'prometheus-operator';
/** The HTTPS port of the kube-rbac-proxy in front of the operator's metrics. */
export const OPERATOR_METRICS_PORT = 8443;
/** The operator's own web port, on loopback only. */
export const OPERATOR_WEB_PORT = 8080;

export function operatorLabels(values: PrometheusOperatorOptions): ComponentLabels {
  return { name: OPERATOR_NAME, component: 'controller', image: values.image };
}

export const operatorObjectLabels = (values: PrometheusOperatorOptions) =>
  objectLabels(operatorLabels(values));
export const operatorSelector = (values: PrometheusOperatorOptions) => selectorLabels(operatorLabels(values));
