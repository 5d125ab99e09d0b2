import { DATASOURCE_UIDS, type Dashboard } from '@mixstack/core';
import { buildDashboard } from '@mixstack/kit';
import { TAG } from './dashboards.js';

/**
 * Logs: the logs of the cluster's pods, chosen by cluster, namespace, pod and container, from
 * the stack's Loki.
 *
 * Built in part by hand: the kit's `buildDashboard` knows Prometheus only (its panels are
 * timeseries, stats and tables whose targets and variables read the `datasource` variable of
 * type prometheus). The kit gives the shell (title, tags, links, time, annotations); the
 * variables, the log-volume graph and the logs panel are Grafana's JSON model for the Loki
 * datasource, written here. Core parses every panel target of type loki as LogQL when the stack
 * renders; the variables' stream selectors are parsed by this mixin's tests.
 */

/** The Loki datasource the stack provisions, by its fixed uid. */
export const LOKI_DATASOURCE = Object.freeze({ type: 'loki', uid: DATASOURCE_UIDS.loki });

/**
 * The chosen cluster, in every stream selector but the cluster variable's own. The stack's
 * collector puts the stack's `common.cluster` as `cluster` on every line it ships (component-alloy's
 * logs pipelines, `stage.static_labels`), so a Loki that several clusters push to (or a Grafana
 * that reads several) tells them apart. Streams another shipper sends may lack the label: the
 * variable's "All", its default, is `.*`, which also matches them. `.*` also matches the empty
 * value, so every selector keeps another matcher that does not (Loki refuses a selector
 * without one).
 */
export const CLUSTER = 'cluster=~"$cluster"';

/** The streams of the chosen pods: what the logs panel shows. */
export const LOGS_SELECTOR = `{${CLUSTER}, namespace=~"$namespace", pod=~"$pod", container=~"$container"}`;

/**
 * A variable listing the values of one stream label in Loki, among the streams the previous
 * variables select (Grafana's Loki variable query: type 1 is "label values").
 */
function labelVariable(name: string, label: string, stream: string, allValue: string) {
  return {
    name,
    label,
    type: 'query',
    datasource: { ...LOKI_DATASOURCE },
    query: { refId: 'LokiVariableQueryEditor-VariableQuery', type: 1, label: name, stream },
    definition: stream === '' ? `label_values(${name})` : `label_values(${stream}, ${name})`,
    // On time range change: the values of the period shown.
    refresh: 2,
    sort: 1,
    multi: true,
    includeAll: true,
    allValue,
    current: { selected: true, text: 'All', value: '$__all' },
    options: [],
    hide: 0,
    regex: '',
    skipUrlSync: false,
  };
}

/**
 * The stream selectors of the variables, each within the ones before it: the first lists every
 * cluster with logs, the next the namespaces of the chosen cluster (`namespace=~".+"` is the
 * matcher that cannot be empty, see CLUSTER).
 */
export const VARIABLE_STREAMS = {
  cluster: '',
  namespace: `{${CLUSTER}, namespace=~".+"}`,
  pod: `{${CLUSTER}, namespace=~"$namespace"}`,
  container: `{${CLUSTER}, namespace=~"$namespace", pod=~"$pod"}`,
} as const;

/**
 * The "All" value of each variable: any cluster, with or without the label (see CLUSTER); every
 * stream the collector labels for the others (its namespace, pod and container labels are
 * never empty).
 */
const ALL_VALUES = { cluster: '.*', namespace: '.+', pod: '.+', container: '.+' } as const;

function target(expr: string, refId: string, queryType: 'range') {
  return { datasource: { ...LOKI_DATASOURCE }, refId, expr, queryType, editorMode: 'code' };
}

/** The Logs dashboard. Each call builds a new one. */
export function logsDashboard(): Dashboard {
  const shell = buildDashboard({
    title: 'Logs',
    description: "Logs of the cluster's pods in the stack's Loki, by cluster, namespace, pod and container.",
    tag: TAG,
    linkTitle: 'Loki dashboards',
    variables: [],
    rows: [],
  });
  return {
    ...shell,
    templating: {
      list: [
        labelVariable('cluster', 'Cluster', VARIABLE_STREAMS.cluster, ALL_VALUES.cluster),
        labelVariable('namespace', 'Namespace', VARIABLE_STREAMS.namespace, ALL_VALUES.namespace),
        labelVariable('pod', 'Pod', VARIABLE_STREAMS.pod, ALL_VALUES.pod),
        labelVariable('container', 'Container', VARIABLE_STREAMS.container, ALL_VALUES.container),
      ],
    },
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 'Log lines by pod',
        description: 'Log lines per interval of the chosen containers, by pod: where the volume comes from.',
        datasource: { ...LOKI_DATASOURCE },
        gridPos: { x: 0, y: 0, w: 24, h: 6 },
        fieldConfig: {
          defaults: {
            unit: 'short',
            custom: {
              drawStyle: 'bars',
              fillOpacity: 60,
              lineWidth: 1,
              stacking: { mode: 'normal', group: 'A' },
            },
          },
          overrides: [],
        },
        options: {
          legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] },
          tooltip: { mode: 'multi', sort: 'desc' },
        },
        targets: [
          {
            ...target(`sum by (pod) (count_over_time(${LOGS_SELECTOR} [$__auto]))`, 'A', 'range'),
            legendFormat: '{{pod}}',
          },
        ],
      },
      {
        id: 2,
        type: 'logs',
        title: 'Logs',
        description: 'The log lines of the chosen containers, newest first; open a line for its labels.',
        datasource: { ...LOKI_DATASOURCE },
        gridPos: { x: 0, y: 6, w: 24, h: 20 },
        options: {
          showTime: true,
          showLabels: false,
          showCommonLabels: false,
          wrapLogMessage: true,
          prettifyLogMessage: false,
          enableLogDetails: true,
          dedupStrategy: 'none',
          sortOrder: 'Descending',
        },
        targets: [target(LOGS_SELECTOR, 'A', 'range')],
      },
    ],
  };
}
