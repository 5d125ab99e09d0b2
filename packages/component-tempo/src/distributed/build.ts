import type {
  BuiltObjects,
  CommonValues,
  ComponentContracts,
  KubeObject,
  ServiceContract,
} from '@mixstack/core';
import { httpService } from '@mixstack/kit';
import { kafkaSettings } from '../config/kafka.js';
import { HTTP_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../config/tempo-config.js';
import type { TempoValues } from '../config.js';
import {
  COMPONENT,
  HTTP_PORT_NAME,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT_NAME,
  type TempoContext,
} from '../manifests/context.js';
import {
  DISTRIBUTED_COMPONENTS,
  FRONTEND_DISCOVERY_SERVICE,
  GOSSIP_SERVICE,
  objectName,
} from './components.js';
import { workloadNetworkPolicy } from './network-policy.js';
import { frontendDiscoveryService, gossipService, workloadService } from './services.js';
import { workload, workloadBudget, workloadSelector } from './workload.js';

/** The in-cluster DNS name of a Service of the stack's namespace (the gossip and gRPC addresses need a host). */
export const serviceHost = (name: string, namespace: string): string =>
  `${name}.${namespace}.svc.cluster.local`;

/**
 * Every object of the distributed mode but the shared ones (ServiceAccount, ConfigMap), by key:
 * per workload `<id>Deployment` or `<id>StatefulSet`, `<id>Service`, `<id>NetworkPolicy`, and
 * `<id>PodDisruptionBudget` from two pods; the headless gossip and frontend-discovery Services.
 */
export function distributedObjects(c: TempoContext, checksum: string): BuiltObjects {
  const objects: Record<string, KubeObject> = {};
  for (const component of DISTRIBUTED_COMPONENTS) {
    const built = workload(c, component, checksum);
    objects[`${component.id}${built.kind}`] = built;
    objects[`${component.id}Service`] = workloadService(c, component);
    objects[`${component.id}NetworkPolicy`] = workloadNetworkPolicy(c, component);
    const budget = workloadBudget(c, component);
    if (budget) objects[`${component.id}PodDisruptionBudget`] = budget;
  }
  objects.gossipRingService = gossipService(c);
  objects.queryFrontendDiscoveryService = frontendDiscoveryService(c);
  return objects;
}

/** What the configuration needs to know of the distributed mode's own Services. */
export function distributedAddresses(namespace: string) {
  return {
    gossipHost: serviceHost(GOSSIP_SERVICE, namespace),
    schedulerAddress: `${serviceHost(objectName('backend-scheduler'), namespace)}:9095`,
    frontendAddress: `${serviceHost(FRONTEND_DISCOVERY_SERVICE, namespace)}:9095`,
  };
}

/**
 * The contracts of the distributed mode: every container and its resources option
 * (`distributed.<id>.resources`), every workload's replicas with its option (the live-stores'
 * and block-builders' are `kafka.partitions`; the one scheduler is not adjustable), the `http`
 * Service at the query-frontend (Grafana's datasource, the `datasource` role) and the OTLP
 * Services at the distributor (the collector's pipeline).
 */
export function distributedContracts(
  values: TempoValues,
  common: CommonValues,
): Pick<ComponentContracts, 'containers' | 'resourceOptions' | 'replicas' | 'services'> {
  const partitions = kafkaSettings(values.kafka)?.partitions ?? 1;
  const containers: Record<string, TempoValues['resources']> = {};
  const resourceOptions: Record<string, string> = {};
  const replicas: Record<string, { value: number; option: string }> = {};
  for (const component of DISTRIBUTED_COMPONENTS) {
    const own = values.distributed[component.id];
    containers[component.target] = own.resources;
    resourceOptions[component.target] = `distributed.${component.id}.resources`;
    if (component.replicas === 'partitions')
      replicas[component.id] = { value: partitions, option: 'kafka.partitions' };
    if (component.replicas === 'option' && 'replicas' in own)
      replicas[component.id] = { value: own.replicas, option: `distributed.${component.id}.replicas` };
  }
  const http = {
    ...httpService(COMPONENT, objectName('query-frontend'), common.namespace, {
      port: HTTP_PORT,
      portName: HTTP_PORT_NAME,
      healthPath: '/ready',
      podLabels: workloadSelector('query-frontend'),
    }),
    address: `${COMPONENT}/queryFrontendService`,
  };
  const otlp: ServiceContract = {
    address: `${COMPONENT}/distributorService`,
    name: objectName('distributor'),
    namespace: common.namespace,
    port: OTLP_GRPC_PORT,
    portName: OTLP_GRPC_PORT_NAME,
    scheme: 'http',
    podLabels: workloadSelector('distributor'),
  };
  return {
    containers,
    resourceOptions,
    replicas,
    services: {
      http,
      otlpGrpc: otlp,
      otlpHttp: { ...otlp, port: OTLP_HTTP_PORT, portName: OTLP_HTTP_PORT_NAME },
    },
  };
}
