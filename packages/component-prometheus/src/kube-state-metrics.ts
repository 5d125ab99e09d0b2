import {
  addMixin,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  defineComponent,
} from '@mixstack/core';
import {
  defaultKubeStateMetricsOptions,
  type KubeStateMetricsOptions,
  kubeStateMetricsOptionsSchema,
} from './config/kube-state-metrics.js';
import { SOURCE } from './config/shared.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { kubeStateMetricsDeployment } from './manifests/kube-state-metrics/deployment.js';
import { kubeStateMetricsNetworkPolicy } from './manifests/kube-state-metrics/network-policy.js';
import {
  kubeStateMetricsClusterRole,
  kubeStateMetricsClusterRoleBinding,
} from './manifests/kube-state-metrics/rbac.js';
import {
  kubeStateMetricsService,
  kubeStateMetricsServiceAccount,
} from './manifests/kube-state-metrics/service.js';
import { kubeStateMetricsServiceMonitor } from './manifests/kube-state-metrics/service-monitor.js';
import { componentClients } from './manifests/network.js';
import { kubeStateMetricsMixin } from './mixins/kube-state-metrics/index.js';
import { withAdjustedResources } from './resources.js';

export const KUBE_STATE_METRICS_COMPONENT = 'kubeStateMetrics';

function build(ctx: BuildContext<KubeStateMetricsOptions>): BuiltObjects {
  const values = withAdjustedResources(ctx, 'kube-state-metrics');
  const { common } = ctx;
  return {
    deployment: kubeStateMetricsDeployment(values, common),
    service: kubeStateMetricsService(values, common),
    serviceAccount: kubeStateMetricsServiceAccount(values, common),
    clusterRole: kubeStateMetricsClusterRole(values),
    clusterRoleBinding: kubeStateMetricsClusterRoleBinding(values, common),
    serviceMonitor: kubeStateMetricsServiceMonitor(values, common),
    networkPolicy: kubeStateMetricsNetworkPolicy(values, common, componentClients(ctx)),
  };
}

/**
 * kube-state-metrics: a Deployment with kube-rbac-proxy in front of both metrics ports,
 * Service, ServiceAccount, a ClusterRole that lists and watches exactly the exported resources,
 * ServiceMonitor and NetworkPolicy. With `enabled: false` (a platform that exports these
 * metrics itself) it renders nothing and adds no mixin, as if it were not in the stack. Its
 * containers for `setResources`: `kube-state-metrics` and `kube-rbac-proxy` (both proxies).
 */
export const kubeStateMetrics = defineComponent<
  KubeStateMetricsOptions,
  DeepPartial<KubeStateMetricsOptions>
>({
  name: KUBE_STATE_METRICS_COMPONENT,
  source: SOURCE,
  schema: kubeStateMetricsOptionsSchema,
  defaults: defaultKubeStateMetricsOptions,
  contracts: (values) => ({
    containers: { 'kube-state-metrics': values.resources, 'kube-rbac-proxy': values.rbacProxy.resources },
    // The stack's scraper reaches it through this role.
    roles: ['metrics'],
  }),
  build,
  extend: (stack) =>
    addMixin(withPrometheusOperatorKinds(stack), SOURCE, 'kube-state-metrics', kubeStateMetricsMixin),
});
