import type { AlertingRule, RuleGroup } from '@mixstack/core';
import { alert, alertGroup, lines } from '@mixstack/kit';
import { by, m, on } from '../promql.js';
import type { MixinSelectors } from '../selectors.js';

/**
 * Alerts on the stack's Alertmanager cluster. Its instances form one cluster per job (the
 * Service), so cluster-wide alerts group by `namespace` and `job`, per-instance ones by `pod`.
 * `up` and `process_start_time_seconds` are read from the `web` endpoint only: the config
 * reloader sidecar is scraped under the same job.
 */
export function alertmanagerAlerts(s: MixinSelectors): RuleGroup<AlertingRule>[] {
  const am = (metric: string, ...matchers: string[]) => m(metric, s.alertmanager, ...matchers);
  const web = (metric: string) => am(metric, 'endpoint="web"');
  const instance = 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }}';
  const cluster = 'Alertmanager cluster {{ $labels.namespace }}/{{ $labels.job }}';
  const members = `max ${by('namespace', 'job', 'pod')} (max_over_time(${am('alertmanager_cluster_members')}[5m]))`;
  const failedRatio = (...labels: string[]) =>
    lines(
      `sum ${by(...labels)} (rate(${am('alertmanager_notifications_failed_total')}[5m]))`,
      `/ sum ${by(...labels)} (rate(${am('alertmanager_notifications_total')}[5m]))`,
    );

  return [
    alertGroup('alertmanager', [
      alert({
        alert: 'AlertmanagerFailedReload',
        severity: 'critical',
        expr: `max ${by('namespace', 'pod')} (max_over_time(${am('alertmanager_config_last_reload_successful')}[5m])) == 0`,
        for: '10m',
        summary: 'Alertmanager failed to reload its configuration.',
        description: `${instance} rejected its latest configuration and keeps running on the previous one; a restart would fail.`,
      }),
      alert({
        alert: 'AlertmanagerMembersInconsistent',
        severity: 'critical',
        expr: lines(
          members,
          `< ${on('namespace', 'job')} group_left ()`,
          `count ${by('namespace', 'job')} (${members})`,
        ),
        for: '15m',
        summary: 'An Alertmanager instance does not see every member of its cluster.',
        description: `${instance} sees {{ $value }} member(s) of cluster {{ $labels.job }}, fewer than the instances Prometheus scrapes: notifications may be sent twice and silences may not reach every instance.`,
      }),
      alert({
        alert: 'AlertmanagerFailedToSendAlerts',
        severity: 'warning',
        expr: lines(failedRatio('namespace', 'pod', 'integration'), '> 0.01'),
        for: '5m',
        summary: 'An Alertmanager instance fails to send notifications.',
        description: `${instance} fails to send {{ $value | humanizePercentage }} of its notifications to {{ $labels.integration }}.`,
      }),
      alert({
        alert: 'AlertmanagerClusterFailedToSendAlerts',
        severity: 'critical',
        expr: lines(
          `min ${by('namespace', 'job', 'integration')} (`,
          failedRatio('namespace', 'job', 'pod', 'integration'),
          ') > 0.01',
        ),
        for: '5m',
        summary: 'Every instance of the Alertmanager cluster fails to send notifications.',
        description: `Every instance of ${cluster} fails to send at least {{ $value | humanizePercentage }} of its notifications to {{ $labels.integration }}: notifications are lost.`,
      }),
      alert({
        alert: 'AlertmanagerConfigInconsistent',
        severity: 'critical',
        expr: `count ${by('namespace', 'job')} (count_values ${by('namespace', 'job')} ("config_hash", ${am('alertmanager_config_hash')})) != 1`,
        for: '20m',
        summary: 'The instances of the Alertmanager cluster run different configurations.',
        description: `The instances of ${cluster} run {{ $value }} different configurations.`,
      }),
      alert({
        alert: 'AlertmanagerClusterDown',
        severity: 'critical',
        expr: lines(
          `count ${by('namespace', 'job')} (avg_over_time(${web('up')}[5m]) < 0.5)`,
          `/ count ${by('namespace', 'job')} (${web('up')})`,
          '>= 0.5',
        ),
        for: '5m',
        summary: 'Half or more of the Alertmanager instances are down.',
        description: `{{ $value | humanizePercentage }} of the instances of ${cluster} were down most of the last 5 minutes.`,
      }),
      alert({
        alert: 'AlertmanagerClusterCrashlooping',
        severity: 'critical',
        expr: lines(
          `count ${by('namespace', 'job')} (changes(${web('process_start_time_seconds')}[10m]) > 4)`,
          `/ count ${by('namespace', 'job')} (${web('up')})`,
          '>= 0.5',
        ),
        for: '5m',
        summary: 'Half or more of the Alertmanager instances keep restarting.',
        description: `{{ $value | humanizePercentage }} of the instances of ${cluster} restarted more than 4 times in 10 minutes.`,
      }),
      alert({
        alert: 'AlertmanagerClusterFailedPeers',
        severity: 'warning',
        expr: `min ${by('namespace', 'pod')} (min_over_time(${am('alertmanager_cluster_failed_peers')}[5m])) > 0`,
        for: '15m',
        summary: 'An Alertmanager instance cannot reach some of its peers.',
        description: `${instance} has {{ $value }} peer(s) it cannot reach over the cluster port (9094): silences and the notification log do not replicate to them.`,
      }),
    ]),
  ];
}
