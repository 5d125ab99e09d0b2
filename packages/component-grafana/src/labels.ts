import { isLabelValue, options } from '@mixstack/core';

/** The component's name: its values key, address prefix and file prefix. */
export const COMPONENT = 'grafana';
/** Who contributes what this package adds to the stack (named in conflict errors). */
export const SOURCE = '@mixstack/component-grafana';
/** Name of the Deployment, Service, ServiceAccount, NetworkPolicy and PodDisruptionBudget. */
export const NAME = 'grafana';

/** Labels that select Grafana's pods (Deployment, Service, NetworkPolicy, PodDisruptionBudget). */
export function selectorLabels(): Record<string, string> {
  return { 'app.kubernetes.io/name': NAME, 'app.kubernetes.io/part-of': 'mixstack' };
}

/** Labels of every object of the component: the selector labels plus the version, when the tag is one. */
export function objectLabels(image: string): Record<string, string> {
  const tag = options.parseImage(image)?.tag;
  const version = tag !== undefined && isLabelValue(tag) ? tag : undefined;
  return {
    ...selectorLabels(),
    'app.kubernetes.io/component': 'grafana',
    ...(version ? { 'app.kubernetes.io/version': version } : {}),
  };
}
