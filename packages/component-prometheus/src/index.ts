/**
 * @mixstack/component-prometheus: the metrics stack of kube-prometheus as typed parts.
 * `prometheus()` adds everything; the parts are exported for stacks that pick.
 */
export { ALERTMANAGER_COMPONENT, alertmanager, NULL_RECEIVER } from './alertmanager.js';
export { defaultAlertmanagerOptions } from './config/alertmanager.js';
export {
  defaultKubeStateMetricsOptions,
  KUBE_STATE_METRICS_RESOURCES,
} from './config/kube-state-metrics.js';
export { defaultKubernetesControlPlaneOptions } from './config/kubernetes-control-plane.js';
export { defaultNodeExporterOptions } from './config/node-exporter.js';
export { defaultPrometheusOperatorOptions } from './config/prometheus-operator.js';
export { defaultPrometheusServerOptions } from './config/prometheus-server.js';
export type {
  AlertmanagerOptions,
  ContainerResources,
  CrdsOptions,
  KubernetesControlPlaneOptions,
  KubeStateMetricsOptions,
  KubeStateMetricsResource,
  NodeExporterOptions,
  PodClient,
  PrometheusOperatorOptions,
  PrometheusOptions,
  PrometheusServerOptions,
  RbacProxyOptions,
  RootRouteOptions,
  StorageOptions,
} from './config.js';
export { CRD_FILES, CRDS_OPERATOR_VERSION } from './crds/checksums.gen.js';
export { CRDS_INPUT, CRDS_PULL_COMMAND, crdObjects, DEFAULT_CRDS_BASE_URL } from './crds/crds.js';
export { crdJsonFile } from './crds/json.js';
export { prometheusOperatorKinds, withPrometheusOperatorKinds } from './kinds.js';
export { KUBE_STATE_METRICS_COMPONENT, kubeStateMetrics } from './kube-state-metrics.js';
export { KUBERNETES_CONTROL_PLANE_COMPONENT, kubernetesControlPlane } from './kubernetes-control-plane.js';
export { NODE_EXPORTER_COMPONENT, nodeExporter } from './node-exporter.js';
export { prometheus } from './prometheus.js';
export { CRDS_NOTICE, PROMETHEUS_OPERATOR_COMPONENT, prometheusOperator } from './prometheus-operator.js';
export {
  PROMETHEUS_COMPONENT,
  PROMETHEUS_RULES_COMPONENT,
  prometheusServer,
  SCRAPE_TARGETS_COMPONENT,
} from './prometheus-server.js';
export { defaultImages, type Images, VERSIONS } from './versions.js';
