import type { CollectorPipeline } from '@mixstack/core';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import { type AlloyContext, NAME } from './context.js';

const READ = ['get', 'list', 'watch'];

/**
 * Exactly what the pipelines read, read-only: pods (`discovery.kubernetes`), their logs through
 * the API (`loki.source.kubernetes`), and events (`loki.source.kubernetes_events`).
 */
export function clusterRoleRules(pipelines: readonly CollectorPipeline[]): IPolicyRule[] {
  const logs = pipelines.filter((pipeline) => pipeline.signal === 'logs');
  const rules: IPolicyRule[] = [];
  if (logs.length > 0) rules.push({ apiGroups: [''], resources: ['pods'], verbs: READ });
  if (logs.some((pipeline) => pipeline.source === 'api'))
    rules.push({ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] });
  if (logs.some((pipeline) => pipeline.events))
    rules.push({ apiGroups: [''], resources: ['events'], verbs: READ });
  return rules;
}

export function clusterRole(c: AlloyContext): IClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: NAME, labels: c.labels },
    rules: clusterRoleRules(Object.values(c.pipelines)),
  };
}

export function clusterRoleBinding(c: AlloyContext): IClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: NAME, labels: c.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
    subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: c.namespace }],
  };
}
