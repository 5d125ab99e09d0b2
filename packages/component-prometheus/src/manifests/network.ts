import type { AdmittedClient, BuildContext } from '@mixstack/core';
import { admittedClients } from '@mixstack/kit';

/**
 * The clients of one of this package's components, as its NetworkPolicy admits them: those
 * that reach it through the stack's contract (the scraper through the `metrics` role, Grafana
 * through `datasource`), with the entries of its own options merged over them by name, and
 * the way each one comes (its ports depend on it).
 */
export interface ComponentClients {
  clients: Record<string, AdmittedClient | false>;
  roles: Readonly<Record<string, readonly string[]>>;
  /** The stack's namespace: client pods given without one run there. */
  stackNamespace: string;
}

export function componentClients(
  ctx: BuildContext<unknown>,
  own: Readonly<Record<string, AdmittedClient | false>> = {},
): ComponentClients {
  return {
    clients: admittedClients(ctx.contracts.networkClients, own),
    roles: ctx.contracts.networkClientRoles,
    stackNamespace: ctx.common.namespace,
  };
}

/** Whether a client comes to scrape (the `metrics` role): it gets the metrics ports too. */
export const scrapes = (through: readonly string[]): boolean => through.includes('metrics');
