import { type Dashboard, dashboardExpressions } from '@mixstack/core';
import type { PrometheusServer, RuleGroupStatus } from './prometheus.js';

/**
 * What a mixin's dashboards, rules and fixture look like on a real Prometheus (`startPrometheus`
 * scraping fixture exporters with the real metric names): the checks every component's
 * `prometheus-queries.test.ts` makes, written once. Each returns what is wrong as readable lines,
 * for `expect(...).toEqual([])`, so a test keeps its own special cases around them.
 */

/** Turns a dashboard expression into the query Grafana sends: its variables filled in. */
export type ConcreteQuery = (expression: string) => string;

export interface DashboardQueries {
  /**
   * The queries that failed, instant or range, or kept a `$variable` the concrete function left:
   * `<path> (<instant|range>): <Prometheus' error>` and the query on the next line.
   */
  readonly failures: string[];
  /** The queries whose instant result is empty (a panel without data): `<path>: <query>`. */
  readonly empty: string[];
}

export interface DashboardQueriesOptions {
  /**
   * Queries allowed to return nothing, e.g. `(q) => q.includes('up{')` where the fixture is
   * scraped by address, without the Kubernetes service discovery that labels `up` in a cluster.
   * @default none
   */
  readonly allowEmpty?: (query: string) => boolean;
  /** The range of the range queries, in seconds (their step is a twentieth). @default 300 */
  readonly rangeSeconds?: number;
}

/**
 * Runs every PromQL expression of a dashboard (targets of its Prometheus panels and the PromQL
 * inside its query variables, as core's `dashboardExpressions` finds them), made concrete by
 * `concrete`, as an instant and a range query, and reports the failures and the empty results.
 */
export async function runDashboardQueries(
  server: PrometheusServer,
  dashboard: Dashboard,
  concrete: ConcreteQuery,
  options: DashboardQueriesOptions = {},
): Promise<DashboardQueries> {
  const seconds = options.rangeSeconds ?? 300;
  const failures: string[] = [];
  const empty: string[] = [];
  for (const { path, expression, language } of dashboardExpressions(dashboard)) {
    if (language !== 'promql') continue;
    const query = concrete(expression);
    if (/\$/.test(query)) {
      failures.push(`${path} (variable): a variable is left\n  ${query}`);
      continue;
    }
    try {
      const result = await server.query(query);
      if (result.length === 0 && !options.allowEmpty?.(query)) empty.push(`${path}: ${query}`);
    } catch (error) {
      failures.push(`${path} (instant): ${(error as Error).message}\n  ${query}`);
    }
    try {
      await server.queryRange(query, seconds, seconds / 20);
    } catch (error) {
      failures.push(`${path} (range): ${(error as Error).message}\n  ${query}`);
    }
  }
  return { failures, empty };
}

/**
 * The values each `label_values(selector, label)` variable of a dashboard offers on the server
 * (the selector made concrete): variable name → its label's distinct values, sorted, as Grafana
 * lists them. Other variables are left out.
 */
export async function variableValues(
  server: PrometheusServer,
  dashboard: Dashboard,
  concrete: ConcreteQuery,
): Promise<Record<string, string[]>> {
  const list = (dashboard.templating as { list?: unknown[] } | undefined)?.list ?? [];
  const values: Record<string, string[]> = {};
  for (const { path, expression } of dashboardExpressions(dashboard)) {
    const index = /^templating\.list\.(\d+)\.query$/.exec(path)?.[1];
    if (index === undefined) continue;
    const variable = list[Number(index)] as { name: string; query: string | { query?: string } };
    const query = typeof variable.query === 'string' ? variable.query : (variable.query.query ?? '');
    const label = /^\s*label_values\(.*,\s*([\w.]+)\s*\)\s*$/s.exec(query)?.[1];
    if (label === undefined) continue;
    const series = await server.query(concrete(expression));
    values[variable.name] = [
      ...new Set(series.map((s) => s.metric[label]).filter((v): v is string => v !== undefined)),
    ].sort();
  }
  return values;
}

type RuleStatus = RuleGroupStatus['rules'][number] & { state?: string };

/** Every rule whose health is not `ok`: `<group>/<rule>: <health> <last error>`. */
export function unhealthyRules(groups: readonly RuleGroupStatus[]): string[] {
  return groups.flatMap((g) =>
    g.rules
      .filter((r) => r.health !== 'ok')
      .map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`),
  );
}

/**
 * The alerting rules that are pending or firing: on a fixture of a healthy system, none may be.
 * `<group>/<alert>: <state>`.
 */
export function activeAlerts(groups: readonly RuleGroupStatus[]): string[] {
  return groups.flatMap((g) =>
    (g.rules as RuleStatus[])
      .filter((r) => r.type === 'alerting' && r.state !== 'inactive')
      .map((r) => `${g.name}/${r.name}: ${r.state ?? 'unknown'}`),
  );
}

/**
 * The scraped metric names PromQL expressions read: the words starting with one of `prefixes`
 * and an underscore (`['loki', 'go']` finds `loki_request_duration_seconds_bucket`, `go_goroutines`),
 * sorted. Recorded series (with a colon) and words inside quotes (label values) are left out.
 */
export function metricNamesIn(expressions: Iterable<string>, prefixes: readonly string[]): string[] {
  const pattern = new RegExp(`(?<![\\w:])(?:${prefixes.join('|')})_[a-zA-Z0-9_]*[a-zA-Z0-9](?![\\w:])`, 'g');
  // Not inside string literals: label values such as route="loki_api_v1_push" are no metrics.
  const strings = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
  return [...new Set([...expressions].flatMap((e) => e.replace(strings, '""').match(pattern) ?? []))].sort();
}

/**
 * Of `names`, those without a series on the server (a misspelt name, or one the fixture lacks),
 * looking only at series that also match `matchers` (e.g. `job="loki"`) when given.
 */
export async function metricsWithoutSeries(
  server: PrometheusServer,
  names: readonly string[],
  matchers?: string,
): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    const selector = `{__name__="${name}"${matchers ? `, ${matchers}` : ''}}`;
    if ((await server.query(`count(${selector})`)).length === 0) missing.push(name);
  }
  return missing;
}
