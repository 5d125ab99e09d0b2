import {
  addComponent,
  addMixin,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  definePart,
  options,
  type Part,
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
import { finalValues, withPartValues } from './part-values.js';

export const KUBERNETES_CONTROL_PLANE_COMPONENT = 'kubernetesControlPlane';

function build(ctx: BuildContext<unknown>): BuiltObjects {
  const values = finalValues<KubernetesControlPlaneOptions>(
    kubernetesControlPlaneOptionsSchema,
    ctx.values,
    ctx.name,
  );
  const { common } = ctx;
  // A managed control plane (set by platform parts) runs these out of the cluster's reach.
  const selfHosted = !common.managedControlPlane;
  return {
    serviceMonitorKubelet: values.kubelet && kubeletServiceMonitor(values, common),
    serviceMonitorApiserver: values.apiserver && apiserverServiceMonitor(values, common),
    serviceMonitorCoreDNS: values.coreDNS && coreDNSServiceMonitor(values, common),
    serviceMonitorKubeControllerManager:
      selfHosted && values.kubeControllerManager && kubeControllerManagerServiceMonitor(values, common),
    serviceMonitorKubeScheduler:
      selfHosted && values.kubeScheduler && kubeSchedulerServiceMonitor(values, common),
  };
}

/**
 * ServiceMonitors for the Kubernetes control plane: the kubelets (with their cAdvisor and
 * probes endpoints), the API servers, CoreDNS, kube-controller-manager and kube-scheduler.
 * The last two are left out when the stack's `managedControlPlane` is set (platform parts such
 * as GKE set it).
 */
export function kubernetesControlPlane(userOptions: DeepPartial<KubernetesControlPlaneOptions> = {}): Part {
  const parsed = options.parseOptions(
    kubernetesControlPlaneOptionsSchema,
    userOptions,
    'kubernetesControlPlane',
  );
  return definePart('kubernetesControlPlane', (stack) => {
    const next = withPartValues(
      withPrometheusOperatorKinds(stack),
      KUBERNETES_CONTROL_PLANE_COMPONENT,
      defaultKubernetesControlPlaneOptions(),
      parsed,
    );
    return addComponent(addMixin(next, SOURCE, 'kubernetes', kubernetesMixin), {
      name: KUBERNETES_CONTROL_PLANE_COMPONENT,
      source: SOURCE,
      build,
    });
  });
}
