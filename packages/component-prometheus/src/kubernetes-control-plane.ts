import {
  addMixin,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  defineComponent,
} from '@mixstack/core';
import {
  defaultKubernetesControlPlaneOptions,
  type KubernetesControlPlaneOptions,
  kubernetesControlPlaneOptionsSchema,
} from './config/kubernetes-control-plane.js';
import { SOURCE } from './config/shared.js';
import { rendersSchedulerAndControllerManagerMonitors } from './control-plane-scraping.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import {
  apiserverServiceMonitor,
  coreDNSServiceMonitor,
  kubeControllerManagerServiceMonitor,
  kubeletServiceMonitor,
  kubeSchedulerServiceMonitor,
} from './manifests/kubernetes-control-plane/service-monitors.js';
import { kubernetesMixin } from './mixins/kubernetes/index.js';

export const KUBERNETES_CONTROL_PLANE_COMPONENT = 'kubernetesControlPlane';

function build(ctx: BuildContext<KubernetesControlPlaneOptions>): BuiltObjects {
  const { common, values } = ctx;
  // CoreDNS has a metrics port to scrape; a platform that runs kube-dns says so (clusterDns).
  const coreDNS = values.coreDNS ?? common.clusterDns === 'coredns';
  // A managed control plane runs these out of the cluster's reach; a platform that scrapes
  // them itself renders its own scrape configuration (both set by platform parts).
  const schedulerAndControllerManager = rendersSchedulerAndControllerManagerMonitors(common);
  return {
    serviceMonitorKubelet: values.kubelet && kubeletServiceMonitor(values, common),
    serviceMonitorApiserver: values.apiserver && apiserverServiceMonitor(values, common),
    serviceMonitorCoreDNS: coreDNS && coreDNSServiceMonitor(values, common),
    serviceMonitorKubeControllerManager:
      schedulerAndControllerManager &&
      values.kubeControllerManager &&
      kubeControllerManagerServiceMonitor(values, common),
    serviceMonitorKubeScheduler:
      schedulerAndControllerManager && values.kubeScheduler && kubeSchedulerServiceMonitor(values, common),
  };
}

/**
 * ServiceMonitors for the Kubernetes control plane: the kubelets (with their cAdvisor and
 * probes endpoints), the API servers, CoreDNS, kube-controller-manager and kube-scheduler.
 * The last two are left out when the stack's `managedControlPlane` is set (GKE), or its
 * `platformScrapesControlPlane` (EKS, whose platform part scrapes them through the API server:
 * their alerts, recording rules and dashboards stay then), and CoreDNS when its `clusterDns` is
 * `kube-dns` (platform parts set these).
 */
export const kubernetesControlPlane = defineComponent<
  KubernetesControlPlaneOptions,
  DeepPartial<KubernetesControlPlaneOptions>
>({
  name: KUBERNETES_CONTROL_PLANE_COMPONENT,
  source: SOURCE,
  schema: kubernetesControlPlaneOptionsSchema,
  defaults: defaultKubernetesControlPlaneOptions,
  build,
  extend: (stack) => addMixin(withPrometheusOperatorKinds(stack), SOURCE, 'kubernetes', kubernetesMixin),
});
