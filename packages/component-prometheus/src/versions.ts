/**
 * Every image and version this package deploys, pinned in one place. Each is
 * the default of an `image` option of its part, so it can be overridden one by one; the
 * common `imageRegistry` rewrites all of them for a private mirror.
 *
 * The versions follow kube-prometheus (../shared/reference/kube-prometheus.md), except the
 * operator: v0.93.0, the release whose CRDs the package ships checksums for
 * (`crds/checksums.gen.ts`). When the operator moves, move both together.
 */
export const VERSIONS = {
  prometheusOperator: '0.93.0',
  prometheus: '3.13.2',
  alertmanager: '0.33.1',
  nodeExporter: '1.12.1',
  kubeStateMetrics: '2.19.1',
  kubeRbacProxy: '0.22.1',
} as const;

/** The default image of every container this package renders, by role. */
export interface Images {
  prometheusOperator: string;
  /** The config-reloader sidecar the operator adds to Prometheus and Alertmanager pods. */
  prometheusConfigReloader: string;
  prometheus: string;
  alertmanager: string;
  nodeExporter: string;
  kubeStateMetrics: string;
  kubeRbacProxy: string;
}

/** Fresh image references, built from `VERSIONS`. */
export function defaultImages(): Images {
  return {
    prometheusOperator: `quay.io/prometheus-operator/prometheus-operator:v${VERSIONS.prometheusOperator}`,
    prometheusConfigReloader: `quay.io/prometheus-operator/prometheus-config-reloader:v${VERSIONS.prometheusOperator}`,
    prometheus: `quay.io/prometheus/prometheus:v${VERSIONS.prometheus}`,
    alertmanager: `quay.io/prometheus/alertmanager:v${VERSIONS.alertmanager}`,
    nodeExporter: `quay.io/prometheus/node-exporter:v${VERSIONS.nodeExporter}`,
    kubeStateMetrics: `registry.k8s.io/kube-state-metrics/kube-state-metrics:v${VERSIONS.kubeStateMetrics}`,
    kubeRbacProxy: `quay.io/brancz/kube-rbac-proxy:v${VERSIONS.kubeRbacProxy}`,
  };
}
