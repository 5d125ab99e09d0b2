import type { StackView, Values } from '@mixstack/core';
import { schedulerAndControllerManagerScraped } from '../control-plane-scraping.js';

/** The parts of this package a stack can have and still turn off (`enabled: false`). */
export const SWITCHABLE_PARTS = ['nodeExporter', 'kubeStateMetrics'] as const;
export type SwitchablePart = (typeof SWITCHABLE_PARTS)[number];

/**
 * The label selectors of this package's scrape jobs, derived from the final values, so that
 * alerts, recording rules and dashboards select exactly the series the ServiceMonitors of
 * this package produce. The `job` label is the value of the ServiceMonitor's `jobLabel` on
 * the Service, or else the Service's name (prometheus-operator's rule).
 */
export interface MixinSelectors {
  /** Kubelet metrics (`/metrics`). */
  kubelet: string;
  /** Container metrics from the kubelet's cAdvisor endpoint. */
  cadvisor: string;
  /** Probe results from the kubelet's `/metrics/probes`. */
  kubeletProbes: string;
  apiserver: string;
  coreDNS: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  nodeExporter: string;
  kubeStateMetrics: string;
  prometheus: string;
  alertmanager: string;
  prometheusOperator: string;
  /** The label that names the cluster on every series (Prometheus' external label). */
  clusterLabel: 'cluster';
  /** The rules run over several clusters' series (`common.multiCluster`): no label-less `absent()`. */
  multiCluster: boolean;
  /**
   * kube-scheduler and kube-controller-manager are scraped, by this package or by the platform
   * (`platformScrapesControlPlane`); not on a managed control plane otherwise, which leaves out
   * their rules and dashboards.
   */
  schedulerAndControllerManagerScraped: boolean;
  /**
   * Which of the parts a stack may leave out or turn off run (`StackView.has`): what selects the job
   * of one that does not is left out of every mixin of this package (`withoutStoppedParts`).
   */
  running: Readonly<Record<SwitchablePart, boolean>>;
}

function nameOf(values: Values, component: string, fallback: string): string {
  const name = (values[component] as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : fallback;
}

/**
 * The selectors of the final values. Without a stack view (dashboards, which do not depend on
 * what runs) every part counts as running.
 */
export function mixinSelectors(values: Values, stack?: StackView): MixinSelectors {
  return {
    kubelet: 'job="kubelet", metrics_path="/metrics"',
    cadvisor: 'job="kubelet", metrics_path="/metrics/cadvisor"',
    kubeletProbes: 'job="kubelet", metrics_path="/metrics/probes"',
    apiserver: 'job="apiserver"',
    coreDNS: 'job="kube-dns"',
    kubeControllerManager: 'job="kube-controller-manager"',
    kubeScheduler: 'job="kube-scheduler"',
    nodeExporter: 'job="node-exporter"',
    kubeStateMetrics: 'job="kube-state-metrics"',
    prometheus: `job="prometheus-${nameOf(values, 'prometheus', 'k8s')}", namespace="${values.common.namespace}"`,
    alertmanager: `job="alertmanager-${nameOf(values, 'alertmanager', 'main')}", namespace="${values.common.namespace}"`,
    prometheusOperator: `job="prometheus-operator", namespace="${values.common.namespace}"`,
    clusterLabel: 'cluster',
    multiCluster: values.common.multiCluster === true,
    schedulerAndControllerManagerScraped: schedulerAndControllerManagerScraped(values.common),
    running: Object.fromEntries(SWITCHABLE_PARTS.map((part) => [part, stack?.has(part) ?? true])) as Record<
      SwitchablePart,
      boolean
    >,
  };
}
