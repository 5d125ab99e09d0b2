import { type Dashboard, dashboardExpressions } from '@mixstack/core';

/** Words of PromQL that look like metric names but are not. */
const KEYWORDS = /^(and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan)$/i;

/** A double-quoted PromQL string, escapes included. */
const STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * The vector selectors of a PromQL expression (or a LogQL stream selector): `name{matchers}` or
 * `{matchers}` (braced), and the metric names without braces at all (bare: `sum(up)`), which
 * can carry no matcher. A tokenizer that knows enough PromQL for the mixins' dashboards, for
 * packages that have no PromQL grammar among their dependencies: strings may hold `}` and `{`;
 * grouping lists (`by (pod)`), ranges (`[$__rate_interval]`) and function calls are not
 * selectors. Tests check with it that every query follows a dashboard variable (`cluster`).
 */
export function vectorSelectorsOf(expr: string): { braced: string[]; bare: string[] } {
  const braced = [
    ...expr.matchAll(/(?<![\w:])(?:[a-zA-Z_:][\w:]*\s*)?\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g),
  ].map((m) => m[0]);
  const text = expr
    .replace(STRING, '""')
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
export function dashboardSelectorsWithout(dashboard: Dashboard, matcher: string): string[] {
  const found: string[] = [];
  for (const { path, expression } of clusterScopedExpressions(dashboard)) {
    const { braced, bare } = vectorSelectorsOf(expression);
    if (braced.length === 0 && bare.length === 0) found.push(`${path}: no selector in ${expression}`);
    found.push(...braced.filter((s) => !s.includes(matcher)).map((s) => `${path}: ${s}`));
    found.push(...bare.map((name) => `${path}: ${name} (no selector)`));
  }
  return found;
}

/**
 * The selectors of an expression without `matcher` among their matchers (a matcher inside a
 * string value does not count), each as `<where>: <selector>`; none when every one has it.
 */
export function expressionSelectorsWithout(matcher: string, where: string, expr: string): string[] {
  const { braced, bare } = vectorSelectorsOf(expr);
  // The matchers between the braces, split on the commas outside strings.
  const matchersOf = (selector: string) =>
    [...selector.slice(selector.indexOf('{') + 1, -1).matchAll(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g)].map((m) =>
      m[0].trim(),
    );
  return [
    ...braced.filter((s) => !matchersOf(s).includes(matcher)).map((s) => `${where}: ${s}`),
    ...bare.map((name) => `${where}: ${name} (no selector)`),
  ];
}
