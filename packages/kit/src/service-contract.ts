import type { ServiceContract } from '@mixstack/core';

/** What `httpService` needs: the Service a component renders under `<component>/service`. */
export interface HttpServiceInput {
  /** The component (its Service object is `<component>/service`). */
  component: string;
  /** The Service's name. */
  name: string;
  namespace: string;
  port: number;
  /** The port's name in the Service. */
  portName: string;
  /** A path that answers 200 when the component is ready. @default undefined */
  healthPath?: string;
}

/**
 * The contract of a plain-HTTP Service a component publishes (`ComponentContracts.services`),
 * for what connects to it: a platform's Ingress and health checks, a datasource URL, a link.
 */
export function httpService(input: HttpServiceInput): ServiceContract {
  return {
    address: `${input.component}/service`,
    name: input.name,
    namespace: input.namespace,
    port: input.port,
    portName: input.portName,
    scheme: 'http',
    ...(input.healthPath !== undefined ? { healthPath: input.healthPath } : {}),
  };
}
