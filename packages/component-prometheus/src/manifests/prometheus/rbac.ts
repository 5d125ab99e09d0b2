import type { CommonValues } from '@mixstack/core';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { PrometheusServerOptions } from '../../config/prometheus-server.js';
import { prometheusObjectLabels, prometheusObjectName } from './labels.js';

const READ = ['get', 'list', 'watch'];

/** What service discovery reads (ServiceMonitors use endpoints or endpointslices, PodMonitors pods). */
export function discoveryRules(): IPolicyRule[] {
  return [
    { apiGroups: [''], resources: ['services', 'endpoints', 'pods'], verbs: READ },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: READ },
  ];
}

/**
 * Cluster-scoped reads: the kubelets' metrics and the `/metrics` URL that kube-rbac-proxy
 * authorizes; with `targetNamespaces: 'all'`, also discovery in every namespace; then what the
 * stack's scrape targets need (`scraperAccess`, checked, sorted and de-duplicated by
 * `scraperAccessRules`), without repeating a rule the role has already.
 */
export function prometheusClusterRole(
  values: PrometheusServerOptions,
  allNamespaces: boolean,
  scraperAccess: readonly IPolicyRule[] = [],
): IClusterRole {
  const own: IPolicyRule[] = [
    { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
    { nonResourceURLs: ['/metrics', '/metrics/slis'], verbs: ['get'] },
    ...(allNamespaces ? discoveryRules() : []),
  ];
  const granted = new Set(own.map((rule) => JSON.stringify(rule)));
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: prometheusObjectName(values), labels: prometheusObjectLabels(values) },
    rules: [...own, ...scraperAccess.filter((rule) => !granted.has(JSON.stringify(rule)))],
  };
}

function subjects(values: PrometheusServerOptions, common: CommonValues) {
  return [{ kind: 'ServiceAccount', name: prometheusObjectName(values), namespace: common.namespace }];
}

export function prometheusClusterRoleBinding(
  values: PrometheusServerOptions,
  common: CommonValues,
): IClusterRoleBinding {
  const name = prometheusObjectName(values);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: prometheusObjectLabels(values) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: subjects(values, common),
  };
}

/** Discovery in one namespace (with a `targetNamespaces` list). */
export function prometheusNamespaceRole(values: PrometheusServerOptions, namespace: string): IRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: prometheusObjectName(values), namespace, labels: prometheusObjectLabels(values) },
    rules: discoveryRules(),
  };
}

export function prometheusNamespaceRoleBinding(
  values: PrometheusServerOptions,
  common: CommonValues,
  namespace: string,
): IRoleBinding {
  const name = prometheusObjectName(values);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace, labels: prometheusObjectLabels(values) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: subjects(values, common),
  };
}

/** Reading ConfigMaps in its own namespace (as kube-prometheus' `prometheus-k8s-config`). */
export function prometheusConfigRole(values: PrometheusServerOptions, common: CommonValues): IRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: {
      name: `${prometheusObjectName(values)}-config`,
      namespace: common.namespace,
      labels: prometheusObjectLabels(values),
    },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
  };
}

export function prometheusConfigRoleBinding(
  values: PrometheusServerOptions,
  common: CommonValues,
): IRoleBinding {
  const name = `${prometheusObjectName(values)}-config`;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: common.namespace, labels: prometheusObjectLabels(values) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: subjects(values, common),
  };
}
