import type { CommonValues } from '@mixstack/core';
import { rbacProxyRules } from '@mixstack/kit';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import {
  KUBE_STATE_METRICS_RESOURCES,
  type KubeStateMetricsOptions,
} from '../../config/kube-state-metrics.js';
import { KSM_NAME, ksmObjectLabels } from './labels.js';

/** list/watch on exactly the exported resources, one rule per API group; token and access reviews for the proxies. */
export function kubeStateMetricsClusterRole(values: KubeStateMetricsOptions): IClusterRole {
  const byGroup = new Map<string, string[]>();
  for (const resource of [...new Set(values.exportedResources)].sort()) {
    const group = KUBE_STATE_METRICS_RESOURCES[resource];
    byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
  }
  const rules: IPolicyRule[] = [...byGroup.keys()]
    .sort()
    .map((group) => ({ apiGroups: [group], resources: byGroup.get(group)!, verbs: ['list', 'watch'] }));
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: KSM_NAME, labels: ksmObjectLabels(values) },
    rules: [...rules, ...rbacProxyRules()],
  };
}

export function kubeStateMetricsClusterRoleBinding(
  values: KubeStateMetricsOptions,
  common: CommonValues,
): IClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: KSM_NAME, labels: ksmObjectLabels(values) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: KSM_NAME },
    subjects: [{ kind: 'ServiceAccount', name: KSM_NAME, namespace: common.namespace }],
  };
}
