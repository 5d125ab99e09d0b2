import { MixstackError, options, throwProblems, type Values } from '@mixstack/core';

/** Package name: the `source` of everything this package adds. */
export const SOURCE = '@mixstack/lib-rules';

/**
 * Where the lib parts record the mixin edits they want, in the stack's values (`override`
 * layer): the edits are data, so that several parts merge without depending on their order,
 * and two parts that want different things for the same alert are a conflict naming both.
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

/** The mixin edits of the lib parts of a stack, merged from all of them. */
export interface LibRulesValues {
  dropAlerts?: Record<string, true>;
  patchAlerts?: Record<string, AlertPatch>;
  dropRuleGroups?: Record<string, true>;
  dropDashboards?: Record<string, true>;
}

export function libRulesValues(values: Values): LibRulesValues {
  return (values[VALUES_KEY] as LibRulesValues | undefined) ?? {};
}

/**
 * Parses the arguments of a lib function, named as in its signature (`{ names }`, `{ name,
 * patch }`), so that each problem's path names the argument: every problem is collected, none
 * thrown here.
 */
export function parseArguments<T>(
  schema: options.Schema<T>,
  args: Record<string, unknown>,
  address: string,
): { value: T | undefined; problems: MixstackError[] } {
  return options.parseOptionsCollecting(schema, args, address);
}

/**
 * Throws the problems of a lib function's arguments as one error carrying the others, which
 * `partWithOptions` records in the stack (every one of them) instead of letting it escape.
 */
export function throwAll(problems: readonly MixstackError[]): void {
  throwProblems(problems);
}

/** A problem for an argument that was given but changes nothing (`{}`). */
export function changesNothing(address: string, path: string, message: string, hint: string): MixstackError {
  return new MixstackError({ code: 'INVALID_OPTION', message, address, path, value: {}, hint });
}
