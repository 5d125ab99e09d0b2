import type { CollectorPipeline } from '@mixstack/core';
import {
  apiServerEgress,
  clientIngress,
  type EgressRule,
  networkPeer,
  networkPolicy as policy,
  serviceEgress,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../pipelines/traces.js';
import { type AlloyContext, HTTP_PORT, NAME } from './context.js';

/** Where a pipeline sends its signal, as its egress rule says it. */
function endpointOf(pipeline: CollectorPipeline): string {
  switch (pipeline.signal) {
    case 'logs':
      return pipeline.pushUrl;
    case 'traces':
      return `OTLP gRPC ${pipeline.otlpEndpoint}`;
  }
}

/**
 * With a traces pipeline, OTLP on 4317 (gRPC) and 4318 (HTTP) from the pods of EVERY
 * namespace: applications send their spans from wherever they run, and the collector cannot
 * know their namespaces. The Service `alloy-otlp` (internalTrafficPolicy Local) keeps each
 * pod's spans on its own node; nothing but OTLP is open to them.
 */
export function otlpIngress(c: AlloyContext): INetworkPolicyIngressRule[] {
  if (!c.needs.otlp) return [];
  return [{ from: [networkPeer({ namespaceLabels: {} })], ports: tcpPorts(OTLP_GRPC_PORT, OTLP_HTTP_PORT) }];
}

/** One destination per pipeline: the pods behind the Service the pipeline names, on its port. */
export function pipelineEgress(pipelines: Readonly<Record<string, CollectorPipeline>>): EgressRule[] {
  return Object.keys(pipelines)
    .sort()
    .map((id) => {
      const pipeline = pipelines[id]!;
      const { namespace, name } = pipeline.destination;
      return serviceEgress(
        pipeline.destination,
        `the ${pipeline.signal} pipeline "${id}" (${namespace}/${name}, ${endpointOf(pipeline)})`,
      );
    });
}

/**
 * Ingress on the HTTP port from its clients only (the stack's scraper, the options' own), and
 * with a traces pipeline OTLP from every namespace (`otlpIngress`); egress to the API server
 * (discovery, logs, events, the pods' metadata of k8sattributes) and to the destination of each
 * pipeline (a trace store's pods on their OTLP port); in an Alloy cluster, both ways between its pods.
 */
export function networkPolicy(c: AlloyContext): INetworkPolicy {
  // The pods of an Alloy cluster talk to each other on the HTTP port.
  const peers = { namespace: c.namespace, podLabels: c.selector };
  const clients = c.needs.cluster ? { ...c.clients, 'alloy-cluster-peers': peers } : c.clients;
  return policy({
    name: NAME,
    namespace: c.namespace,
    labels: c.labels,
    podLabels: c.selector,
    ingress: [
      ...clientIngress(clients, c.clientRoles, () => tcpPorts(HTTP_PORT), c.stackNamespace),
      ...otlpIngress(c),
    ],
    egress: {
      only: [
        apiServerEgress(),
        ...(c.needs.cluster
          ? [{ purpose: 'its peers of the Alloy cluster', to: [peers], ports: tcpPorts(HTTP_PORT) }]
          : []),
        ...pipelineEgress(c.pipelines),
      ],
    },
  });
}
