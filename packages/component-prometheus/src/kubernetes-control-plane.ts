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
  // A managed control plane (set by platform parts) runs these out of the cluster's reach.
  const selfHosted = !common.managedControlPlane;
  return {
    serviceMonitorKubelet: values.kubelet && kubeletServiceMonitor(values, common),
    serviceMonitorApiserver: values.apiserver && apiserverServiceMonitor(values, common),
    serviceMonitorCoreDNS: coreDNS && coreDNSServiceMonitor(values, common),
    serviceMonitorKubeControllerManager:
      selfHosted && values.kubeControllerManager && kubeControllerManagerServiceMonitor(values, common),
    serviceMonitorKubeScheduler:
      selfHosted && values.kubeScheduler && kubeSchedulerServiceMonitor(values, common),
  };
}

/**
 * ServiceMonitors for the Kubernetes control plane: the kubelets (with their cAdvisor and
 * probes endpoints), the API servers, CoreDNS, kube-controller-manager and kube-scheduler.
 * The last two are left out when the stack's `managedControlPlane` is set, and CoreDNS when
 * its `clusterDns` is `kube-dns` (platform parts such as GKE set both).
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
