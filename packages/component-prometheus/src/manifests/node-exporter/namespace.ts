import { privilegedNamespace } from '@mixstack/kit';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { nodeExporterObjectLabels } from './labels.js';

/** node-exporter's own namespace, labelled `privileged`: the host access it needs is nothing `restricted` allows. */
export function nodeExporterNamespaceObject(values: NodeExporterOptions, namespace: string): INamespace {
  return privilegedNamespace(namespace, nodeExporterObjectLabels(values));
}
