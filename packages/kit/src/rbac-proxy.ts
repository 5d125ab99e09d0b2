import { type ContainerResources, type DeepPartial, options } from '@mixstack/core';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { containerResources, resourcesSchema } from './resources.js';
import { restrictedSecurityContext } from './security.js';

/**
 * kube-rbac-proxy in front of a metrics endpoint that listens on loopback only, as in
 * kube-prometheus: scrapers authenticate with their ServiceAccount token and need `get` on the
 * `/metrics` URL (a SubjectAccessReview). For components whose metrics reveal more than they
 * should to any pod of the cluster (node-exporter, kube-state-metrics).
 */

/** The options of a kube-rbac-proxy sidecar. */
export interface RbacProxyOptions {
  /** @default quay.io/brancz/kube-rbac-proxy at the version the component pins */
  image: string;
  /** @default requests 10m / 20Mi, limit 40Mi */
  resources: ContainerResources;
}

/** The options schema of a `RbacProxyOptions` field. */
export const rbacProxySchema: options.Schema<DeepPartial<RbacProxyOptions>> = options.object({
  image: options.pinnedImage(),
  resources: resourcesSchema,
});

/** The TLS cipher suites kube-prometheus allows on kube-rbac-proxy. */
const CIPHER_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
].join(',');

/** The uid kube-rbac-proxy's distroless image runs as. */
const RBAC_PROXY_USER = 65532;

export interface RbacProxySidecar {
  /** Container name (`kube-rbac-proxy`, or one per port: `kube-rbac-proxy-main`). */
  name: string;
  /** The image, with the stack's registry already applied. */
  image: string;
  resources: ContainerResources;
  /** `--secure-listen-address`, e.g. `:8443` or `[$(IP)]:9100`. */
  listenAddress: string;
  port: number;
  portName: string;
  /** `--upstream`, the program's loopback address (`http://127.0.0.1:8081/`). */
  upstream: string;
  /**
   * Health paths of the upstream passed through without authentication (`--ignore-paths`),
   * so the kubelet can probe a program that only listens on loopback.
   */
  healthPaths: string[];
  /** The node's port, for node agents on the host network. @default undefined */
  hostPort?: number;
  /** Environment of the proxy (the pod's IP for `listenAddress`). @default undefined */
  env?: IContainer['env'];
}

/** The kube-rbac-proxy container. Its own probes check its TLS port. */
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
    securityContext: restrictedSecurityContext(RBAC_PROXY_USER),
  };
}

/**
 * What kube-rbac-proxy needs in the ClusterRole of its pod's ServiceAccount: to authenticate
 * scrapers (TokenReview) and authorize them (SubjectAccessReview).
 */
export function rbacProxyRules(): IPolicyRule[] {
  return [
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ];
}
