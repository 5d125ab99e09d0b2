// Test helper (not exported from the package): finds the selectors of a dashboard's queries
// that do not follow its `cluster` variable. The package has no PromQL parser of its own
// (core's is not exported), so a tokenizer that knows enough PromQL and LogQL stream selectors
// for the dashboards' queries; its own tests (cluster.test.ts) show what it finds.
import { type Dashboard, dashboardExpressions } from '@mixstack/core';

const KEYWORDS = /^(and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan)$/i;

/**
 * The vector selectors of an expression, `name{matchers}` or `{matchers}`, and the metric names
 * that have no braces at all (`sum(up)`): strings may hold `}`; grouping lists, function calls
 * and ranges are not selectors.
 */
export function selectorsOf(expr: string): { braced: string[]; bare: string[] } {
  const braced = [
    ...expr.matchAll(/(?<![\w:])(?:[a-zA-Z_:][\w:]*\s*)?\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g),
  ].map((m) => m[0]);
  const text = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const bare = [...text.matchAll(/(?<![\w:.$])[a-zA-Z_:][\w:]*(?![\w:])/g)]
    .filter((m) => !KEYWORDS.test(m[0]) && !/^\s*[{(]/.test(text.slice(m.index + m[0].length)))
    .map((m) => m[0]);
  return { braced, bare };
}

interface Variable {
  name: string;
  query?: string | { stream?: string };
}

/**
 * Every query of a dashboard: core's (panel targets, Prometheus variables) and the stream
 * selectors of Loki variables (core leaves them aside), but the `cluster` variable's own (it
 * lists the clusters): those that must follow the chosen cluster.
 */
export function clusterScopedExpressions(dashboard: Dashboard): { path: string; expression: string }[] {
  const list = (dashboard.templating as { list?: Variable[] } | undefined)?.list ?? [];
  const own = `templating.list.${list.findIndex((v) => v.name === 'cluster')}.`;
  const streams = list.flatMap((v, i) =>
    typeof v.query === 'object' && v.query.stream
      ? [{ path: `templating.list.${i}.query.stream`, expression: v.query.stream }]
      : [],
  );
  return [...dashboardExpressions(dashboard), ...streams].filter((e) => !e.path.startsWith(own));
}

/**
 * The selectors of the dashboard's queries (see clusterScopedExpressions) without `matcher`, as
 * `<path>: <selector>`, and the queries without any selector; empty when every one follows the
 * cluster.
 */
export function selectorsWithout(dashboard: Dashboard, matcher: string): string[] {
  const found: string[] = [];
  for (const { path, expression } of clusterScopedExpressions(dashboard)) {
    const { braced, bare } = selectorsOf(expression);
    if (braced.length === 0 && bare.length === 0) found.push(`${path}: no selector in ${expression}`);
    found.push(...braced.filter((s) => !s.includes(matcher)).map((s) => `${path}: ${s}`));
    found.push(...bare.map((name) => `${path}: ${name} (no selector)`));
  }
  return found;
}
