import { DATASOURCE_UIDS, type Dashboard } from '@mixstack/core';
import { buildDashboard, datasourceVariable, grafanaVar, type Link, type PanelSpec } from '@mixstack/kit';
import type { ResolvedSlo } from './config.js';
import { errorRatioRecord, formatNumber, META_RECORDS, sloSelector } from './rules.js';
import { BURN_RATE_ALERTS, BURN_RATE_WINDOWS } from './windows.js';

/** The mixin of the "SLOs" dashboard (its Grafana folder "SLOs"); each SLO's rules are in `slo-<name>`. */
export const DASHBOARD_MIXIN = 'slo';
/** The dashboard's file in the mixin. */
export const DASHBOARD_FILE = 'slos.json';
/** Fixed, so that links to the dashboard survive SLOs being added (core derives uids only for contributed dashboards). */
export const DASHBOARD_UID = 'mixstack-slos';
export const DASHBOARD_TITLE = 'SLOs';

/** Which other signals of the service the dashboard links to: the ones whose datasource the stack has. */
export interface SignalLinks {
  /** Tempo is in the stack: a link to the service's traces. @default false */
  traces?: boolean;
  /** Loki is in the stack: a link to the service's logs. @default false */
  logs?: boolean;
}

/** An Explore link: one query on one datasource, over the dashboard's time range. */
export function exploreUrl(
  datasource: { type: string; uid: string },
  query: Record<string, unknown>,
): string {
  const panes = {
    a: {
      datasource: datasource.uid,
      queries: [{ refId: 'A', datasource, ...query }],
      range: { from: grafanaVar('__from'), to: grafanaVar('__to') },
    },
  };
  // Grafana fills in `${__from}` and `${__to}` before it follows the link: they stay unencoded.
  const encoded = encodeURIComponent(JSON.stringify(panes)).replace(/%24%7B(\w+)%7D/g, (_, name: string) =>
    grafanaVar(name),
  );
  return `/explore?schemaVersion=1&orgId=1&panes=${encoded}`;
}

/** Links from an SLO's error ratio to the service's traces and logs, when their datasources are in the stack. */
function signalLinks(slo: ResolvedSlo, links: SignalLinks): Link[] {
  const service = JSON.stringify(slo.service);
  return [
    ...(links.traces
      ? [
          {
            title: `Traces of ${slo.service} (Tempo)`,
            url: exploreUrl(
              { type: 'tempo', uid: DATASOURCE_UIDS.tempo },
              { queryType: 'traceql', query: `{ resource.service.name = ${service} }` },
            ),
          },
        ]
      : []),
    ...(links.logs
      ? [
          {
            // The stack's collector labels every stream with `app`, from the pod's app labels.
            title: `Logs of ${slo.service} (Loki)`,
            url: exploreUrl(
              { type: 'loki', uid: DATASOURCE_UIDS.loki },
              { expr: `{app=${service}}`, queryType: 'range' },
            ),
          },
        ]
      : []),
  ];
}

/** The burn rates of the alerts of one severity, with their windows: `14.4 (1h, 5m) or 6 (6h, 30m)`. */
const thresholdsOf = (severity: 'page' | 'ticket'): string =>
  BURN_RATE_ALERTS.filter((a) => a.severity === severity)
    .map((a) => `${a.factor} (${a.long}, ${a.short})`)
    .join(' or ');

/** The panels of one SLO: its SLI and budget left over the SLO window, its error ratio and burn rates. */
export function sloPanels(slo: ResolvedSlo, links: SignalLinks = {}): PanelSpec[] {
  const selector = sloSelector(slo);
  const budget = formatNumber(slo.budget);
  const of = (record: string) => `${record}${selector}`;
  const extra = signalLinks(slo, links);
  return [
    {
      kind: 'stat',
      title: `SLI over ${slo.window}`,
      description: `The share of good events over the SLO window; the objective is ${formatNumber(slo.objective)}%.`,
      unit: 'percentunit',
      width: 6,
      query: { expr: `1 - ${of(errorRatioRecord(slo.window))}` },
    },
    {
      kind: 'stat',
      title: 'Error budget remaining',
      description: `The share of the ${slo.window} error budget (${formatNumber(slo.budget * 100)}% of the events) not spent yet; below 0 the objective is missed.`,
      unit: 'percentunit',
      width: 6,
      query: { expr: of(META_RECORDS.budgetRemaining) },
    },
    {
      kind: 'stat',
      title: 'Burn rate (5m)',
      description:
        'How many times faster than the objective allows the budget is spent now: at 1 it lasts exactly the window.',
      unit: 'short',
      width: 6,
      query: { expr: of(META_RECORDS.currentBurnRate) },
      thresholds: [
        [1, 'orange'],
        [Math.min(...BURN_RATE_ALERTS.filter((a) => a.severity === 'page').map((a) => a.factor)), 'red'],
      ],
    },
    {
      kind: 'stat',
      title: `Burn rate (${slo.window})`,
      description: 'The burn rate over the whole SLO window: above 1 the objective is missed.',
      unit: 'short',
      width: 6,
      query: { expr: of(META_RECORDS.periodBurnRate) },
      thresholds: [[1, 'red']],
    },
    {
      kind: 'timeseries',
      title: 'Error ratio',
      description: `The share of bad events over 5 minutes and 1 hour, and the error budget: the ratio the objective allows on average.${extra.length > 0 ? ' A series links to the traces and logs of the service.' : ''}`,
      unit: 'percentunit',
      width: 12,
      min: 0,
      queries: [
        { expr: of(errorRatioRecord('5m')), legend: 'over 5m' },
        { expr: of(errorRatioRecord('1h')), legend: 'over 1h' },
        { expr: of(META_RECORDS.budget), legend: 'error budget' },
      ],
      ...(extra.length > 0 ? { links: extra } : {}),
    },
    {
      kind: 'timeseries',
      title: 'Burn rate per window',
      description: `The error ratio over every window the alerts watch, divided by the budget (${budget}). The pages fire when a long window and its short one are both over ${thresholdsOf('page')}; the tickets over ${thresholdsOf('ticket')}.`,
      unit: 'short',
      width: 12,
      min: 0,
      queries: BURN_RATE_WINDOWS.map((window) => ({
        expr: `${of(errorRatioRecord(window))} / ${budget}`,
        legend: window,
      })),
    },
  ];
}

interface GridPanel {
  id?: number;
  gridPos?: { x: number; y: number; w: number; h: number };
}

/**
 * The "SLOs" dashboard with one more SLO: a row of its panels below the others. Each SLO adds
 * its row in a patch, in the order of their names whatever the order of the parts, so the
 * dashboard is the same for the same SLOs.
 */
export function dashboardWithSlo(
  existing: Dashboard | undefined,
  slo: ResolvedSlo,
  links: SignalLinks = {},
): Dashboard {
  const built = buildDashboard({
    title: DASHBOARD_TITLE,
    description:
      'Every SLO of the stack, one row each: the SLI and the error budget left over its window, the error ratio against the budget, and the burn rate over every window its alerts watch.',
    tag: DASHBOARD_MIXIN,
    variables: [datasourceVariable()],
    rows: [
      {
        title: `${slo.name} (${slo.service}, ${formatNumber(slo.objective)}% over ${slo.window})${slo.description ? `: ${slo.description}` : ''}`,
        panels: sloPanels(slo, links),
      },
    ],
    from: 'now-7d',
    style: 'overview',
  });
  if (existing === undefined) return { ...built, uid: DASHBOARD_UID };
  const before = (existing.panels as GridPanel[] | undefined) ?? [];
  const bottom = Math.max(0, ...before.map((p) => (p.gridPos ? p.gridPos.y + p.gridPos.h : 0)));
  const lastId = Math.max(0, ...before.map((p) => p.id ?? 0));
  const added = ((built.panels as GridPanel[] | undefined) ?? []).map((panel) => ({
    ...panel,
    ...(panel.id === undefined ? {} : { id: panel.id + lastId }),
    ...(panel.gridPos ? { gridPos: { ...panel.gridPos, y: panel.gridPos.y + bottom } } : {}),
  }));
  return { ...existing, panels: [...before, ...added] };
}
