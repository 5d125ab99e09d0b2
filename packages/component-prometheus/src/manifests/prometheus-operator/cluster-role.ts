import { rbacProxyRules } from '@mixstack/kit';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { PrometheusOperatorOptions } from '../../config/prometheus-operator.js';
import { OPERATOR_NAME, operatorObjectLabels } from './labels.js';

/** Every verb, spelled out: upstream's role says `*`, which the rbac check rejects. */
const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/**
 * The operator's permissions: upstream's ClusterRole (example/rbac/prometheus-operator) with
 * the wildcards replaced by the verbs they stand for, plus what its kube-rbac-proxy needs.
 * Writing Secrets is a named exception: the operator writes the generated configuration of
 * every Prometheus and Alertmanager into Secrets.
 */
export function prometheusOperatorClusterRole(values: PrometheusOperatorOptions): IClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: OPERATOR_NAME, labels: operatorObjectLabels(values) },
    rules: [
      {
        apiGroups: ['monitoring.coreos.com'],
        resources: [
          'alertmanagers',
          'alertmanagers/finalizers',
          'alertmanagers/status',
          'alertmanagerconfigs',
          'prometheuses',
          'prometheuses/finalizers',
          'prometheuses/status',
          'prometheusagents',
          'prometheusagents/finalizers',
          'prometheusagents/status',
          'thanosrulers',
          'thanosrulers/finalizers',
          'thanosrulers/status',
          'scrapeconfigs',
          'scrapeconfigs/status',
          'servicemonitors',
          'servicemonitors/status',
          'podmonitors',
          'podmonitors/status',
          'probes',
          'probes/status',
          'prometheusrules',
          'prometheusrules/status',
        ],
        verbs: ALL_VERBS,
      },
      { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ALL_VERBS },
      { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ALL_VERBS },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
      {
        apiGroups: [''],
        resources: ['services', 'services/finalizers'],
        verbs: ['get', 'create', 'update', 'delete'],
      },
      { apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'create', 'update', 'delete'] },
      {
        apiGroups: ['discovery.k8s.io'],
        resources: ['endpointslices'],
        verbs: ['get', 'list', 'create', 'update', 'delete'],
      },
      { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['patch', 'create'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get'] },
      // kube-rbac-proxy authenticates and authorizes scrapers through the API.
      ...rbacProxyRules(),
    ],
  };
}
