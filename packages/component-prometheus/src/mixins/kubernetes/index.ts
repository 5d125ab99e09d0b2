import type { Mixin, StackView, Values } from '@mixstack/core';
import type { KubernetesControlPlaneOptions } from '../../config/kubernetes-control-plane.js';
import { dashboardsOf } from '../../dashboards/index.js';
import { withoutStoppedParts } from '../running-parts.js';
import { mixinSelectors } from '../selectors.js';
import { kubernetesAlerts } from './alerts.js';
import { kubernetesRecordingRules } from './recording.js';

/**
 * Kubernetes itself: workloads, resources, storage, nodes and kubelets, the API server, and the
 * scheduler and controller manager where the stack scrapes them. Reads kube-state-metrics, the
 * kubelets (cAdvisor) and the control plane; added by the control-plane part, and a target that
 * part does not scrape (a managed control plane, an option set to false) has no "down" alert.
 */
export function kubernetesMixin(values: Values, stack?: StackView): Mixin {
  const selectors = mixinSelectors(values, stack);
  const scraped = (values.kubernetesControlPlane ?? {}) as Partial<KubernetesControlPlaneOptions>;
  const mixin: Mixin = {
    title: 'Kubernetes',
    prometheusAlerts: {
      groups: kubernetesAlerts(selectors, {
        kubelet: scraped.kubelet !== false,
        apiserver: scraped.apiserver !== false,
        kubeScheduler: scraped.kubeScheduler !== false,
        kubeControllerManager: scraped.kubeControllerManager !== false,
      }),
    },
    prometheusRules: {
      groups: kubernetesRecordingRules(selectors, { kubeScheduler: scraped.kubeScheduler !== false }),
    },
    grafanaDashboards: dashboardsOf('kubernetes', values, stack),
  };
  return withoutStoppedParts('kubernetes', mixin, selectors);
}
