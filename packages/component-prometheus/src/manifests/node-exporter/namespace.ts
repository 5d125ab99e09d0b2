import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { nodeExporterObjectLabels } from './labels.js';

/** Pod Security levels of node-exporter's own namespace: the host access it needs is `privileged`. */
export const PRIVILEGED_NAMESPACE_LABELS = {
  'pod-security.kubernetes.io/enforce': 'privileged',
  'pod-security.kubernetes.io/audit': 'privileged',
  'pod-security.kubernetes.io/warn': 'privileged',
} as const;

export function nodeExporterNamespaceObject(values: NodeExporterOptions, namespace: string): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: namespace,
      labels: { ...nodeExporterObjectLabels(values), ...PRIVILEGED_NAMESPACE_LABELS },
    },
  };
}
