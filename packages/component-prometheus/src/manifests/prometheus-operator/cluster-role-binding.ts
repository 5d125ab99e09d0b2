import type { CommonValues } from '@mixstack/core';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { OPERATOR_NAME, operatorObjectLabels } from './labels.js';

export function prometheusOperatorClusterRoleBinding(
  values: PrometheusOperatorOptions,
  common: CommonValues,
): IClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: OPERATOR_NAME, labels: operatorObjectLabels(values) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: OPERATOR_NAME },
    subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: common.namespace }],
  };
}
