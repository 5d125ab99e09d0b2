import type { Dashboard } from '@mixstack/core';
import {
  buildDashboard,
  datasourceVariable,
  type PanelSpec,
  queryVariable,
  type StatSpec,
} from '@mixstack/kit';
import { processPanels } from './process.js';
import { p99, rate, sumBy } from './promql.js';
import { clusterVariable, type Scope, sel } from './variables.js';

export const ALERTMANAGER_FILES = { overview: 'alertmanager-overview.json' } as const;

const POD = 'pod=~"$pod"';
/** The Alertmanager container: the config reloader sidecar is scraped under the same job. */
const CONTAINER = 'container="alertmanager"';

const graph = (
  title: string,
  description: string,
  unit: string,
  queries: { expr: string; legend: string; exemplar?: boolean }[],
): PanelSpec => ({ kind: 'timeseries', title, description, unit, width: 8, min: 0, queries });

/**
 * Alertmanager / Overview: is the cluster whole and of one configuration, which alerts it
 * holds, and whether notifications reach their integrations (and how fast).
 */
export function alertmanagerOverviewDashboard(scope: Scope): Dashboard {
  const { s, cluster } = scope;
  const am = (...m: string[]) => sel(s.alertmanager, cluster, POD, ...m);
  const a = am();
  const stat = (
    title: string,
    description: string,
    expr: string,
    thresholds?: [number, string][],
  ): StatSpec => ({
    kind: 'stat',
    title,
    description,
    unit: 'none',
    width: 4,
    query: { expr },
    ...(thresholds ? { thresholds } : {}),
  });
  return buildDashboard({
    title: 'Alertmanager / Overview',
    description:
      "The stack's Alertmanager cluster: its members and configuration, the alerts it holds, and notification delivery by integration.",
    tag: 'alertmanager',
    linkTitle: 'Alertmanager',
    variables: [
      datasourceVariable(),
      clusterVariable(scope, s.alertmanager),
      queryVariable('pod', 'Pod', `alertmanager_build_info${sel(s.alertmanager, cluster)}`, 'pod', {
        allValue: '.+',
      }),
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          stat(
            'Instances up',
            'Alertmanager pods Prometheus scrapes successfully right now.',
            `sum(up${am(CONTAINER)})`,
          ),
          stat(
            'Cluster members',
            'Members of the gossip cluster, as the instance that sees the fewest reports it: fewer than the instances means a split cluster (duplicate notifications).',
            `min(alertmanager_cluster_members${a})`,
          ),
          stat(
            'Configurations',
            'Distinct configurations loaded by the instances: more than one means a reload failed somewhere.',
            `count(count_values("config_hash", alertmanager_config_hash${a}))`,
            [[2, 'red']],
          ),
          stat(
            'Active alerts',
            'Alerts firing and neither silenced nor inhibited.',
            `max(alertmanager_alerts${am('state="active"')})`,
          ),
          stat(
            'Suppressed alerts',
            'Alerts firing but silenced or inhibited.',
            `max(alertmanager_alerts${am('state="suppressed"')})`,
          ),
          stat(
            'Active silences',
            'Silences in effect now.',
            `max(alertmanager_silences${am('state="active"')})`,
          ),
        ],
      },
      {
        title: 'Alerts',
        panels: [
          graph(
            'Alerts by state',
            'Alerts the cluster holds, by state (as the instance with the most reports it).',
            'short',
            [{ expr: `max by (state) (alertmanager_alerts${a})`, legend: '{{state}}' }],
          ),
          graph(
            'Alerts received',
            'Alerts per second each instance receives from Prometheus (every Prometheus sends to every instance), and invalid ones rejected.',
            'cps',
            [
              { expr: sumBy(['pod'], rate('alertmanager_alerts_received_total', a)), legend: '{{pod}}' },
              { expr: `sum(${rate('alertmanager_alerts_invalid_total', a)})`, legend: 'invalid' },
            ],
          ),
          graph(
            'Config reload',
            'Whether the last configuration reload of each instance succeeded (1) or failed (0): a failed reload keeps the previous configuration.',
            'none',
            [{ expr: `min by (pod) (alertmanager_config_last_reload_successful${a})`, legend: '{{pod}}' }],
          ),
        ],
      },
      {
        title: 'Notifications',
        panels: [
          graph(
            'Notifications by integration',
            'Notifications per second sent, by integration (Slack, webhook, email, ...).',
            'cps',
            [
              {
                expr: sumBy(['integration'], rate('alertmanager_notifications_total', a)),
                legend: '{{integration}}',
              },
            ],
          ),
          graph(
            'Failed notifications by integration',
            'Notifications per second that failed, by integration: the receiver is unreachable or rejects them.',
            'cps',
            [
              {
                expr: sumBy(['integration'], rate('alertmanager_notifications_failed_total', a)),
                legend: '{{integration}}',
              },
            ],
          ),
          graph(
            'Notification latency (p99) by integration',
            '99th percentile of the time a notification takes to be delivered, by integration.',
            's',
            [
              {
                expr: p99('alertmanager_notification_latency_seconds', a, ['integration']),
                legend: '{{integration}}',
                exemplar: true,
              },
            ],
          ),
        ],
      },
      {
        title: 'Cluster',
        panels: [
          graph(
            'Failed peers',
            'Peers each instance cannot reach: notifications may go out twice.',
            'short',
            [{ expr: `max by (pod) (alertmanager_cluster_failed_peers${a})`, legend: '{{pod}}' }],
          ),
          graph(
            'Gossip messages received',
            'Gossip messages per second each instance receives (silences and notification log).',
            'cps',
            [
              {
                expr: sumBy(['pod'], rate('alertmanager_cluster_messages_received_total', a)),
                legend: '{{pod}}',
              },
            ],
          ),
          graph(
            'Gossip messages dropped',
            'Gossip messages per second each instance dropped from its outgoing queue: peers miss silences or notification state.',
            'cps',
            [
              {
                expr: sumBy(['pod'], rate('alertmanager_cluster_messages_pruned_total', a)),
                legend: '{{pod}}',
              },
            ],
          ),
        ],
      },
      { title: 'Process', panels: processPanels(am(CONTAINER), 'pod', 'Alertmanager') },
    ],
  });
}
