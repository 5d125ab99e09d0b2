import { isPlainObject } from '../merge.js';
import type { Dashboard } from '../mixin.js';
import type { EmbeddedExpression, QueryLanguage } from './kinds.js';

const LANGUAGE_BY_PLUGIN: Record<string, QueryLanguage> = {
  prometheus: 'promql',
  loki: 'logql',
  tempo: 'traceql',
};

type Json = Record<string, unknown>;

/** The plugin id of a datasource reference, resolving `${variable}` datasource template variables. */
function pluginOf(datasource: unknown, dashboard: Dashboard): string | undefined {
  // Older dashboards (and many upstream mixins) reference the datasource by a plain string: "$datasource".
  if (typeof datasource === 'string') return pluginOf({ uid: datasource }, dashboard);
  if (!isPlainObject(datasource)) return undefined;
  if (typeof datasource.type === 'string' && !datasource.type.startsWith('$')) return datasource.type;
  const uid = typeof datasource.uid === 'string' ? datasource.uid : undefined;
  const variable = uid?.match(/^\$\{?(\w+)\}?$/)?.[1];
  if (!variable) return undefined;
  const list = (dashboard.templating as Json | undefined)?.list;
  const found = Array.isArray(list)
    ? list.find((v) => isPlainObject(v) && v.name === variable && v.type === 'datasource')
    : undefined;
  return isPlainObject(found) && typeof found.query === 'string' ? found.query : undefined;
}

/** `label_values(selector, label)` and `query_result(expr)`: the PromQL inside Grafana's variable functions. */
function promqlInsideVariableQuery(query: string): string | undefined {
  const labelValues = query.match(/^\s*label_values\((.*),\s*[\w.]+\s*\)\s*$/s);
  if (labelValues?.[1]) return labelValues[1];
  const queryResult = query.match(/^\s*query_result\((.*)\)\s*$/s);
  if (queryResult?.[1]) return queryResult[1];
  return undefined;
}

/**
 * Panels at any depth: collapsed row panels hold their panels in `panels`, and dashboards of
 * the pre-5.0 schema (still produced by grafonnet-lib) hold them in `rows[].panels`.
 */
function panelsOf(container: Json, path: string): { panel: Json; path: string }[] {
  const panels = Array.isArray(container.panels) ? container.panels : [];
  const rows = Array.isArray(container.rows) ? container.rows : [];
  return [
    ...panels.flatMap((panel, i) => {
      if (!isPlainObject(panel)) return [];
      const panelPath = `${path}panels.${i}`;
      return [{ panel, path: panelPath }, ...panelsOf(panel, `${panelPath}.`)];
    }),
    ...rows.flatMap((row, i) => (isPlainObject(row) ? panelsOf(row, `${path}rows.${i}.`) : [])),
  ];
}

/**
 * Every query expression of a dashboard (panel targets and template variables), with its
 * language. A target without a datasource uses its panel's; a panel without one uses Grafana's
 * default datasource, whose plugin id is `defaultPlugin` (the stack's default datasource) —
 * its queries are parsed too, not skipped.
 */
export function dashboardExpressions(dashboard: Dashboard, defaultPlugin?: string): EmbeddedExpression[] {
  const found: EmbeddedExpression[] = [];
  for (const { panel, path } of panelsOf(dashboard as Json, '')) {
    const targets = Array.isArray(panel.targets) ? panel.targets : [];
    targets.forEach((target, i) => {
      if (!isPlainObject(target)) return;
      const reference = target.datasource ?? panel.datasource;
      const plugin =
        reference === undefined || reference === null ? defaultPlugin : pluginOf(reference, dashboard);
      const language = plugin ? LANGUAGE_BY_PLUGIN[plugin] : undefined;
      if (!language) return;
      const field = language === 'traceql' ? 'query' : 'expr';
      const expression = target[field];
      if (language === 'traceql' && target.queryType !== undefined && target.queryType !== 'traceql') return;
      if (typeof expression === 'string')
        found.push({ path: `${path}.targets.${i}.${field}`, language, expression });
    });
  }
  const variables = (dashboard.templating as Json | undefined)?.list;
  if (Array.isArray(variables)) {
    variables.forEach((variable, i) => {
      if (!isPlainObject(variable) || variable.type !== 'query') return;
      if (pluginOf(variable.datasource, dashboard) !== 'prometheus') return;
      const query = isPlainObject(variable.query) ? variable.query.query : variable.query;
      const expression = typeof query === 'string' ? promqlInsideVariableQuery(query) : undefined;
      if (expression) found.push({ path: `templating.list.${i}.query`, language: 'promql', expression });
    });
  }
  return found;
}
