import { type DeepPartial, options } from '@mixstack/core';
import { type AlertmanagerOptions, alertmanagerOptionsSchema } from './config/alertmanager.js';
import { type KubeStateMetricsOptions, kubeStateMetricsOptionsSchema } from './config/kube-state-metrics.js';
import {
  type KubernetesControlPlaneOptions,
  kubernetesControlPlaneOptionsSchema,
} from './config/kubernetes-control-plane.js';
import { type NodeExporterOptions, nodeExporterOptionsSchema } from './config/node-exporter.js';
import {
  type CrdsOptions,
  crdsSchema,
  type PrometheusOperatorOptions,
  prometheusOperatorShape,
} from './config/prometheus-operator.js';
import { type PrometheusServerOptions, prometheusServerShape } from './config/prometheus-server.js';

/**
 * Options of `prometheus()`, the whole metrics stack in one part: the server's everyday
 * settings at the top level, one sub-object per other part. `false` leaves a
 * part out, `true` (or leaving it out) keeps it with its defaults.
 */
export interface PrometheusOptions extends PrometheusServerOptions {
  /** The prometheus-operator CRD files to render into `setup/`. @default false */
  crds: CrdsOptions | false;
  /** prometheus-operator (see `prometheusOperator()`). @default true */
  operator: Omit<PrometheusOperatorOptions, 'crds'> | boolean;
  /** Alertmanager (see `alertmanager()`). @default true */
  alertmanager: AlertmanagerOptions | boolean;
  /** node-exporter (see `nodeExporter()`). @default true */
  nodeExporter: NodeExporterOptions | boolean;
  /** kube-state-metrics (see `kubeStateMetrics()`). @default true */
  kubeStateMetrics: KubeStateMetricsOptions | boolean;
  /** The control-plane ServiceMonitors (see `kubernetesControlPlane()`). @default true */
  controlPlane: KubernetesControlPlaneOptions | boolean;
}

export const prometheusOptionsSchema = options.object({
  ...prometheusServerShape,
  crds: crdsSchema,
  operator: options.orFalse(options.object(prometheusOperatorShape)),
  alertmanager: options.orFalse(alertmanagerOptionsSchema),
  nodeExporter: options.orFalse(nodeExporterOptionsSchema),
  kubeStateMetrics: options.orFalse(kubeStateMetricsOptionsSchema),
  controlPlane: options.orFalse(kubernetesControlPlaneOptionsSchema),
}) as options.Schema<DeepPartial<PrometheusOptions>>;

// Shared shapes of the options: the resources contract is core's, the rest the kit's.
export type { ContainerResources } from '@mixstack/core';
export type { PodClient, RbacProxyOptions, StorageOptions } from '@mixstack/kit';
export type { AlertmanagerOptions, RootRouteOptions } from './config/alertmanager.js';
export type { KubeStateMetricsOptions, KubeStateMetricsResource } from './config/kube-state-metrics.js';
export type { KubernetesControlPlaneOptions } from './config/kubernetes-control-plane.js';
export type { NodeExporterOptions } from './config/node-exporter.js';
export type { CrdsOptions, PrometheusOperatorOptions } from './config/prometheus-operator.js';
export type { PrometheusServerOptions } from './config/prometheus-server.js';
