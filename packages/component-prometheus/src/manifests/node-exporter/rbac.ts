import { rbacProxyRules } from '@mixstack/kit';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { NodeExporterOptions } from '../../config/node-exporter.js';
import { NODE_EXPORTER_NAME, nodeExporterObjectLabels } from './labels.js';

/** What kube-rbac-proxy needs to authenticate and authorize scrapers; node-exporter itself needs nothing. */
export function nodeExporterClusterRole(values: NodeExporterOptions): IClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: NODE_EXPORTER_NAME, labels: nodeExporterObjectLabels(values) },
    rules: rbacProxyRules(),
  };
}

export function nodeExporterClusterRoleBinding(
  values: NodeExporterOptions,
  namespace: string,
): IClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: NODE_EXPORTER_NAME, labels: nodeExporterObjectLabels(values) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NODE_EXPORTER_NAME },
    subjects: [{ kind: 'ServiceAccount', name: NODE_EXPORTER_NAME, namespace }],
  };
}
