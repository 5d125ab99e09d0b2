import { isPlainObject, type KubeObject } from '@mixstack/core';

/** The pod spec of a built-in workload object, or undefined. */
export function podSpecOf(object: KubeObject): Record<string, unknown> | undefined {
  const spec = (object as { spec?: unknown }).spec;
  if (!isPlainObject(spec)) return undefined;
  const template =
    object.kind === 'CronJob' && isPlainObject(spec.jobTemplate) && isPlainObject(spec.jobTemplate.spec)
      ? spec.jobTemplate.spec.template
      : spec.template;
  return isPlainObject(template) && isPlainObject(template.spec) ? template.spec : undefined;
}

/** The system PriorityClasses GKE admits only in namespaces with a ResourceQuota for them. */
export const CRITICAL_PRIORITY_CLASSES = ['system-node-critical', 'system-cluster-critical'] as const;

/** Namespaces whose rendered pods use a critical PriorityClass, sorted. */
export function criticalPodNamespaces(objects: Readonly<Record<string, KubeObject>>): string[] {
  const namespaces = new Set<string>();
  for (const object of Object.values(objects)) {
    const pod = podSpecOf(object);
    const priority = pod?.priorityClassName;
    if (typeof priority === 'string' && (CRITICAL_PRIORITY_CLASSES as readonly string[]).includes(priority)) {
      const namespace = object.metadata?.namespace;
      if (namespace && namespace !== 'kube-system') namespaces.add(namespace);
    }
  }
  return [...namespaces].sort();
}

/** `criticalPodsQuotaMonitoringNodeExporter` for `monitoring-node-exporter`. */
export function quotaKey(namespace: string): string {
  return `criticalPodsQuota${namespace
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')}`;
}
