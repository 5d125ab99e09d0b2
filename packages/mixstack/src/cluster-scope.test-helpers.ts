import { dashboardExpressions, type KubeObject, substituteGrafanaVariables } from '@mixstack/core';
import { parser } from '@prometheus-io/lezer-promql';

/**
 * What in the rendered dashboards does not follow the `cluster` variable, one line each: a
 * dashboard without the variable, and every PromQL series selector (panels and the other
 * variables' queries) without `cluster=~"$cluster"`. Where several clusters meet behind one
 * datasource (Thanos Query, Mimir), such a selector mixes the clusters up. The cluster
 * variable's own query is the one that lists them all.
 */
export function unscopedDashboardSelectors(objects: readonly KubeObject[]): {
  dashboards: number;
  unscoped: string[];
} {
  const dashboards = objects
    .filter((o) => o.kind === 'ConfigMap')
    .flatMap((configMap) =>
      Object.entries((configMap as unknown as { data?: Record<string, string> }).data ?? {})
        .filter(([file]) => file.endsWith('.json'))
        .map(([file, json]) => ({ file, dashboard: JSON.parse(json) })),
    );
  const unscoped: string[] = [];
  for (const { file, dashboard } of dashboards) {
    const variables = (dashboard.templating?.list ?? []) as { name: string }[];
    if (!variables.some((v) => v.name === 'cluster')) unscoped.push(`${file}: no cluster variable`);
    for (const { expression, language, path } of dashboardExpressions(dashboard, 'prometheus')) {
      if (language !== 'promql') continue;
      const variable = path.match(/^templating\.list\.(\d+)\./);
      if (variable && variables[Number(variable[1])]?.name === 'cluster') continue;
      const promql = substituteGrafanaVariables(expression);
      parser.parse(promql).iterate({
        enter: (node) => {
          if (node.name !== 'VectorSelector') return;
          // Grafana's variables stay as written inside the matchers' strings.
          const selector = promql.slice(node.from, node.to);
          if (!/\bcluster=~"\$\{?cluster\}?"/.test(selector)) unscoped.push(`${file} ${path}: ${selector}`);
        },
      });
    }
  }
  return { dashboards: dashboards.length, unscoped };
}
