import type { IService } from 'kubernetes-models/v1/Service';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import { GOSSIP_PORT, GRPC_PORT, HTTP_PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT } from '../config/tempo-config.js';
import {
  GRPC_PORT_NAME,
  HTTP_PORT_NAME,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT_NAME,
  type TempoContext,
} from '../manifests/context.js';
import {
  type DistributedComponent,
  FRONTEND_DISCOVERY_SERVICE,
  GOSSIP_SERVICE,
  objectName,
} from './components.js';
import { GOSSIP_PORT_NAME, tempoPods, workloadLabels, workloadSelector } from './workload.js';

const tcp = (name: string, port: number, appProtocol?: string): IServicePort => ({
  name,
  port,
  targetPort: name,
  protocol: 'TCP',
  ...(appProtocol ? { appProtocol } : {}),
});

/**
 * The Service of one workload, `tempo-<target>`: HTTP 3200 on each (`/metrics` for the scraper,
 * which names its job after the Service; queries on the query-frontend), gRPC 9095 where another
 * workload dials it (the scheduler, the frontend), OTLP 4317/4318 on the distributor. It is the
 * StatefulSets' governing Service too.
 */
export function workloadService(c: TempoContext, component: DistributedComponent): IService {
  const grpc = component.target === 'backend-scheduler' || component.target === 'query-frontend';
  const otlp = component.serves.includes('ingest');
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: objectName(component.target),
      namespace: c.namespace,
      labels: workloadLabels(c, component.target),
    },
    spec: {
      type: 'ClusterIP',
      selector: workloadSelector(component.target),
      ports: [
        tcp(HTTP_PORT_NAME, HTTP_PORT),
        ...(grpc ? [tcp(GRPC_PORT_NAME, GRPC_PORT, 'grpc')] : []),
        ...(otlp
          ? [tcp(OTLP_GRPC_PORT_NAME, OTLP_GRPC_PORT, 'grpc'), tcp(OTLP_HTTP_PORT_NAME, OTLP_HTTP_PORT)]
          : []),
      ],
    },
  };
}

/** A headless Service: one DNS record per pod, ready or not (the rings and queues must find a pod before it is ready). */
function headless(
  c: TempoContext,
  name: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  port: IServicePort,
): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: c.namespace, labels },
    spec: {
      type: 'ClusterIP',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector,
      ports: [port],
    },
  };
}

/**
 * `tempo-gossip-ring`: every pod of the mode, on memberlist's port, which `join_members`
 * resolves (`dns+`). It has no HTTP port, so the scraper's ServiceMonitor finds nothing there.
 */
export function gossipService(c: TempoContext): IService {
  const labels = { ...tempoPods(), ...versionOf(c) };
  return headless(c, GOSSIP_SERVICE, labels, tempoPods(), tcp(GOSSIP_PORT_NAME, GOSSIP_PORT));
}

/** `tempo-query-frontend-discovery`: the frontends' gRPC, one address each, for the queriers' workers. */
export function frontendDiscoveryService(c: TempoContext): IService {
  return headless(
    c,
    FRONTEND_DISCOVERY_SERVICE,
    workloadLabels(c, 'query-frontend'),
    workloadSelector('query-frontend'),
    tcp(GRPC_PORT_NAME, GRPC_PORT, 'grpc'),
  );
}

/** The version label of Tempo's objects, when the image names one. */
function versionOf(c: TempoContext): Record<string, string> {
  const version = workloadLabels(c, 'distributor')['app.kubernetes.io/version'];
  return version ? { 'app.kubernetes.io/version': version } : {};
}
