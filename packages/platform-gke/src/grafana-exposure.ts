import type { IBackendConfig } from '@kubernetes-models/gke/cloud.google.com/v1/BackendConfig';
import type { IManagedCertificate } from '@kubernetes-models/gke/networking.gke.io/v1/ManagedCertificate';
import type { IFrontendConfig } from '@kubernetes-models/gke/networking.gke.io/v1beta1/FrontendConfig';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { GrafanaExposureOptions } from './config.js';

/** Grafana's Service and port, as component-grafana documents them (`svc/grafana:3000`). */
export const GRAFANA_SERVICE = { name: 'grafana', port: 3000, healthPath: '/api/health' } as const;

/** The name of every object of the exposure (Ingress, ManagedCertificate, BackendConfig, FrontendConfig). */
const NAME = 'grafana';

/**
 * The address ranges of Google's front ends: the external Application Load Balancer's proxies
 * and its health checks reach the pods (container-native load balancing through NEGs) from
 * these, so Grafana's NetworkPolicy must admit them.
 * https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges
 */
export const GOOGLE_FRONT_END_RANGES = ['35.191.0.0/16', '130.211.0.0/22'] as const;

const LABELS = {
  'app.kubernetes.io/name': 'grafana',
  'app.kubernetes.io/part-of': 'mixstack',
  'app.kubernetes.io/component': 'ingress',
};

/** What the platform sets in Grafana's values (the `platform` layer; your grafana() options win). */
export function grafanaValues(options: GrafanaExposureOptions): Record<string, unknown> {
  return {
    rootUrl: `https://${options.host}/`,
    service: {
      annotations: {
        // Container-native load balancing: the load balancer sends to the pods directly.
        'cloud.google.com/neg': '{"ingress": true}',
        'cloud.google.com/backend-config': JSON.stringify({ default: NAME }),
      },
    },
    networkPolicy: {
      clients: Object.fromEntries(
        GOOGLE_FRONT_END_RANGES.map((cidr) => [`gke-load-balancer-${cidr.replace(/[./]/g, '-')}`, { cidr }]),
      ),
    },
  };
}

const meta = (namespace: string) => ({ name: NAME, namespace, labels: { ...LABELS } });

export function grafanaIngress(options: GrafanaExposureOptions, namespace: string): IIngress {
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
                backend: { service: { name: GRAFANA_SERVICE.name, port: { number: GRAFANA_SERVICE.port } } },
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

/** The load balancer's health check on Grafana's own health endpoint, and IAP when asked for. */
export function grafanaBackendConfig(options: GrafanaExposureOptions, namespace: string): IBackendConfig {
  return {
    apiVersion: 'cloud.google.com/v1',
    kind: 'BackendConfig',
    metadata: meta(namespace),
    spec: {
      healthCheck: {
        type: 'HTTP',
        requestPath: GRAFANA_SERVICE.healthPath,
        port: GRAFANA_SERVICE.port,
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
