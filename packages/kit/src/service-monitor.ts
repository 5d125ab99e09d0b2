import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

/** One scrape endpoint of a ServiceMonitor (prometheus-operator's `Endpoint`). */
export type ServiceMonitorEndpoint = IServiceMonitor['spec']['endpoints'][number];

/** Where a pod finds its ServiceAccount token, which Prometheus presents to authenticated endpoints. */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface ServiceMonitorInput {
  name: string;
  /** The monitor's namespace: the stack's, where the stack's Prometheus reads monitors. */
  namespace: string;
  labels: Record<string, string>;
  /** Labels of the Services to scrape. */
  selector: Record<string, string>;
  /**
   * Namespaces of those Services, for a component in another namespace than its monitor
   * (node-exporter, the control plane).
   * @default undefined (the monitor's own namespace)
   */
  namespaces?: readonly string[];
  /**
   * The Service label whose value becomes the `job` label; `app.kubernetes.io/name` keeps
   * the job stable whatever the Service is called.
   * @default undefined (the Service's name)
   */
  jobLabel?: string;
  endpoints: ServiceMonitorEndpoint[];
}

/** A ServiceMonitor for the Services of one component. */
export function serviceMonitor(input: ServiceMonitorInput): IServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
    spec: {
      ...(input.jobLabel !== undefined ? { jobLabel: input.jobLabel } : {}),
      ...(input.namespaces !== undefined ? { namespaceSelector: { matchNames: [...input.namespaces] } } : {}),
      selector: { matchLabels: input.selector },
      endpoints: input.endpoints,
    },
  };
}

/** The endpoint settings for a port behind kube-rbac-proxy (see `rbacProxyContainer`). */
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
    bearerTokenFile: SERVICE_ACCOUNT_TOKEN,
    // kube-rbac-proxy serves a self-signed certificate (no cert-manager in the stack), as in kube-prometheus.
    tlsConfig: { insecureSkipVerify: true },
  };
}
