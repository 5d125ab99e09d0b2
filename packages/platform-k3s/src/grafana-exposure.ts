import {
  addNetworkClient,
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

/** The network client of the ingress controller's pods, which Grafana's NetworkPolicy admits. */
export const INGRESS_CLIENT = 'k3s-ingress-controller';

const LABELS = {
  'app.kubernetes.io/name': 'grafana',
  'app.kubernetes.io/part-of': 'mixstack',
  'app.kubernetes.io/component': 'ingress',
};

/** Grafana's URL from outside: https with a TLS Secret, http without. */
export function grafanaUrl(options: GrafanaExposureOptions): string {
  return `${options.tlsSecret ? 'https' : 'http'}://${options.host}/`;
}

/**
 * The Service Grafana publishes for its clients, when the stack runs Grafana; otherwise a
 * problem saying what to do (the Ingress cannot be built without it).
 */
export function grafanaService(view: StackView, host: string): ServiceContract | MixstackError {
  const contracts = view.components[GRAFANA.component];
  if (!contracts?.enabled) {
    return new MixstackError({
      code: 'NOT_FOUND',
      message: `k3s({ grafana }) exposes Grafana, and the stack has no Grafana${contracts ? ' (it is turned off)' : ''}`,
      address: 'k3s',
      path: 'grafana',
      value: host,
      hint: contracts
        ? 'turn Grafana on (leave out enabled: false), or remove the grafana option of k3s()'
        : 'add grafana() from @mixstack/component-grafana (or mixstack), or remove the grafana option of k3s()',
    });
  }
  const service = contracts.services[GRAFANA.service];
  if (!service) {
    const known = Object.keys(contracts.services).sort();
    return new MixstackError({
      code: 'NOT_FOUND',
      message: `the stack's Grafana publishes no "${GRAFANA.service}" Service to put behind the Ingress`,
      address: 'k3s',
      path: 'grafana',
      value: host,
      hint: `the grafana component must publish its HTTP Service as services.${GRAFANA.service} (it publishes: ${known.join(', ') || 'none'})`,
    });
  }
  return service;
}

/**
 * What the exposure needs of the rest of the stack, through core's contracts: Grafana's
 * external URL (its root_url, unless its own rootUrl option says otherwise), and the ingress
 * controller's pods (Traefik in kube-system) as a network client that reaches Grafana.
 */
export function withGrafanaExposure(stack: Stack, options: GrafanaExposureOptions): Stack {
  const next = setExternalUrl(stack, PLATFORM, GRAFANA.component, grafanaUrl(options));
  return addNetworkClient(next, SOURCE, INGRESS_CLIENT, {
    namespace: options.controller.namespace,
    podLabels: options.controller.podLabels,
    reaches: [GRAFANA.component],
  });
}

/** An Ingress of the class (Traefik's by default) to the Service Grafana publishes. */
export function grafanaIngress(options: GrafanaExposureOptions, service: ServiceContract): IIngress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'grafana', namespace: service.namespace, labels: { ...LABELS } },
    spec: {
      ingressClassName: options.ingressClassName,
      ...(options.tlsSecret ? { tls: [{ hosts: [options.host], secretName: options.tlsSecret }] } : {}),
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
