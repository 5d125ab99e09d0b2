import type { ServiceContract } from '@mixstack/core';

/** The port of a plain-HTTP Service, and how to know the component is ready behind it. */
export interface HttpEndpoint {
  port: number;
  /** The port's name in the Service. */
  portName: string;
  /** A path that answers 200 when the component is ready. @default undefined */
  healthPath?: string;
  /** Labels of the pods behind the Service (its selector), for the egress rules of its clients. */
  podLabels: Record<string, string>;
  /** The pods' port the Service forwards to. @default port */
  podPort?: number;
}

/** The URL of a Service of the stack, inside the cluster (`http://loki.monitoring.svc:3100`). */
export const serviceUrl = (service: ServiceContract): string =>
  `${service.scheme}://${service.name}.${service.namespace}.svc:${service.port}`;

/**
 * The contract of a plain-HTTP Service a component publishes (`ComponentContracts.services`), named
 * `<component>/service` among the component's objects,
 * for what connects to it: a platform's Ingress and health checks, a datasource URL, a link.
 */
export function httpService(
  component: string,
  name: string,
  namespace: string,
  endpoint: HttpEndpoint,
): ServiceContract {
  return {
    // The component renders its Service under the key `service`.
    address: `${component}/service`,
    name,
    namespace,
    port: endpoint.port,
    portName: endpoint.portName,
    scheme: 'http',
    ...(endpoint.healthPath !== undefined ? { healthPath: endpoint.healthPath } : {}),
    podLabels: { ...endpoint.podLabels },
    ...(endpoint.podPort !== undefined && endpoint.podPort !== endpoint.port
      ? { podPort: endpoint.podPort }
      : {}),
  };
}
