import {
  addNetworkClient,
  type KubeObject,
  MixstackError,
  type ServiceContract,
  type Stack,
  type StackView,
  setExternalUrl,
} from '@mixstack/core';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { type GrafanaExposureOptions, PLATFORM, SOURCE } from './config.js';

/** The component exposed, as the stack names it, and the Service it publishes for clients. */
export const GRAFANA = { component: 'grafana', service: 'http' } as const;

/** The network client of the load balancer: the VPC's range, from which the ALB reaches the pods. */
export const LOAD_BALANCER_CLIENT = 'eks-alb';

const LABELS = {
  'app.kubernetes.io/name': 'grafana',
  'app.kubernetes.io/part-of': 'mixstack',
  'app.kubernetes.io/component': 'ingress',
};

/**
 * The Service Grafana publishes for its clients, when the stack runs Grafana; otherwise a
 * problem saying what to do (the exposure cannot be built without it).
 */
export function grafanaService(view: StackView, host: string): ServiceContract | MixstackError {
  const contracts = view.components[GRAFANA.component];
  if (!contracts?.enabled) {
    return new MixstackError({
      code: 'NOT_FOUND',
      message: `eks({ grafana }) exposes Grafana, and the stack has no Grafana${contracts ? ' (it is turned off)' : ''}`,
      address: 'eks',
      path: 'grafana',
      value: host,
      hint: contracts
        ? 'turn Grafana on (leave out enabled: false), or remove the grafana option of eks()'
        : 'add grafana() from @mixstack/component-grafana (or mixstack), or remove the grafana option of eks()',
    });
  }
  const service = contracts.services[GRAFANA.service];
  if (!service) {
    const known = Object.keys(contracts.services).sort();
    return new MixstackError({
      code: 'NOT_FOUND',
      message: `the stack's Grafana publishes no "${GRAFANA.service}" Service to put behind the Ingress`,
      address: 'eks',
      path: 'grafana',
      value: host,
      hint: `the grafana component must publish its HTTP Service as services.${GRAFANA.service} (it publishes: ${known.join(', ') || 'none'})`,
    });
  }
  return service;
}

/**
 * What the exposure needs of the rest of the stack, through core's contracts: Grafana's
 * external URL, and the VPC's range as a network client that reaches Grafana (with
 * `target-type: ip` the ALB sends to the pods from its own addresses in the VPC).
 */
export function withGrafanaExposure(stack: Stack, options: GrafanaExposureOptions): Stack {
  const next = setExternalUrl(stack, PLATFORM, GRAFANA.component, `https://${options.host}/`);
  return addNetworkClient(next, SOURCE, LOAD_BALANCER_CLIENT, {
    cidr: options.vpcCidr,
    reaches: [GRAFANA.component],
  });
}

/** The Ingress the AWS Load Balancer Controller turns into an ALB (IngressClass `alb`). */
export function grafanaIngress(options: GrafanaExposureOptions, service: ServiceContract): IIngress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'grafana',
      namespace: service.namespace,
      labels: { ...LABELS },
      annotations: {
        'alb.ingress.kubernetes.io/scheme': options.scheme,
        // To the pods directly: works on Fargate too, where there is no node port.
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/certificate-arn': options.certificateArn,
        'alb.ingress.kubernetes.io/listen-ports': JSON.stringify(
          options.httpsRedirect ? [{ HTTP: 80 }, { HTTPS: 443 }] : [{ HTTPS: 443 }],
        ),
        ...(options.httpsRedirect ? { 'alb.ingress.kubernetes.io/ssl-redirect': '443' } : {}),
        'alb.ingress.kubernetes.io/backend-protocol': service.scheme === 'https' ? 'HTTPS' : 'HTTP',
        ...(service.healthPath ? { 'alb.ingress.kubernetes.io/healthcheck-path': service.healthPath } : {}),
      },
    },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          host: options.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: service.name, port: { number: service.port } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** The Ingress, or the problem of a stack without Grafana (reported by the caller). */
export function grafanaObjects(
  view: StackView,
  options: GrafanaExposureOptions,
): Record<string, KubeObject> | MixstackError {
  const service = grafanaService(view, options.host);
  if (service instanceof MixstackError) return service;
  return { grafanaIngress: grafanaIngress(options, service) as KubeObject };
}
