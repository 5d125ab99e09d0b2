import type { CollectorPipeline } from '@mixstack/core';
import {
  apiServerEgress,
  clientIngress,
  type EgressRule,
  networkPolicy as policy,
  serviceEgress,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { type AlloyContext, HTTP_PORT, NAME } from './context.js';

/** One destination per pipeline: the pods behind the Service the pipeline names, on its port. */
export function pipelineEgress(pipelines: Readonly<Record<string, CollectorPipeline>>): EgressRule[] {
  return Object.keys(pipelines)
    .sort()
    .map((id) => {
      const pipeline = pipelines[id]!;
      const { namespace, name } = pipeline.destination;
      return serviceEgress(
        pipeline.destination,
        `the ${pipeline.signal} pipeline "${id}" (${namespace}/${name}, ${pipeline.pushUrl})`,
      );
    });
}

/**
 * Ingress on the HTTP port from its clients only (the stack's scraper, the options' own);
 * egress to the API server (discovery, logs, events) and to the destination of each pipeline;
 * in an Alloy cluster, both ways between its pods.
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
    ingress: clientIngress(clients, c.clientRoles, () => tcpPorts(HTTP_PORT), c.stackNamespace),
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
