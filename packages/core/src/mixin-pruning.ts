import { isPlainObject } from './merge.js';
import {
  type AlertingRule,
  type Dashboard,
  goneRecordings,
  type Mixin,
  type RecordingRule,
  type RuleGroup,
  withMixinContent,
} from './mixin.js';
import { dashboardExpressions } from './validate/dashboards.js';

/** What `withoutJobs` left out or rewrote, for the build summary and tests. */
export interface Pruned {
  alerts: string[];
  records: string[];
  dashboards: string[];
  panels: number;
  /** Rules and dashboard queries kept, with the removed jobs taken out of a `job=~"a|b"` matcher. */
  rewritten: number;
}

const MATCHER = /\bjob(\s*)(=~|=)(\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/g;
// A job name no real target has: a regex matcher that also matches it (`job=~".+"`) is not about the removed jobs.
const CANARY = 'mixstack-no-such-job-0c7f';
const ALTERNATION = /^[A-Za-z0-9_:-]+(\|[A-Za-z0-9_:-]+)*$/;

function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(
      literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/"/g, '\\"')}"` : literal,
    ) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/**
 * An expression without the jobs `jobs`: `undefined` when it selects one of them for sure
 * (`job="kube-scheduler"`, or a regex specific to them), else the expression with the jobs
 * taken out of alternations that also name other jobs (`job=~"apiserver|kube-scheduler"`
 * becomes `job=~"apiserver"`), else the expression unchanged.
 */
export function withoutJobMatchers(expr: string, jobs: readonly string[]): string | undefined {
  let dead = false;
  const next = expr.replace(MATCHER, (whole, before: string, op: string, after: string, literal: string) => {
    const value = unquote(literal);
    if (op === '=') {
      if (jobs.includes(value)) dead = true;
      return whole;
    }
    if (ALTERNATION.test(value)) {
      const names = value.split('|');
      const kept = names.filter((name) => !jobs.includes(name));
      if (kept.length === 0) dead = true;
      return kept.length === names.length || kept.length === 0
        ? whole
        : `job${before}${op}${after}${JSON.stringify(kept.join('|'))}`;
    }
    try {
      const regex = new RegExp(`^(?:${value})$`);
      if (!regex.test(CANARY) && jobs.some((job) => regex.test(job))) dead = true;
    } catch {
      // Not a JavaScript regex (RE2 syntax): leave it alone.
    }
    return whole;
  });
  return dead ? undefined : next;
}

/** Whether a PromQL expression selects one of `jobs` with a `job` matcher (equality, or a regex specific to them). */
export function selectsJobs(expr: string, jobs: readonly string[]): boolean {
  return withoutJobMatchers(expr, jobs) === undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function usesRecords(expr: string, records: ReadonlySet<string>): boolean {
  for (const record of records) {
    if (new RegExp(`(^|[^A-Za-z0-9_:])${escapeRegExp(record)}($|[^A-Za-z0-9_:])`).test(expr)) return true;
  }
  return false;
}

type Json = Record<string, unknown>;

/** The panel queries of a dashboard (its template variables left aside: they fill menus, not panels). */
function queriesOf(dashboard: Dashboard): string[] {
  return dashboardExpressions(dashboard)
    .filter((e) => !e.path.startsWith('templating'))
    .map((e) => e.expression);
}

/** The expression to keep (possibly rewritten), or undefined when it can have no data. */
type Rewriter = (expr: string) => string | undefined;

/**
 * Panels (recursively through rows) without those whose every query is dead; the queries of
 * kept panels rewritten, dead targets of kept panels removed. A panel without queries stays.
 */
function prunePanels(panels: unknown[], rewrite: Rewriter, dashboard: Dashboard, pruned: Pruned): unknown[] {
  const kept: unknown[] = [];
  for (const panel of panels) {
    if (!isPlainObject(panel)) {
      kept.push(panel);
      continue;
    }
    let next: Json = panel;
    if (Array.isArray(panel.panels))
      next = { ...next, panels: prunePanels(panel.panels, rewrite, dashboard, pruned) };
    const queries = queriesOf({ ...dashboard, rows: [], panels: [{ ...panel, panels: [] }] });
    if (queries.length > 0 && queries.every((q) => rewrite(q) === undefined)) {
      pruned.panels++;
      continue;
    }
    if (Array.isArray(panel.targets)) {
      const targets = panel.targets.flatMap((target) => {
        if (!isPlainObject(target) || typeof target.expr !== 'string') return [target];
        const expr = rewrite(target.expr);
        if (expr === undefined) return [];
        if (expr !== target.expr) pruned.rewritten++;
        return [expr === target.expr ? target : { ...target, expr }];
      });
      next = { ...next, targets };
    }
    kept.push(next);
  }
  return kept;
}

function pruneDashboard(dashboard: Dashboard, rewrite: Rewriter, pruned: Pruned): Dashboard | undefined {
  const next: Dashboard = { ...dashboard };
  if (Array.isArray(dashboard.panels))
    next.panels = prunePanels(dashboard.panels, rewrite, dashboard, pruned);
  // Dashboards of the pre-5.0 schema keep their panels in rows.
  if (Array.isArray(dashboard.rows))
    next.rows = dashboard.rows.map((row) =>
      isPlainObject(row) && Array.isArray(row.panels)
        ? { ...row, panels: prunePanels(row.panels, rewrite, dashboard, pruned) }
        : row,
    );
  if (queriesOf(dashboard).length > 0 && queriesOf(next).length === 0) return undefined;
  const list = (dashboard.templating as Json | undefined)?.list;
  // A variable listing values of a series nobody scrapes any more is empty, and every panel
  // filtering on it shows nothing: the dashboard goes, unless the variable can fall back to "All".
  for (const expression of dashboardExpressions(dashboard)) {
    const index = /^templating\.list\.(\d+)\./.exec(expression.path)?.[1];
    if (index === undefined || rewrite(expression.expression) !== undefined) continue;
    const variable = Array.isArray(list) ? list[Number(index)] : undefined;
    if (!(isPlainObject(variable) && variable.includeAll === true)) return undefined;
  }
  if (Array.isArray(list)) {
    next.templating = {
      ...(dashboard.templating as Json),
      list: list.map((variable) => {
        if (!isPlainObject(variable)) return variable;
        const query = isPlainObject(variable.query) ? variable.query.query : variable.query;
        if (typeof query !== 'string') return variable;
        const rewritten = rewrite(query);
        if (rewritten === undefined || rewritten === query) return variable;
        pruned.rewritten++;
        return {
          ...variable,
          query: isPlainObject(variable.query) ? { ...variable.query, query: rewritten } : rewritten,
        };
      }),
    };
  }
  return next;
}

/**
 * The mixins without what can never have data once the jobs `jobs` are not scraped: alerting
 * and recording rules that select them, rules built on recorded series nothing records any
 * more (transitively), and dashboard panels whose every query is dead (a dashboard left
 * without queries goes). Matchers naming other jobs too are rewritten without the removed
 * ones. Alerts built on `absent(up{job="kube-scheduler"} == 1)` would otherwise fire forever on
 * a managed control plane. Platforms use it for what their clusters do not expose (GKE's and
 * EKS's managed control planes, a k3s server whose components listen on 127.0.0.1 only).
 */
export function withoutJobs(
  mixins: Readonly<Record<string, Mixin>>,
  jobs: readonly string[],
): { mixins: Record<string, Mixin>; pruned: Pruned } {
  const allRecords = Object.values(mixins).flatMap((m) =>
    (m.prometheusRules?.groups ?? []).flatMap((g) => g.rules),
  );
  // A recorded name is gone once every rule that records it is gone (core computes the fixpoint).
  const { rules: goneRules, series: goneNames } = goneRecordings(
    allRecords,
    (expr, gone) => selectsJobs(expr, jobs) || usesRecords(expr, gone),
  );
  const rewrite: Rewriter = (expr) =>
    usesRecords(expr, goneNames) ? undefined : withoutJobMatchers(expr, jobs);

  const pruned: Pruned = { alerts: [], records: [], dashboards: [], panels: 0, rewritten: 0 };
  const keepRule = <R extends AlertingRule | RecordingRule>(
    rule: R,
    gone: boolean,
    name: string,
    list: string[],
  ): R[] => {
    const expr = gone ? undefined : rewrite(rule.expr);
    if (expr === undefined) {
      list.push(name);
      return [];
    }
    if (expr !== rule.expr) pruned.rewritten++;
    return [expr === rule.expr ? rule : { ...rule, expr }];
  };
  const out: Record<string, Mixin> = {};
  for (const name of Object.keys(mixins).sort()) {
    const mixin = mixins[name]!;
    const alertGroups = (mixin.prometheusAlerts?.groups ?? []).flatMap((group): RuleGroup<AlertingRule>[] => {
      const rules = group.rules.flatMap((rule) => keepRule(rule, false, rule.alert, pruned.alerts));
      return rules.length > 0 ? [{ ...group, rules }] : [];
    });
    const recordingGroups = (mixin.prometheusRules?.groups ?? []).flatMap(
      (group): RuleGroup<RecordingRule>[] => {
        const rules = group.rules.flatMap((rule) =>
          keepRule(rule, goneRules.has(rule), rule.record, pruned.records),
        );
        return rules.length > 0 ? [{ ...group, rules }] : [];
      },
    );
    const dashboards: Record<string, Dashboard> = {};
    for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {})) {
      // Panels and queries count only for dashboards that stay.
      const own: Pruned = { alerts: [], records: [], dashboards: [], panels: 0, rewritten: 0 };
      const next = pruneDashboard(dashboard, rewrite, own);
      if (next) {
        dashboards[file] = own.panels + own.rewritten > 0 ? next : dashboard;
        pruned.panels += own.panels;
        pruned.rewritten += own.rewritten;
      } else pruned.dashboards.push(`${name}/${file}`);
    }
    out[name] = withMixinContent(mixin, { alertGroups, recordingGroups, dashboards });
  }
  return { mixins: out, pruned };
}
