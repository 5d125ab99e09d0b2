import type { Mixin, Values } from '@mixstack/core';
import type { MixinName } from '../dashboards/index.js';
import { alertmanagerMixin } from './alertmanager/index.js';
import { kubePrometheusMixin } from './kube-prometheus/index.js';
import { kubeStateMetricsMixin } from './kube-state-metrics/index.js';
import { kubernetesMixin } from './kubernetes/index.js';
import { nodeExporterMixin } from './node-exporter/index.js';
import { prometheusMixin } from './prometheus/index.js';
import { prometheusOperatorMixin } from './prometheus-operator/index.js';

/**
 * The mixins of this package by name, each a function of the stack's final values. Each is
 * added by the part that deploys what it watches: `kube-prometheus` and `prometheus` by the
 * Prometheus server, `node-exporter` by node-exporter, and so on.
 */
export const MIXINS: Readonly<Partial<Record<MixinName, (values: Values) => Mixin>>> = {
  kubernetes: kubernetesMixin,
  'kube-prometheus': kubePrometheusMixin,
  prometheus: prometheusMixin,
  alertmanager: alertmanagerMixin,
  'prometheus-operator': prometheusOperatorMixin,
  'kube-state-metrics': kubeStateMetricsMixin,
  'node-exporter': nodeExporterMixin,
};

export {
  alertmanagerMixin,
  kubePrometheusMixin,
  kubernetesMixin,
  kubeStateMetricsMixin,
  nodeExporterMixin,
  prometheusMixin,
  prometheusOperatorMixin,
};
