import {
  addMixin,
  type BuildContext,
  type BuiltObjects,
  type DeepPartial,
  defineComponent,
} from '@mixstack/core';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import {
  defaultKubeStateMetricsOptions,
  type KubeStateMetricsOptions,
  type KubeStateMetricsResource,
  kubeStateMetricsOptionsSchema,
} from './config/kube-state-metrics.js';
import { SOURCE } from './config/shared.js';
import { withPrometheusOperatorKinds } from './kinds.js';
import { kubeStateMetricsDeployment } from './manifests/kube-state-metrics/deployment.js';
import { KSM_NAME } from './manifests/kube-state-metrics/labels.js';
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
import { proxiedContainers, withAdjustedResources } from './resources.js';

export const KUBE_STATE_METRICS_COMPONENT = 'kubeStateMetrics';

/**
 * Kubernetes labels the alerts of this package read, by resource: kube-state-metrics exports an
 * object label (as `label_<name>` of `kube_<resource>_labels`) only when it is allow-listed. A
 * PersistentVolumeClaim labelled `excluded_from_alerts: "true"` is left out of the
 * `KubePersistentVolume*FillingUp` alerts, as in kubernetes-mixin.
 */
const LABELS_THE_ALERTS_READ: Partial<Record<KubeStateMetricsResource, readonly string[]>> = {
  persistentvolumeclaims: ['excluded_from_alerts'],
};

const ALLOWLIST_FLAG = '--metric-labels-allowlist=';

/**
 * `args` with `allow` merged into its `--metric-labels-allowlist` (`resource=[a,b],...`): the
 * labels already listed for a resource stay (a `*` label keeps allowing all), the others are
 * added, and a flag is appended when there is none.
 */
function withLabelsAllowed(
  args: readonly string[],
  allow: Readonly<Record<string, readonly string[]>>,
): string[] {
  const at = args.findIndex((arg) => arg.startsWith(ALLOWLIST_FLAG));
  const listed = new Map<string, string[]>();
  if (at !== -1) {
    for (const [, resource, labels] of args[at]!.slice(ALLOWLIST_FLAG.length).matchAll(
      /([^=,[\]]+)=\[([^\]]*)\]/g,
    )) {
      const names = labels!
        .split(',')
        .map((label) => label.trim())
        .filter((label) => label !== '');
      listed.set(resource!.trim(), [...(listed.get(resource!.trim()) ?? []), ...names]);
    }
  }
  for (const [named, labels] of Object.entries(allow)) {
    // A `*` resource replaces every other entry in kube-state-metrics: the labels go there.
    const resource = listed.has('*') ? '*' : named;
    const names = listed.get(resource) ?? [];
    listed.set(resource, names.includes('*') ? names : [...new Set([...names, ...labels])]);
  }
  const flag = `${ALLOWLIST_FLAG}${[...listed].map(([resource, names]) => `${resource}=[${names.join(',')}]`).join(',')}`;
  return at === -1 ? [...args, flag] : args.map((arg, i) => (i === at ? flag : arg));
}

/** The Deployment with the labels the alerts read allow-listed, for the resources it exports. */
function allowingAlertLabels(deployment: IDeployment, values: KubeStateMetricsOptions): IDeployment {
  const allow = Object.fromEntries(
    Object.entries(LABELS_THE_ALERTS_READ).filter(([resource]) =>
      values.exportedResources.includes(resource as KubeStateMetricsResource),
    ),
  ) as Record<string, readonly string[]>;
  const pod = deployment.spec?.template.spec;
  if (Object.keys(allow).length === 0 || !pod) return deployment;
  const containers = pod.containers.map((container) =>
    container.name === KSM_NAME
      ? { ...container, args: withLabelsAllowed(container.args ?? [], allow) }
      : container,
  );
  return {
    ...deployment,
    spec: { ...deployment.spec!, template: { ...deployment.spec!.template, spec: { ...pod, containers } } },
  };
}

function build(ctx: BuildContext<KubeStateMetricsOptions>): BuiltObjects {
  const values = withAdjustedResources(ctx, 'kube-state-metrics');
  const { common } = ctx;
  return {
    deployment: allowingAlertLabels(kubeStateMetricsDeployment(values, common), values),
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
    ...proxiedContainers('kube-state-metrics', values),
    // The stack's scraper reaches it through this role.
    roles: ['metrics'],
  }),
  build,
  extend: (stack) =>
    addMixin(withPrometheusOperatorKinds(stack), SOURCE, 'kube-state-metrics', kubeStateMetricsMixin),
});
