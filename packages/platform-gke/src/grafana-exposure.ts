import type { IBackendConfig } from '@kubernetes-models/gke/cloud.google.com/v1/BackendConfig';
import type { IManagedCertificate } from '@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate';
import type { IFrontendConfig } from '@kubernetes-models/gke/networking.gke.io/v1beta1/FrontendConfig';
import {
  addNetworkClient,
  addPatch,
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

/** The name of every object of the exposure (Ingress, ManagedCertificate, BackendConfig, FrontendConfig). */
const NAME = 'grafana';

/**
 * The address ranges of Google's front ends: the external Application Load Balancer's proxies
 * and its health checks reach the pods (container-native load balancing through NEGs) from
 * these, so Grafana's NetworkPolicy must admit them.
 * https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges
 */
export const GOOGLE_FRONT_END_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;

/** The network client of one range: `gke-load-balancer-35-191-0-0-16`. */
export const loadBalancerClientName = (cidr: string): string =>
  `gke-load-balancer-${cidr.replace(/[./]/g, '-')}`;

/** The annotations of Grafana's Service: container-native load balancing, and our BackendConfig. */
export const GRAFANA_SERVICE_ANNOTATIONS: Readonly<Record<string, string>> = {
  // Container-native load balancing: the load balancer sends to the pods directly.
  'cloud.google.com/neg': '{"ingress": true}',
  'cloud.google.com/backend-config': JSON.stringify({ default: NAME }),
};

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
      message: `gke({ grafana }) exposes Grafana, and the stack has no Grafana${contracts ? ' (it is turned off)' : ''}`,
      address: 'gke',
      path: 'grafana',
      value: host,
      hint: contracts
        ? 'turn Grafana on (leave out enabled: false), or remove the grafana option of gke()'
        : 'add grafana() from @mixstack/component-grafana (or mixstack), or remove the grafana option of gke()',
    });
  }
  const service = contracts.services[GRAFANA.service];
  if (!service) {
    const known = Object.keys(contracts.services).sort();
    return new MixstackError({
      code: 'NOT_FOUND',
      message: `the stack's Grafana publishes no "${GRAFANA.service}" Service to put behind the Ingress`,
      address: 'gke',
      path: 'grafana',
      value: host,
      hint: `the grafana component must publish its HTTP Service as services.${GRAFANA.service} (it publishes: ${known.join(', ') || 'none'})`,
    });
  }
  return service;
}

/**
 * What the exposure needs of the rest of the stack, all through core's contracts: Grafana's
 * external URL (its root_url, unless its own rootUrl option says otherwise), the load balancer's
 * ranges as network clients that reach Grafana (its NetworkPolicy admits them), and the
 * annotations of the Service Grafana publishes (an objects patch on the address it publishes).
 */
export function withGrafanaExposure(stack: Stack, options: GrafanaExposureOptions): Stack {
  let next = setExternalUrl(stack, PLATFORM, GRAFANA.component, `https://${options.host}/`);
  for (const cidr of GOOGLE_FRONT_END_RANGES)
    next = addNetworkClient(next, SOURCE, loadBalancerClientName(cidr), {
      cidr,
      reaches: [GRAFANA.component],
    });
  return addPatch(next, {
    id: `${SOURCE}/grafana-service-annotations`,
    source: SOURCE,
    target: 'objects',
    order: 100,
    // Without Grafana there is nothing to annotate: the gke component reports the problem once.
    apply: (objects, { stack: view }) => {
      const service = grafanaService(view, options.host);
      if (service instanceof MixstackError) return objects;
      const object = objects[service.address];
      if (!object) {
        throw new MixstackError({
          code: 'NOT_FOUND',
          message: `Grafana publishes its Service at ${service.address}, and the stack rendered no object there`,
          address: 'gke/grafanaIngress',
          value: service.address,
          hint: 'the grafana component must publish the address of the Service it renders (services.http.address)',
        });
      }
      const annotations = { ...GRAFANA_SERVICE_ANNOTATIONS, ...object.metadata?.annotations };
      return {
        ...objects,
        [service.address]: { ...object, metadata: { ...object.metadata, annotations } } as KubeObject,
      };
    },
  });
}

const meta = (namespace: string) => ({ name: NAME, namespace, labels: { ...LABELS } });

export function grafanaIngress(
  options: GrafanaExposureOptions,
  service: ServiceContract,
  namespace: string,
): IIngress {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      ...meta(namespace),
      annotations: {
        // GKE's Ingress controller reads the class from this annotation, not from spec.ingressClassName.
        'kubernetes.io/ingress.class': 'gce',
        'networking.gke.io/managed-certificates': NAME,
        ...(options.httpsRedirect ? { 'networking.gke.io/v1beta1.FrontendConfig': NAME } : {}),
        ...(options.staticIpName
          ? { 'kubernetes.io/ingress.global-static-ip-name': options.staticIpName }
          : {}),
      },
    },
    spec: {
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

export function grafanaManagedCertificate(
  options: GrafanaExposureOptions,
  namespace: string,
): IManagedCertificate {
  return {
    apiVersion: 'networking.gke.io/v1',
    kind: 'ManagedCertificate',
    metadata: meta(namespace),
    spec: { domains: [options.host] },
  };
}

/**
 * The load balancer's health check on the health path Grafana publishes (GKE checks `/`
 * without one), and IAP when asked for.
 */
export function grafanaBackendConfig(
  options: GrafanaExposureOptions,
  service: ServiceContract,
  namespace: string,
): IBackendConfig {
  return {
    apiVersion: 'cloud.google.com/v1',
    kind: 'BackendConfig',
    metadata: meta(namespace),
    spec: {
      healthCheck: {
        type: service.scheme === 'https' ? 'HTTPS' : 'HTTP',
        ...(service.healthPath ? { requestPath: service.healthPath } : {}),
        port: service.port,
        checkIntervalSec: 15,
        timeoutSec: 5,
        healthyThreshold: 1,
        unhealthyThreshold: 3,
      },
      ...(options.iap
        ? { iap: { enabled: true, oauthclientCredentials: { secretName: options.iap.oauthSecret } } }
        : {}),
    },
  };
}

export function grafanaFrontendConfig(namespace: string): IFrontendConfig {
  return {
    apiVersion: 'networking.gke.io/v1beta1',
    kind: 'FrontendConfig',
    metadata: meta(namespace),
    spec: { redirectToHttps: { enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' } },
  };
}
