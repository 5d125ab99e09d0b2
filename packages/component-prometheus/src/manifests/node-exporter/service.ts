import { serviceAccount } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { NODE_EXPORTER_NAME, nodeExporterObjectLabels, nodeExporterSelector } from './labels.js';

/** Headless: Prometheus scrapes every endpoint (every node), never a load-balanced address. */
export function nodeExporterService(values: NodeExporterOptions, namespace: string): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NODE_EXPORTER_NAME, namespace, labels: nodeExporterObjectLabels(values) },
    spec: {
      clusterIP: 'None',
      selector: nodeExporterSelector(values),
      ports: [{ name: 'https', port: values.port, targetPort: 'https' }],
    },
  };
}

export function nodeExporterServiceAccount(values: NodeExporterOptions, namespace: string): IServiceAccount {
  return serviceAccount(NODE_EXPORTER_NAME, namespace, nodeExporterObjectLabels(values), true);
}
