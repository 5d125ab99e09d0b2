import type { ComponentRole, ResolvedContracts, StackView } from './contracts.js';

/**
 * The running components that play `role` (the stack's Alertmanager for `alerts`, its metrics
 * store for `remote-write`), in name order, so that which one a package picks when several do
 * never depends on the order of the parts.
 */
export function componentsPlaying(view: StackView, role: ComponentRole): ResolvedContracts[] {
  return Object.keys(view.components)
    .sort()
    .map((name) => view.components[name]!)
    .filter((component) => component.enabled && component.roles.includes(role));
}
