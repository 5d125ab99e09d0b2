import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import { serviceMonitor } from '@mixstack/kit';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { prometheusObjectLabels, prometheusObjectName, prometheusSelector } from './labels.js';

/** Prometheus scrapes itself and its config-reloader sidecars. */
export function prometheusServiceMonitor(
  values: PrometheusServerOptions,
  common: CommonValues,
): IServiceMonitor {
  return serviceMonitor({
    name: prometheusObjectName(values),
    namespace: common.namespace,
    labels: prometheusObjectLabels(values),
    selector: prometheusSelector(values),
    endpoints: [
      { port: 'web', interval: values.scrapeInterval },
      { port: 'reloader-web', interval: values.scrapeInterval },
    ],
  });
}
