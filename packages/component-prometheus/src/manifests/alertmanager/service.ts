import type { CommonValues } from '@mixstack/core';
import type { IService } from 'kubernetes-models/v1/Service';
import type { AlertmanagerOptions } from '../../config/alertmanager.js';
import {
  ALERTMANAGER_WEB_PORT,
  alertmanagerObjectLabels,
  alertmanagerObjectName,
  alertmanagerSelector,
  RELOADER_WEB_PORT,
} from './labels.js';

export function alertmanagerService(values: AlertmanagerOptions, common: CommonValues): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: alertmanagerObjectName(values),
      namespace: common.namespace,
      labels: alertmanagerObjectLabels(values),
    },
    spec: {
      selector: alertmanagerSelector(values),
      ports: [
        { name: 'web', port: ALERTMANAGER_WEB_PORT, targetPort: 'web' },
        { name: 'reloader-web', port: RELOADER_WEB_PORT, targetPort: 'reloader-web' },
      ],
      // Silences created in the UI stay visible while they gossip to the other replicas.
      sessionAffinity: 'ClientIP',
    },
  };
}
