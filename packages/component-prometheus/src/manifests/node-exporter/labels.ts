import { type CommonValues, MixstackError } from '@mixstack/core';
import { type ComponentLabels, objectLabels, selectorLabels } from '@mixstack/kit';
import type { NodeExporterOptions } from '../../config/node-exporter.js';

export const NODE_EXPORTER_NAME = 'node-exporter';

/** node-exporter's namespace: its own, privileged one (`<stack namespace>-node-exporter` by default). */
export function nodeExporterNamespace(
  values: Pick<NodeExporterOptions, 'namespace'>,
  common: CommonValues,
): string {
  if (values.namespace) return values.namespace;
  const derived = `${common.namespace}-node-exporter`;
  if (derived.length > 63) {
    throw new MixstackError({
      code: 'INVALID_NAME',
      message: `the derived namespace "${derived}" is longer than 63 characters`,
      address: 'nodeExporter',
      path: 'namespace',
      value: derived,
      hint: 'set nodeExporter.namespace to a shorter name',
    });
  }
  return derived;
}

export function nodeExporterLabels(values: NodeExporterOptions): ComponentLabels {
  return { name: NODE_EXPORTER_NAME, component: 'exporter', image: values.image };
}

export const nodeExporterObjectLabels = (values: NodeExporterOptions) =>
  objectLabels(nodeExporterLabels(values));
export const nodeExporterSelector = (values: NodeExporterOptions) =>
  selectorLabels(nodeExporterLabels(values));
