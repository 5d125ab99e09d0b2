import {
  admittedClients,
  clientIngress,
  type EgressRule,
  networkPeer,
  objectStorageEgress,
  networkPolicy as policy,
  serviceEgress,
  tcpPorts,
} from '@mixstack/kit';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { hostAndPort, kafkaDestination } from '../config/kafka.js';
import { GOSSIP_PORT, GRPC_PORT, HTTP_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../config/tempo-config.js';
import type { TempoContext } from '../manifests/context.js';
import { type DistributedComponent, objectName } from './components.js';
import { tempoPods, workloadLabels, workloadSelector } from './workload.js';

/** The ports Tempo's pods talk to each other on: HTTP, gRPC (queries, jobs, rings) and gossip. */
const OWN_PORTS = [HTTP_PORT, GRPC_PORT, GOSSIP_PORT] as const;

/**
 * The ports a client of the stack reaches this workload on, by the way it comes: the scraper
 * (`metrics`) every workload's HTTP; Grafana (`datasource`) the query-frontend's HTTP; the
 * collector (`ingest`) the distributor's OTLP; a client of the options or that names Tempo
 * (`direct`) both of the ones that serve anyone. None: the client is not admitted here.
 */
function portsFor(component: DistributedComponent, through: readonly string[]): number[] {
  const ports = new Set<number>();
  const direct = through.length === 0 || through.includes('direct');
  const serves = (role: 'datasource' | 'ingest') =>
    component.serves.includes(role) && (direct || through.includes(role));
  if (through.includes('metrics') || serves('datasource') || (direct && component.serves.includes('ingest')))
    ports.add(HTTP_PORT);
  if (serves('ingest')) {
    ports.add(OTLP_GRPC_PORT);
    ports.add(OTLP_HTTP_PORT);
  }
  return [...ports].sort((a, b) => a - b);
}

/** Where one workload connects besides DNS: Tempo's own pods, and per its role Kafka, the bucket, the metrics store. */
function egress(c: TempoContext, component: DistributedComponent): EgressRule[] {
  const rules: EgressRule[] = [
    {
      purpose: "Tempo's own pods (HTTP, gRPC, gossip)",
      to: [{ namespace: c.namespace, podLabels: tempoPods() }],
      ports: OWN_PORTS.map((port) => ({ port, protocol: 'TCP' as const })),
    },
  ];
  if (component.kafka && c.kafka) {
    const { port } = hostAndPort(c.kafka.address);
    const to = kafkaDestination(c.kafka.address, c.namespace);
    rules.push({
      purpose: `Kafka at ${c.kafka.address}${to ? '' : ' (a host outside the cluster: any address on its port)'}`,
      ...(to ? { to } : {}),
      ports: [{ port, protocol: 'TCP' }],
    });
  }
  if (component.remoteWrite && c.remoteWrite)
    rules.push(serviceEgress(c.remoteWrite, 'the metrics store its generator writes span metrics to'));
  if (component.bucket) rules.push(...objectStorageEgress(c.settings.store, c.common.platform));
  return rules;
}

/**
 * The NetworkPolicy of one workload: ingress from Tempo's other pods on HTTP, gRPC and gossip,
 * and from the stack's clients on the ports of their role here (none: not admitted); OTLP from
 * every namespace on the distributor with `otlpFromEveryNamespace`. Egress as `egress` says.
 */
export function workloadNetworkPolicy(c: TempoContext, component: DistributedComponent): INetworkPolicy {
  const clients = admittedClients(c.clients, c.values.networkPolicy.clients);
  // A client with no port here gets no rule: a rule without ports would admit it on every port.
  const reaching = Object.fromEntries(
    Object.entries(clients).filter(
      ([name, client]) => client && portsFor(component, c.clientRoles[name] ?? []).length > 0,
    ),
  );
  const ingress = [
    {
      from: [networkPeer({ namespace: c.namespace, podLabels: tempoPods() })],
      ports: tcpPorts(...OWN_PORTS),
    },
    ...clientIngress(
      reaching,
      c.clientRoles,
      (through) => tcpPorts(...portsFor(component, through)),
      c.namespace,
    ),
  ];
  if (component.serves.includes('ingest') && c.values.networkPolicy.otlpFromEveryNamespace) {
    ingress.push({
      from: [networkPeer({ namespaceLabels: {} })],
      ports: tcpPorts(OTLP_GRPC_PORT, OTLP_HTTP_PORT),
    });
  }
  return policy({
    name: objectName(component.target),
    namespace: c.namespace,
    labels: workloadLabels(c, component.target),
    podLabels: workloadSelector(component.target),
    ingress,
    egress: { only: egress(c, component) },
  });
}
