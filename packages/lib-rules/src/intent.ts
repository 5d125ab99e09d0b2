import type { Values } from '@mixstack/core';

/** Package name: the `source` of everything this package adds. */
export const SOURCE = '@mixstack/lib-rules';

/**
 * Where the lib parts record what they want, in the stack's values (`override` layer): the
 * edits are data, so that several parts merge without depending on their order, and two parts
 * that want different things for the same alert are a conflict naming both.
 */
export const VALUES_KEY = 'libRules';

/** A change of one alerting rule; fields left out stay as they are. */
export interface AlertPatch {
  /** The `severity` label: `critical`, `warning`, `info` or `none` (what the stack's routing and inhibit rules know). */
  severity?: 'critical' | 'warning' | 'info' | 'none';
  /** How long the condition must hold before the alert fires (`'15m'`); `'0s'` fires at once. */
  for?: string;
  /** Labels set on the alert (added or replaced). */
  labels?: Record<string, string>;
  /** Annotations set on the alert (added or replaced): `summary`, `description`, `runbook_url`, ... */
  annotations?: Record<string, string>;
  /** A new PromQL expression. */
  expr?: string;
}

/** What the lib parts of a stack want, merged from all of them. */
export interface LibRulesValues {
  dropAlerts?: Record<string, true>;
  patchAlerts?: Record<string, AlertPatch>;
  dropRuleGroups?: Record<string, true>;
  dropDashboards?: Record<string, true>;
  /** Components whose resources `setResources` sets, with the workloads: checked to be in the stack. */
  resources?: Record<string, Record<string, true>>;
}

export function libRulesValues(values: Values): LibRulesValues {
  return (values[VALUES_KEY] as LibRulesValues | undefined) ?? {};
}
