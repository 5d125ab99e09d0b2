import { type AlertCases, expectation, seriesWith } from '@mixstack/kit';
import { CLUSTER } from '../cases.js';

const at = (pod: string) =>
  seriesWith(`cluster="${CLUSTER}", job="alertmanager-main", namespace="monitoring", pod="${pod}"`);
const [a0, a1, a2] = ['alertmanager-main-0', 'alertmanager-main-1', 'alertmanager-main-2'].map(at) as [
  ReturnType<typeof at>,
  ReturnType<typeof at>,
  ReturnType<typeof at>,
];
const POD0 = { cluster: CLUSTER, namespace: 'monitoring', pod: 'alertmanager-main-0' };
const JOB = { cluster: CLUSTER, namespace: 'monitoring', job: 'alertmanager-main' };

/** Notifications to Slack: `failed` of `sent` per minute. */
const slack = (series: ReturnType<typeof at>, failed: number, sent: number) => [
  series(
    'alertmanager_notifications_failed_total{integration="slack", reason="clientError"}',
    `0+${failed}x30`,
  ),
  series('alertmanager_notifications_total{integration="slack"}', `0+${sent}x30`),
];

export const alertmanagerAlertCases: AlertCases = {
  AlertmanagerFailedReload: [
    {
      name: 'the last reload failed',
      input: [a0('alertmanager_config_last_reload_successful', '1x3 0x30')],
      at: '25m',
      fires: [
        expectation('Alertmanager failed to reload its configuration.', POD0)(
          'critical',
          {},
          'Alertmanager monitoring/alertmanager-main-0 rejected its latest configuration and keeps running on the previous one; a restart would fail.',
        ),
      ],
    },
    {
      name: 'reloads succeed',
      input: [a0('alertmanager_config_last_reload_successful', '1x30')],
      at: '25m',
      fires: [],
    },
  ],
  AlertmanagerMembersInconsistent: [
    {
      name: 'one of three instances sees only itself',
      input: [
        a0('alertmanager_cluster_members', '1x30'),
        a1('alertmanager_cluster_members', '3x30'),
        a2('alertmanager_cluster_members', '3x30'),
      ],
      at: '25m',
      fires: [
        expectation('An Alertmanager instance does not see every member of its cluster.', {
          ...JOB,
          pod: 'alertmanager-main-0',
        })(
          'critical',
          {},
          'Alertmanager monitoring/alertmanager-main-0 sees 1 member(s) of cluster alertmanager-main, fewer than the instances Prometheus scrapes: notifications may be sent twice and silences may not reach every instance.',
        ),
      ],
    },
    {
      name: 'every instance sees all three',
      input: [
        a0('alertmanager_cluster_members', '3x30'),
        a1('alertmanager_cluster_members', '3x30'),
        a2('alertmanager_cluster_members', '3x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  AlertmanagerFailedToSendAlerts: [
    {
      name: 'a tenth of the Slack notifications of one instance fail',
      input: [...slack(a0, 1, 10), ...slack(a1, 0, 10)],
      at: '20m',
      fires: [
        expectation('An Alertmanager instance fails to send notifications.', POD0)(
          'warning',
          { integration: 'slack' },
          'Alertmanager monitoring/alertmanager-main-0 fails to send 10% of its notifications to slack.',
        ),
      ],
    },
    {
      name: 'every notification goes out',
      input: [...slack(a0, 0, 10), ...slack(a1, 0, 10)],
      at: '20m',
      fires: [],
    },
  ],
  AlertmanagerClusterFailedToSendAlerts: [
    {
      name: 'both instances fail, the better one a fifth of the time',
      input: [...slack(a0, 2, 10), ...slack(a1, 5, 10)],
      at: '20m',
      fires: [
        expectation('Every instance of the Alertmanager cluster fails to send notifications.', JOB)(
          'critical',
          { integration: 'slack' },
          'Every instance of Alertmanager cluster monitoring/alertmanager-main fails to send at least 20% of its notifications to slack: notifications are lost.',
        ),
      ],
    },
    {
      name: 'one instance fails, the other one delivers',
      input: [...slack(a0, 10, 10), ...slack(a1, 0, 10)],
      at: '20m',
      fires: [],
    },
  ],
  AlertmanagerConfigInconsistent: [
    {
      name: 'one instance runs another configuration',
      input: [
        a0('alertmanager_config_hash', '1234x40'),
        a1('alertmanager_config_hash', '1234x40'),
        a2('alertmanager_config_hash', '5678x40'),
      ],
      at: '30m',
      fires: [
        expectation('The instances of the Alertmanager cluster run different configurations.', JOB)(
          'critical',
          {},
          'The instances of Alertmanager cluster monitoring/alertmanager-main run 2 different configurations.',
        ),
      ],
    },
    {
      name: 'a rollout: different for 10 minutes, then the same',
      input: [a0('alertmanager_config_hash', '1234x10 5678x30'), a1('alertmanager_config_hash', '5678x40')],
      at: '30m',
      fires: [],
    },
  ],
  AlertmanagerClusterDown: [
    {
      name: 'two of three instances down',
      input: [
        a0('up{endpoint="web"}', '0x30'),
        a1('up{endpoint="web"}', '0x30'),
        a2('up{endpoint="web"}', '1x30'),
        a0('up{endpoint="reloader-web"}', '1x30'),
      ],
      at: '20m',
      fires: [
        expectation('Half or more of the Alertmanager instances are down.', JOB)(
          'critical',
          {},
          '66.67% of the instances of Alertmanager cluster monitoring/alertmanager-main were down most of the last 5 minutes.',
        ),
      ],
    },
    {
      name: 'one of three down, and config reloaders down (not Alertmanager instances)',
      input: [
        a0('up{endpoint="web"}', '0x30'),
        a1('up{endpoint="web"}', '1x30'),
        a2('up{endpoint="web"}', '1x30'),
        a1('up{endpoint="reloader-web"}', '0x30'),
        a2('up{endpoint="reloader-web"}', '0x30'),
      ],
      at: '20m',
      fires: [],
    },
  ],
  AlertmanagerClusterCrashlooping: [
    {
      name: 'two instances restart every minute',
      input: [
        a0('process_start_time_seconds{endpoint="web"}', '0+60x30'),
        a1('process_start_time_seconds{endpoint="web"}', '0+60x30'),
        a0('up{endpoint="web"}', '1x30'),
        a1('up{endpoint="web"}', '1x30'),
        a2('up{endpoint="web"}', '1x30'),
      ],
      at: '25m',
      fires: [
        expectation('Half or more of the Alertmanager instances keep restarting.', JOB)(
          'critical',
          {},
          '66.67% of the instances of Alertmanager cluster monitoring/alertmanager-main restarted more than 4 times in 10 minutes.',
        ),
      ],
    },
    {
      name: 'one instance restarts every minute',
      input: [
        a0('process_start_time_seconds{endpoint="web"}', '0+60x30'),
        a1('process_start_time_seconds{endpoint="web"}', '100x30'),
        a0('up{endpoint="web"}', '1x30'),
        a1('up{endpoint="web"}', '1x30'),
        a2('up{endpoint="web"}', '1x30'),
      ],
      at: '25m',
      fires: [],
    },
  ],
  AlertmanagerClusterFailedPeers: [
    {
      name: 'one peer unreachable for 20 minutes',
      input: [a0('alertmanager_cluster_failed_peers', '0x5 1x30')],
      at: '30m',
      fires: [
        expectation('An Alertmanager instance cannot reach some of its peers.', POD0)(
          'warning',
          {},
          'Alertmanager monitoring/alertmanager-main-0 has 1 peer(s) it cannot reach over the cluster port (9094): silences and the notification log do not replicate to them.',
        ),
      ],
    },
    {
      name: 'a peer lost for two minutes during a rollout',
      input: [a0('alertmanager_cluster_failed_peers', '0x10 1x2 0x20')],
      at: '30m',
      fires: [],
    },
  ],
};
