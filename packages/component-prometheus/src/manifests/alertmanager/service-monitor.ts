import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import { serviceMonitor } from '@mixstack/kit';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import { alertmanagerObjectLabels, alertmanagerObjectName, alertmanagerSelector } from './labels.js';

export function alertmanagerServiceMonitor(
  values: AlertmanagerOptions,
  common: CommonValues,
): IServiceMonitor {
  return serviceMonitor({
    name: alertmanagerObjectName(values),
    namespace: common.namespace,
    labels: alertmanagerObjectLabels(values),
    selector: alertmanagerSelector(values),
    endpoints: [
      { port: 'web', interval: '30s' },
      { port: 'reloader-web', interval: '30s' },
    ],
  });
}
