import { type CommonValues, MixstackError, options, withImageRegistry } from '@mixstack/core';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { ContainerResources, NetworkClient } from '../config/shared.js';

/** Labels of every object of one component (kube-prometheus' recommended-labels scheme). */
export interface ComponentLabels {
  /** `app.kubernetes.io/name` */
  name: string;
  /** `app.kubernetes.io/component` */
  component: string;
  /** `app.kubernetes.io/instance`, for components with named instances (Prometheus `k8s`). */
  instance?: string;
  /** The image that sets `app.kubernetes.io/version`. */
  image: string;
}

/** The labels that select the component's pods: stable across upgrades (no version). */
export function selectorLabels(labels: ComponentLabels): Record<string, string> {
  return {
    'app.kubernetes.io/name': labels.name,
    'app.kubernetes.io/component': labels.component,
    ...(labels.instance ? { 'app.kubernetes.io/instance': labels.instance } : {}),
    'app.kubernetes.io/part-of': 'mixstack',
  };
}

/** Metadata labels: the selector labels plus the version, when the image tag names one. */
export function objectLabels(labels: ComponentLabels): Record<string, string> {
  const version = imageVersion(labels.image);
  return { ...selectorLabels(labels), ...(version ? { 'app.kubernetes.io/version': version } : {}) };
}

/**
 * The version an image tag names (`v0.93.0` → `0.93.0`), or undefined for a tag that is not a
 * version (a digest-only reference, `main`).
 */
export function imageVersion(image: string): string | undefined {
  const tag = options.parseImage(image)?.tag;
  const match = tag ? /^v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)$/.exec(tag) : null;
  const version = match?.[1];
  return version && version.length <= 63 && /^[0-9A-Za-z]([0-9A-Za-z._-]*[0-9A-Za-z])?$/.test(version)
    ? version
    : undefined;
}

/** The image with the stack's `imageRegistry` applied (private mirrors). */
export function image(reference: string, common: CommonValues): string {
  return withImageRegistry(reference, common.imageRegistry);
}

/** What every container of this package runs with (Pod Security `restricted`, read-only root). */
export function restrictedSecurityContext(user?: number): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    ...(user !== undefined ? { runAsUser: user, runAsGroup: user } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerResources(resources: ContainerResources): IContainer['resources'] {
  return {
    requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
    limits: {
      memory: resources.limits.memory,
      ...(resources.limits.cpu ? { cpu: resources.limits.cpu } : {}),
    },
  };
}

const QUANTITY = /^\+?((?:[0-9]+(?:\.[0-9]*)?)|(?:\.[0-9]+))([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number (`512Mi` → 536870912, `250m` → 0.25), or undefined. */
export function quantityValue(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity);
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * (suffix ? (SUFFIX[suffix] ?? 1) : 1);
}

/**
 * Kubernetes rejects a container whose request exceeds its limit, at apply time; say so at
 * build time, with the option that sets it (values may come from any layer).
 */
export function assertResources(resources: ContainerResources, address: string, path: string): void {
  for (const resource of ['cpu', 'memory'] as const) {
    const request = resources.requests[resource];
    const limit = resources.limits[resource];
    if (limit === undefined) continue;
    const requested = quantityValue(request);
    const limited = quantityValue(limit);
    if (requested !== undefined && limited !== undefined && requested > limited) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: `the ${resource} request (${request}) is higher than the ${resource} limit (${limit})`,
        address,
        path: `${path}.requests.${resource}`,
        value: request,
        hint: `lower resources.requests.${resource} or raise resources.limits.${resource}; Kubernetes rejects a request above the limit`,
      });
    }
  }
}

/** The TLS cipher suites kube-prometheus allows on kube-rbac-proxy. */
const CIPHER_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
].join(',');

export interface RbacProxySidecar {
  name: string;
  image: string;
  resources: ContainerResources;
  /** `--secure-listen-address`, e.g. `:8443` or `[$(IP)]:9100`. */
  listenAddress: string;
  port: number;
  portName: string;
  /** `--upstream`, the program's loopback address. */
  upstream: string;
  /**
   * Health paths of the upstream passed through without authentication (`--ignore-paths`),
   * so the kubelet can probe a program that only listens on loopback.
   */
  healthPaths: string[];
  /** For node agents on the host network. */
  hostPort?: number;
  env?: IContainer['env'];
}

/**
 * kube-rbac-proxy in front of a metrics endpoint that listens on loopback only: scrapers
 * authenticate with their ServiceAccount token and need `get` on the `/metrics` URL (a
 * SubjectAccessReview), as in kube-prometheus. Its own probes check its TLS port.
 */
export function rbacProxyContainer(sidecar: RbacProxySidecar): IContainer {
  return {
    name: sidecar.name,
    image: sidecar.image,
    args: [
      `--secure-listen-address=${sidecar.listenAddress}`,
      `--tls-cipher-suites=${CIPHER_SUITES}`,
      `--upstream=${sidecar.upstream}`,
      ...(sidecar.healthPaths.length > 0 ? [`--ignore-paths=${sidecar.healthPaths.join(',')}`] : []),
    ],
    ...(sidecar.env ? { env: sidecar.env } : {}),
    ports: [
      {
        name: sidecar.portName,
        containerPort: sidecar.port,
        ...(sidecar.hostPort !== undefined ? { hostPort: sidecar.hostPort } : {}),
      },
    ],
    readinessProbe: { tcpSocket: { port: sidecar.portName }, periodSeconds: 10 },
    livenessProbe: { tcpSocket: { port: sidecar.portName }, periodSeconds: 10, failureThreshold: 6 },
    resources: containerResources(sidecar.resources),
    securityContext: restrictedSecurityContext(65532),
  };
}

/** The ServiceMonitor endpoint settings for a kube-rbac-proxy protected port. */
export function rbacProxyEndpoint(port: string): {
  port: string;
  scheme: 'https';
  bearerTokenFile: string;
  tlsConfig: { insecureSkipVerify: boolean };
} {
  return {
    port,
    scheme: 'https',
    // Prometheus' own ServiceAccount token: kube-rbac-proxy checks it with a TokenReview.
    bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    // kube-rbac-proxy serves a self-signed certificate (no cert-manager in the stack), as in kube-prometheus.
    tlsConfig: { insecureSkipVerify: true },
  };
}

export function serviceAccount(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  automountToken: boolean,
): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels },
    automountServiceAccountToken: automountToken,
  };
}

/** The peer that selects the stack's Prometheus pods, from a NetworkPolicy in `policyNamespace`. */
export function prometheusPeer(stackNamespace: string, policyNamespace: string): INetworkPolicyPeer {
  return {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    ...(policyNamespace !== stackNamespace
      ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': stackNamespace } } }
      : {}),
  };
}

/** The configured clients as NetworkPolicy peers, by name (sorted, `false` entries dropped). */
export function clientPeers(clients: Readonly<Record<string, NetworkClient | false>>): INetworkPolicyPeer[] {
  return Object.keys(clients)
    .sort()
    .flatMap((name) => {
      const client = clients[name];
      if (!client) return [];
      return [
        {
          podSelector: { matchLabels: { ...client.podLabels } },
          ...(client.namespaceLabels
            ? { namespaceSelector: { matchLabels: { ...client.namespaceLabels } } }
            : {}),
        },
      ];
    });
}

export interface NetworkPolicyInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  ingress: INetworkPolicyIngressRule[];
}

/**
 * A NetworkPolicy that admits only the listed clients on the listed ports. Egress stays open
 * (`- {}`), as in kube-prometheus: scrapers reach every namespace, and DNS and the API server
 * differ by cluster.
 */
export function networkPolicy(input: NetworkPolicyInput): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      podSelector: { matchLabels: input.podLabels },
      policyTypes: ['Egress', 'Ingress'],
      egress: [{}],
      ingress: input.ingress,
    },
  };
}

export function tcpPorts(...ports: number[]): INetworkPolicyIngressRule['ports'] {
  return ports.map((port) => ({ port, protocol: 'TCP' }));
}

/** `kube-system` → `KubeSystem`: a name as the tail of a camelCase object key. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** `node-exporter` → `nodeExporter`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal ? pascal[0]!.toLowerCase() + pascal.slice(1) : pascal;
}

/** The storage class of a claim: its own, the stack's, or none (the cluster default). */
export function storageClassOf(own: string | undefined, common: CommonValues): string | undefined {
  return own ?? common.storageClass;
}

/**
 * 85% of a volume, in Prometheus' base-2 units: Prometheus deletes the oldest blocks before
 * the disk fills, leaving room for the WAL and compaction.
 */
export function retentionSizeFor(storageSize: string): string | undefined {
  const bytes = quantityValue(storageSize);
  if (bytes === undefined || bytes < 2 ** 20) return undefined;
  const allowed = bytes * 0.85;
  const gb = Math.floor(allowed / 2 ** 30);
  return gb >= 10 ? `${gb}GB` : `${Math.floor(allowed / 2 ** 20)}MB`;
}

/**
 * What the Prometheus and Alertmanager resources share for the StatefulSets the operator makes
 * of them: the non-root pod security context (fsGroup so the volume is writable), spreading over
 * nodes when there are several replicas (preferred, not required: a cluster with fewer nodes
 * than replicas still runs them all), and persistent volumes that outlive the StatefulSet.
 */
export function persistentOperatorPods(input: {
  replicas: number;
  selector: Record<string, string>;
  storageSize: string;
  storageClassName: string | undefined;
}) {
  return {
    securityContext: {
      fsGroup: 2000,
      runAsGroup: 2000,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(input.replicas > 1
      ? {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: input.selector },
            },
          ],
        }
      : {}),
    storage: {
      volumeClaimTemplate: {
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: input.storageSize } },
          ...(input.storageClassName ? { storageClassName: input.storageClassName } : {}),
        },
      },
    },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  } as const;
}
