import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { rbacProxyEndpoint } from '../common.js';
import { NODE_EXPORTER_NAME, nodeExporterObjectLabels, nodeExporterSelector } from './labels.js';

/**
 * In the stack's namespace, selecting node-exporter's namespace; `instance` is the node name
 * (not `IP:port`), which the node dashboards and alerts join on.
 */
export function nodeExporterServiceMonitor(
  values: NodeExporterOptions,
  common: CommonValues,
  namespace: string,
): IServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: NODE_EXPORTER_NAME,
      namespace: common.namespace,
      labels: nodeExporterObjectLabels(values),
    },
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      namespaceSelector: { matchNames: [namespace] },
      selector: { matchLabels: nodeExporterSelector(values) },
      endpoints: [
        {
          ...rbacProxyEndpoint('https'),
          interval: '15s',
          relabelings: [
            {
              action: 'replace',
              regex: '(.*)',
              replacement: '$1',
              sourceLabels: ['__meta_kubernetes_pod_node_name'],
              targetLabel: 'instance',
            },
          ],
        },
      ],
    },
  };
}
