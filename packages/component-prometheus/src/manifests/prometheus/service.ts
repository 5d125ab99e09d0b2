import type { CommonValues } from '@mixstack/core';
import type { IService } from 'kubernetes-models/v1/Service';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import {
  PROMETHEUS_WEB_PORT,
  prometheusObjectLabels,
  prometheusObjectName,
  prometheusSelector,
  RELOADER_WEB_PORT,
} from './labels.js';

export function prometheusService(values: PrometheusServerOptions, common: CommonValues): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: prometheusObjectName(values),
      namespace: common.namespace,
      labels: prometheusObjectLabels(values),
    },
    spec: {
      selector: prometheusSelector(values),
      ports: [
        { name: 'web', port: PROMETHEUS_WEB_PORT, targetPort: 'web' },
        { name: 'reloader-web', port: RELOADER_WEB_PORT, targetPort: 'reloader-web' },
      ],
      // A user's queries stay on one replica: the replicas' data differs slightly.
      sessionAffinity: 'ClientIP',
    },
  };
}
