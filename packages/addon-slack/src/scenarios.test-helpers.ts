// The scenarios of the golden and amtool tests (not exported by index.ts).
import type { CommonOptions, Part } from '@mixstack/core';
import { slack } from './index.js';
import { metrics } from './test-helpers.js';

export interface Scenario {
  common: CommonOptions;
  parts: () => Part[];
}

export const SCENARIOS: Record<string, Scenario> = {
  /** The smallest call: one webhook, one channel. */
  minimal: {
    common: {},
    parts: () => [
      metrics(),
      slack({ webhookSecret: { name: 'alertmanager-slack', key: 'url' }, channel: '#alerts' }),
    ],
  },
  /** Every option: severities (one muted, one with its own webhook), label routes, grouping, Grafana, inhibit rules. */
  'all-options': {
    common: { namespace: 'observability', cluster: 'prod-eu' },
    parts: () => [
      metrics({ externalUrl: 'https://alertmanager.example.com' }),
      slack({
        webhookSecret: { name: 'alertmanager-slack', key: 'url' },
        channel: '#alerts',
        severityChannels: {
          critical: {
            channel: '#alerts-critical',
            webhookSecret: { name: 'slack-critical', key: 'webhook' },
          },
          warning: '#alerts',
          info: false,
        },
        routes: [
          {
            matchers: { team: 'payments' },
            channel: '#payments-alerts',
            webhookSecret: { name: 'slack-payments', key: 'url' },
          },
          {
            matchers: { namespace: 'search', severity: 'critical' },
            channel: '#search-oncall',
            continue: true,
          },
        ],
        groupBy: ['cluster', 'namespace', 'alertname'],
        groupWait: '1m',
        groupInterval: '10m',
        repeatInterval: '4h',
        grafanaUrl: 'https://grafana.example.com',
        inhibitRules: [
          {
            source: { alertname: 'ClusterMaintenance' },
            target: { severity: 'warning' },
            equal: ['cluster'],
          },
        ],
      }),
    ],
  },
};
