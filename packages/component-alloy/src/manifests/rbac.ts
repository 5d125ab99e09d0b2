import type { CollectorPipeline } from '@mixstack/core';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import { type AlloyContext, NAME } from './context.js';

const READ = ['get', 'list', 'watch'];

/** What one pipeline reads of the API: core resources, and those of the `apps` group. */
interface Reads {
  core: string[];
  apps: string[];
  /** Read with `get` only (`pods/log`). */
  coreGet: string[];
}

function readsOf(pipeline: CollectorPipeline): Reads {
  switch (pipeline.signal) {
    case 'logs':
      return {
        core: ['pods', ...(pipeline.events ? ['events'] : [])],
        apps: [],
        coreGet: pipeline.source === 'api' ? ['pods/log'] : [],
      };
    case 'traces':
      // otelcol.processor.k8sattributes, as the ClusterRole of its documentation: the pods,
      // their namespaces and nodes, and the ReplicaSets that lead from a pod to its Deployment.
      return { core: ['pods', 'namespaces', 'nodes'], apps: ['replicasets'], coreGet: [] };
    case 'profiles':
      // discovery.kubernetes finds the pods to scrape; the eBPF profiler has a role of its own.
      return { core: pipeline.scrape ? ['pods'] : [], apps: [], coreGet: [] };
  }
}

const CORE_ORDER = ['pods', 'namespaces', 'nodes', 'events'];

/**
 * Exactly what the pipelines read, read-only: pods (`discovery.kubernetes`), their logs through
 * the API (`loki.source.kubernetes`), events (`loki.source.kubernetes_events`), for traces
 * the pods, namespaces, nodes and ReplicaSets (`otelcol.processor.k8sattributes`), and for
 * profiles the pods to scrape. No wildcard.
 */
export function clusterRoleRules(pipelines: readonly CollectorPipeline[]): IPolicyRule[] {
  const reads = pipelines.map(readsOf);
  const core = new Set(reads.flatMap((r) => r.core));
  const apps = new Set(reads.flatMap((r) => r.apps));
  const coreGet = new Set(reads.flatMap((r) => r.coreGet));
  const rules: IPolicyRule[] = [];
  // One rule per resource, in a fixed order: a reviewer sees what each read is for.
  for (const resource of CORE_ORDER) {
    if (core.has(resource)) rules.push({ apiGroups: [''], resources: [resource], verbs: READ });
    if (resource === 'pods' && coreGet.has('pods/log'))
      rules.push({ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] });
  }
  if (apps.has('replicasets')) rules.push({ apiGroups: ['apps'], resources: ['replicasets'], verbs: READ });
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
