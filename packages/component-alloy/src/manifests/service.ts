import { objectLabels } from '@mixstack/kit';
import type { IService } from 'kubernetes-models/v1/Service';
import {
  OTLP_GRPC_PORT,
  OTLP_GRPC_PORT_NAME,
  OTLP_HTTP_PORT,
  OTLP_HTTP_PORT_NAME,
} from '../pipelines/traces.js';
import {
  type AlloyContext,
  CLUSTER_SERVICE,
  clusterServiceLabels,
  HTTP_PORT,
  HTTP_PORT_NAME,
  NAME,
  OTLP_SERVICE,
  otlpServiceLabels,
} from './context.js';

/** `alloy:12345` next to the pods: what the stack's scraper discovers them by. */
export function service(c: AlloyContext): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NAME, namespace: c.namespace, labels: c.labels },
    spec: {
      type: 'ClusterIP',
      selector: c.selector,
      ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}

/**
 * With work that one pod does for all (the cluster's events), the pods form an Alloy cluster:
 * they find each other through this headless Service, which lists every pod, ready or not (a
 * pod joins its peers before it is ready).
 */
export function clusterService(c: AlloyContext): IService | undefined {
  if (!c.needs.cluster) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: CLUSTER_SERVICE,
      namespace: c.namespace,
      labels: objectLabels(clusterServiceLabels(c.values.image)),
    },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: c.selector,
      ports: [{ name: HTTP_PORT_NAME, port: HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}

/**
 * With a traces pipeline, `alloy-otlp`: where applications send their spans
 * (`OTEL_EXPORTER_OTLP_ENDPOINT=http://alloy-otlp.<namespace>.svc:4318`, or `:4317` for gRPC).
 * `internalTrafficPolicy: Local` sends each pod's spans to the Alloy pod of its own node: the
 * spans never cross nodes before they are batched, and k8sattributes, which watches only the
 * pods of its node, knows the sender. A node without a ready Alloy pod drops them rather than
 * send them elsewhere (the SDKs retry).
 */
export function otlpService(c: AlloyContext): IService | undefined {
  if (!c.needs.otlp) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: OTLP_SERVICE,
      namespace: c.namespace,
      labels: objectLabels(otlpServiceLabels(c.values.image)),
    },
    spec: {
      type: 'ClusterIP',
      internalTrafficPolicy: 'Local',
      selector: c.selector,
      ports: [
        { name: OTLP_GRPC_PORT_NAME, port: OTLP_GRPC_PORT, targetPort: OTLP_GRPC_PORT_NAME, protocol: 'TCP' },
        { name: OTLP_HTTP_PORT_NAME, port: OTLP_HTTP_PORT, targetPort: OTLP_HTTP_PORT_NAME, protocol: 'TCP' },
      ],
    },
  };
}
