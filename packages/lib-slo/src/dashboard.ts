import { DATASOURCE_UIDS, type Dashboard } from '@mixstack/core';
import { buildDashboard, datasourceVariable, grafanaVar, type PanelSpec } from '@mixstack/kit';
import type { ResolvedSlo } from './config.js';
import { errorRatioRecord, formatNumber, META_RECORDS, sloSelector } from './rules.js';
import { BURN_RATE_ALERTS, BURN_RATE_WINDOWS } from './windows.js';

/** The tag of every SLO dashboard: their dropdown "SLOs" lists them all, whichever mixin has them. */
export const DASHBOARD_TAG = 'slo';

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

function signalLinks(slo: ResolvedSlo, links: SignalLinks): Record<string, unknown>[] {
  const link = (title: string, tooltip: string, url: string) => ({
    type: 'link',
    title,
    tooltip,
    icon: 'external link',
    url,
    targetBlank: false,
    asDropdown: false,
    includeVars: false,
    keepTime: false,
    tags: [],
  });
  const service = JSON.stringify(slo.service);
  return [
    ...(links.traces
      ? [
          link(
            `Traces of ${slo.service} (Tempo)`,
            'The traces of the service in the time range, in Explore.',
            exploreUrl(
              { type: 'tempo', uid: DATASOURCE_UIDS.tempo },
              { queryType: 'traceql', query: `{ resource.service.name = ${service} }` },
            ),
          ),
        ]
      : []),
    ...(links.logs
      ? [
          link(
            `Logs of ${slo.service} (Loki)`,
            // The stack's collector labels every stream with `app`, from the pod's app labels.
            'The logs of the pods labelled with the service in the time range, in Explore.',
            exploreUrl(
              { type: 'loki', uid: DATASOURCE_UIDS.loki },
              { expr: `{app=${service}}`, queryType: 'range' },
            ),
          ),
        ]
      : []),
  ];
}

/** The burn rates of the alerts of one severity, with their windows: `14.4 (1h, 5m) or 6 (6h, 30m)`. */
const thresholdsOf = (severity: 'page' | 'ticket'): string =>
  BURN_RATE_ALERTS.filter((a) => a.severity === severity)
    .map((a) => `${a.factor} (${a.long}, ${a.short})`)
    .join(' or ');

/**
 * The dashboard of one SLO, in the Grafana folder "SLOs" with the others (their dropdown links
 * them): the SLI and the budget left over the SLO window, the error ratio against the budget,
 * and the burn rate over every window the alerts watch, with the alerts' thresholds.
 */
export function sloDashboard(slo: ResolvedSlo, links: SignalLinks = {}): Dashboard {
  const selector = sloSelector(slo);
  const budget = formatNumber(slo.budget);
  const of = (record: string) => `${record}${selector}`;
  const stats: PanelSpec[] = [
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
        'How many times faster than the objective allows the budget is spent now: 1 spends it exactly over the window.',
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
      description:
        'The burn rate over the whole SLO window: above 1 the objective is missed at the end of it.',
      unit: 'short',
      width: 6,
      query: { expr: of(META_RECORDS.periodBurnRate) },
      thresholds: [[1, 'red']],
    },
  ];
  const charts: PanelSpec[] = [
    {
      kind: 'timeseries',
      title: 'Error ratio',
      description:
        'The share of bad events over 5 minutes and 1 hour, and the error budget: the ratio the objective allows on average.',
      unit: 'percentunit',
      width: 12,
      min: 0,
      queries: [
        { expr: of(errorRatioRecord('5m')), legend: 'over 5m' },
        { expr: of(errorRatioRecord('1h')), legend: 'over 1h' },
        { expr: of(META_RECORDS.budget), legend: 'error budget' },
      ],
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
  const built = buildDashboard({
    title: `SLO / ${slo.name}`,
    description:
      slo.description ??
      `The SLO ${slo.name} of ${slo.service}: ${formatNumber(slo.objective)}% of the events are good over ${slo.window}.`,
    tag: DASHBOARD_TAG,
    linkTitle: 'SLOs',
    variables: [datasourceVariable()],
    rows: [{ panels: stats }, { title: 'Error budget', panels: charts }],
    from: 'now-7d',
    style: 'overview',
  });
  const extra = signalLinks(slo, links);
  if (extra.length === 0) return built;
  return { ...built, links: [...((built.links as unknown[] | undefined) ?? []), ...extra] };
}
