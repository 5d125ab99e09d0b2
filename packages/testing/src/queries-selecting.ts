import { dashboardExpressions, type Mixin, selectsJobs } from '@mixstack/core';

/** A message shows this much of an expression: enough to recognise it. */
const SHOWN = 80;

/**
 * Every alert, recording rule, panel query and template variable of the mixins that still
 * selects one of `jobs` (core's `selectsJobs`), as `<mixin>: <expr>` or
 * `<mixin>/<file> <path>: <expr>`, shortened for test messages; empty when none does. A template
 * variable with an "All" fallback (`includeAll`) is left aside: its dashboard still works when
 * the variable lists nothing.
 */
export function queriesSelecting(mixins: Readonly<Record<string, Mixin>>, jobs: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, mixin] of Object.entries(mixins)) {
    const rules = [
      ...(mixin.prometheusAlerts?.groups ?? []).flatMap((g) => g.rules),
      ...(mixin.prometheusRules?.groups ?? []).flatMap((g) => g.rules),
    ];
    for (const rule of rules)
      if (selectsJobs(rule.expr, jobs)) found.push(`${name}: ${rule.expr.slice(0, SHOWN)}`);
    for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {})) {
      const list = (dashboard.templating as { list?: { includeAll?: boolean }[] } | undefined)?.list ?? [];
      for (const { path, expression } of dashboardExpressions(dashboard)) {
        const variable = /^templating\.list\.(\d+)\./.exec(path)?.[1];
        if (variable !== undefined && list[Number(variable)]?.includeAll === true) continue;
        if (selectsJobs(expression, jobs))
          found.push(`${name}/${file} ${path}: ${expression.slice(0, SHOWN)}`);
      }
    }
  }
  return found;
}
