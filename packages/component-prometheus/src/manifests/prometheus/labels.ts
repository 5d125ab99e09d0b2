import { type ComponentLabels, objectLabels, selectorLabels } from '@mixstack/kit';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';

export const PROMETHEUS_WEB_PORT = 9090;
/** The config-reloader sidecar's web port (its metrics). */
export const RELOADER_WEB_PORT = 8080;

/** `prometheus-<name>`: the Service, ServiceAccount and RBAC objects of one Prometheus. */
export const prometheusObjectName = (values: PrometheusServerOptions) => `prometheus-${values.name}`;

export function prometheusLabels(values: PrometheusServerOptions): ComponentLabels {
  return { name: 'prometheus', component: 'prometheus', instance: values.name, image: values.image };
}

export const prometheusObjectLabels = (values: PrometheusServerOptions) =>
  objectLabels(prometheusLabels(values));
export const prometheusSelector = (values: PrometheusServerOptions) =>
  selectorLabels(prometheusLabels(values));
