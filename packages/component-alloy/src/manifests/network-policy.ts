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
    case 'profiles':
      return pipeline.writeUrl;
  }
}

/**
 * With a profiles pipeline that scrapes, the pods of EVERY namespace on ANY port: the pods that
 * opt in say where with their own annotations (`profiles.grafana.com/<type>.port`), which the
 * stack cannot know when it is rendered. Each application's own NetworkPolicy, if it has one,
 * must admit the collector (see the package README).
 */
export const PROFILES_SCRAPE_EGRESS: EgressRule = {
  purpose:
    'the pods that profiles pipelines scrape (annotated profiles.grafana.com/<type>.scrape), in every namespace on any port: each pod names its own port',
  to: [{ namespaceLabels: {} }],
};

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

/**
 * One destination per pipeline whose chain runs in the collector (`ebpf` only profiles run in
 * the profiler, `profilerPipelineEgress`): the pods behind the Service it names, on its port.
 */
export function pipelineEgress(pipelines: Readonly<Record<string, CollectorPipeline>>): EgressRule[] {
  return egressOf(pipelines, (pipeline) => pipeline.signal !== 'profiles' || pipeline.scrape);
}

/** The destinations of the eBPF profiler: the stores of the profiles pipelines with `ebpf`. */
export function profilerPipelineEgress(pipelines: Readonly<Record<string, CollectorPipeline>>): EgressRule[] {
  return egressOf(pipelines, (pipeline) => pipeline.signal === 'profiles' && pipeline.ebpf);
}

function egressOf(
  pipelines: Readonly<Record<string, CollectorPipeline>>,
  runs: (pipeline: CollectorPipeline) => boolean,
): EgressRule[] {
  return Object.keys(pipelines)
    .sort()
    .filter((id) => runs(pipelines[id]!))
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
 * pipeline (a trace store's pods on their OTLP port); with profiles to scrape, the pods of every
 * namespace (`PROFILES_SCRAPE_EGRESS`); in an Alloy cluster, both ways between its pods.
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
        ...(c.needs.profilesScrape ? [PROFILES_SCRAPE_EGRESS] : []),
      ],
    },
  });
}
