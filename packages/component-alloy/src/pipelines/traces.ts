import type { TracesPipeline } from '@mixstack/core';
import { attribute, type Block, block, call, reference } from '../syntax/model.js';
import { NODE_NAME_ENV } from './logs.js';

/**
 * Traces pipelines as Alloy components. The cluster's applications send OTLP to the Alloy pod
 * of their own node; one chain receives and enriches every span, whatever the number of trace
 * stores, and fans out to one exporter per pipeline:
 *
 * `otelcol.receiver.otlp` → `otelcol.processor.memory_limiter` → `otelcol.processor.k8sattributes`
 * → `otelcol.processor.batch` → `otelcol.exporter.otlp` (one per pipeline).
 *
 * One receiver per collector: a port is bound once, so a second receiver on 4317 would keep
 * Alloy from starting. The shared processors also keep one cache of the node's pods, not one
 * per store.
 */

/** The OTLP receiver's ports, on every interface of the pod. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;
export const OTLP_GRPC_PORT_NAME = 'otlp-grpc';
export const OTLP_HTTP_PORT_NAME = 'otlp-http';

/** The label of the shared chain (receiver and processors): the applications' spans. */
export const OTLP_CHAIN_LABEL = 'apps';

/**
 * The resource attributes the chain adds to every span, from the sending pod (the semantic
 * conventions' names). `service.name` is derived from the pod's labels and workload; the
 * processor never replaces an attribute the application set itself.
 */
export const K8S_ATTRIBUTES = [
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.pod.uid',
  'k8s.node.name',
  'k8s.deployment.name',
  'service.name',
] as const;

/** What a traces pipeline needs of the pods: they receive OTLP, on their ports and through the `alloy-otlp` Service. */
export interface TracesNeeds {
  otlp: boolean;
}

export function tracesNeeds(_pipeline: TracesPipeline): TracesNeeds {
  return { otlp: true };
}

/** The labels of a pipeline's own components: its exporter. */
export function tracesLabels(label: string, _pipeline: TracesPipeline): string[] {
  return [label];
}

/** A pipeline's own component: the exporter to its trace store, labelled `label`. */
export function tracesBlocks(id: string, label: string, pipeline: TracesPipeline): Block[] {
  const { namespace, name } = pipeline.destination;
  return [
    block(
      'otelcol.exporter.otlp',
      [
        block('client', [
          attribute('endpoint', pipeline.otlpEndpoint),
          // Inside the cluster, to the store's Service: plain gRPC (the NetworkPolicy limits who talks).
          block('tls', [attribute('insecure', true)]),
        ]),
      ],
      { label, comment: `The traces pipeline "${id}": where the spans go (${namespace}/${name}).` },
    ),
  ];
}

/**
 * The shared chain in front of the exporters `exporterLabels` (the labels of the traces
 * pipelines): every span the node's applications send passes it once, then goes to each.
 */
export function otlpChainBlocks(exporterLabels: readonly string[]): Block[] {
  const label = OTLP_CHAIN_LABEL;
  const next = (component: string) =>
    block('output', [attribute('traces', [reference(component, label, 'input')])]);
  return [
    block(
      'otelcol.receiver.otlp',
      [
        block('grpc', [attribute('endpoint', `0.0.0.0:${OTLP_GRPC_PORT}`)]),
        block('http', [attribute('endpoint', `0.0.0.0:${OTLP_HTTP_PORT}`)]),
        next('otelcol.processor.memory_limiter'),
      ],
      {
        label,
        comment:
          "The applications' spans, over OTLP from the pods of this node (the Service alloy-otlp keeps them on their node).",
      },
    ),
    block(
      'otelcol.processor.memory_limiter',
      [
        attribute('check_interval', '1s'),
        // Of the container's memory limit: spans are refused (the SDKs retry) before Alloy is killed.
        attribute('limit_percentage', 80),
        attribute('spike_limit_percentage', 20),
        next('otelcol.processor.k8sattributes'),
      ],
      { label },
    ),
    block(
      'otelcol.processor.k8sattributes',
      [
        block('extract', [attribute('metadata', [...K8S_ATTRIBUTES])]),
        // The spans come from the pods of this node only: watch those, not the whole cluster.
        block('filter', [attribute('node', call('sys.env', NODE_NAME_ENV))]),
        // The sending pod is the one whose IP opened the connection.
        block('pod_association', [block('source', [attribute('from', 'connection')])]),
        next('otelcol.processor.batch'),
      ],
      { label },
    ),
    block(
      'otelcol.processor.batch',
      [
        block('output', [
          attribute(
            'traces',
            exporterLabels.map((exporter) => reference('otelcol.exporter.otlp', exporter, 'input')),
          ),
        ]),
      ],
      { label },
    ),
  ];
}
