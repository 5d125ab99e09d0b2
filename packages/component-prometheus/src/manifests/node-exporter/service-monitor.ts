import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { CommonValues } from '@mixstack/core';
import { rbacProxyEndpoint, serviceMonitor } from '@mixstack/kit';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
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
  return serviceMonitor({
    name: NODE_EXPORTER_NAME,
    namespace: common.namespace,
    labels: nodeExporterObjectLabels(values),
    jobLabel: 'app.kubernetes.io/name',
    namespaces: [namespace],
    selector: nodeExporterSelector(values),
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
  });
}
