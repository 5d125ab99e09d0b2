import {
  addComponent,
  addMixin,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  definePart,
  options,
  type Part,
  type Values,
} from '@mixstack/core';
import { assertResources } from '@mixstack/kit';
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
import { kubeStateMetricsMixin } from './mixins/kube-state-metrics/index.js';
import { finalValues, isEnabled, withPartValues } from './part-values.js';

export const KUBE_STATE_METRICS_COMPONENT = 'kubeStateMetrics';

function build(ctx: BuildContext<unknown>): BuiltObjects {
  const values = finalValues<KubeStateMetricsOptions>(kubeStateMetricsOptionsSchema, ctx.values, ctx.name);
  if (!isEnabled(ctx.allValues, KUBE_STATE_METRICS_COMPONENT, ctx.componentNames)) return {};
  const { common } = ctx;
  assertResources(values.resources, `${ctx.name}/deployment`, 'resources');
  assertResources(values.rbacProxy.resources, `${ctx.name}/deployment`, 'rbacProxy.resources');
  return {
    deployment: kubeStateMetricsDeployment(values, common),
    service: kubeStateMetricsService(values, common),
    serviceAccount: kubeStateMetricsServiceAccount(values, common),
    clusterRole: kubeStateMetricsClusterRole(values),
    clusterRoleBinding: kubeStateMetricsClusterRoleBinding(values, common),
    serviceMonitor: kubeStateMetricsServiceMonitor(values, common),
    networkPolicy: kubeStateMetricsNetworkPolicy(values, common),
  };
}

/**
 * kube-state-metrics: a Deployment with kube-rbac-proxy in front of both metrics ports,
 * Service, ServiceAccount, a ClusterRole that lists and watches exactly the exported resources,
 * ServiceMonitor and NetworkPolicy. With `enabled: false` (a platform that exports these
 * metrics itself) it renders nothing and adds no mixin, as if it were not in the stack.
 */
export function kubeStateMetrics(userOptions: DeepPartial<KubeStateMetricsOptions> = {}): Part {
  const parsed = options.parseOptions(kubeStateMetricsOptionsSchema, userOptions, 'kubeStateMetrics');
  return definePart('kubeStateMetrics', (stack) => {
    const next = withPartValues(
      withPrometheusOperatorKinds(stack),
      KUBE_STATE_METRICS_COMPONENT,
      defaultKubeStateMetricsOptions(),
      parsed,
    );
    const mixin = (values: Values) =>
      isEnabled(values, KUBE_STATE_METRICS_COMPONENT) ? kubeStateMetricsMixin(values) : undefined;
    return addComponent(addMixin(next, SOURCE, 'kube-state-metrics', mixin), {
      name: KUBE_STATE_METRICS_COMPONENT,
      source: SOURCE,
      build,
    });
  });
}
