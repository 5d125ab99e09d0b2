import {
  type AlertmanagerServer,
  type ReceivedRequest,
  startAlertmanager,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { slack } from './index.js';
import { localConfig, metrics, renderedAlertmanager, renderStack } from './test-helpers.js';

/**
 * End to end with the real Alertmanager (Debian's prometheus-alertmanager): the configuration
 * and templates rendered for prometheus() + slack(), one webhook per channel pointing at a
 * local HTTP server that stands in for Slack, alerts posted to Alertmanager's API, and the
 * Slack payloads asserted as the server receives them.
 */

interface SlackPayload {
  channel: string;
  attachments: { title: string; title_link: string; text: string; fallback: string; color: string }[];
}

const payload = (request: ReceivedRequest) => request.json as SlackPayload;

let slackServer: WebhookReceiver | undefined;
let alertmanager: AlertmanagerServer | undefined;

beforeAll(async () => {
  slackServer = await startWebhookReceiver();
  try {
    const rendered = renderedAlertmanager(
      renderStack(
        [
          metrics(),
          slack({
            webhookSecret: { name: 'alertmanager-slack', key: 'url' },
            channel: '#alerts',
            severityChannels: {
              critical: {
                channel: '#alerts-critical',
                webhookSecret: { name: 'alertmanager-slack', key: 'critical-url' },
              },
            },
            routes: [
              {
                matchers: { team: 'payments' },
                channel: '#payments-alerts',
                webhookSecret: { name: 'slack-payments', key: 'url' },
              },
            ],
            // Short waits through the addon's own options, so that the test does not wait 30 s.
            groupWait: '1s',
            groupInterval: '1s',
            repeatInterval: '1h',
            grafanaUrl: 'https://grafana.example.com',
          }),
        ],
        { cluster: 'prod-eu' },
      ),
    );
    const { config, files } = localConfig(rendered, {
      'alertmanager-slack/url': `${slackServer.url}/default`,
      'alertmanager-slack/critical-url': `${slackServer.url}/critical`,
      'slack-payments/url': `${slackServer.url}/payments`,
    });
    alertmanager = await startAlertmanager(config, files);
  } catch (error) {
    await slackServer.stop();
    slackServer = undefined;
    throw error;
  }
});

afterAll(async () => {
  await Promise.allSettled([alertmanager?.stop(), slackServer?.stop()]);
});

function alert(labels: Record<string, string>, ends?: Date) {
  return {
    labels: { cluster: 'prod-eu', ...labels },
    annotations: {
      summary: `${labels.alertname} summary.`,
      description: `${labels.alertname} has been failing for 5 minutes.`,
      runbook_url: `https://runbooks.example.com/${labels.alertname}.md`,
    },
    generatorURL: 'http://prometheus.example.com/graph?g0.expr=up',
    ...(ends ? { endsAt: ends.toISOString() } : {}),
  };
}

/** The first request to `path` whose title starts with `title`. */
function waitForMessage(path: string, title: string): Promise<ReceivedRequest> {
  return slackServer!.waitForRequest(
    (request) =>
      request.path === path && payload(request)?.attachments?.[0]?.title.startsWith(title) === true,
    60_000,
  );
}

describe('slack() with the real Alertmanager', () => {
  const checkout = {
    alertname: 'CheckoutErrors',
    severity: 'warning',
    namespace: 'shop',
    deployment: 'checkout',
    pod: 'checkout-7d9f-abcde',
  };

  test('a firing alert reaches the default channel with our title and text, then its resolution', async () => {
    // Always firing, routed to the null receiver before any Slack route: it must never reach Slack.
    await alertmanager!.postAlerts([alert({ alertname: 'Watchdog', severity: 'none' })]);
    await alertmanager!.postAlerts([alert(checkout)]);

    const firing = payload(await waitForMessage('/default', '[FIRING:1] CheckoutErrors'));
    expect(firing.channel).toBe('#alerts');
    const [attachment] = firing.attachments;
    expect(attachment!.title).toBe('[FIRING:1] CheckoutErrors (warning) in shop on prod-eu');
    expect(attachment!.color).toBe('warning');
    expect(attachment!.fallback).toBe(
      '[FIRING:1] CheckoutErrors (warning) in shop on prod-eu: CheckoutErrors summary.',
    );
    expect(attachment!.title_link).toContain(
      '/#/alerts?receiver=slack-alerts&filter=%7Balertname%3D%22CheckoutErrors%22',
    );
    const text = attachment!.text;
    expect(text).toContain(
      ':warning: *CheckoutErrors* · severity `warning` · namespace `shop` · deployment `checkout` · pod `checkout-7d9f-abcde`',
    );
    expect(text).toContain('CheckoutErrors summary.');
    expect(text).toContain('>CheckoutErrors has been failing for 5 minutes.');
    expect(text).toContain('<https://runbooks.example.com/CheckoutErrors.md|Runbook>');
    expect(text).toMatch(
      /<http:\/\/[^|>]+\/#\/silences\/new\?filter=%7B[^|>]*alertname%3D%22CheckoutErrors%22[^|>]*%7D\|Silence>/,
    );
    expect(text).toContain('<https://grafana.example.com/explore?schemaVersion=1&orgId=1&panes=');
    expect(text).toContain('ALERTS%7Balertname%3D%5C%22CheckoutErrors%5C%22%7D');
    expect(text).toContain('<http://prometheus.example.com/graph?g0.expr=up|Query>');

    await alertmanager!.postAlerts([alert(checkout, new Date(Date.now() - 1000))]);
    const resolved = payload(await waitForMessage('/default', '[RESOLVED] CheckoutErrors'));
    expect(resolved.channel).toBe('#alerts');
    expect(resolved.attachments[0]!.title).toBe('[RESOLVED] CheckoutErrors (warning) in shop on prod-eu');
    expect(resolved.attachments[0]!.color).toBe('good');
    expect(resolved.attachments[0]!.text).toContain(
      ':white_check_mark: *CheckoutErrors* · severity `warning` · resolved',
    );
  });

  test('a critical alert reaches the critical channel through its own webhook', async () => {
    await alertmanager!.postAlerts([
      alert({ alertname: 'DatabaseDown', severity: 'critical', namespace: 'db', statefulset: 'postgres' }),
    ]);
    const message = payload(await waitForMessage('/critical', '[FIRING:1] DatabaseDown'));
    expect(message.channel).toBe('#alerts-critical');
    expect(message.attachments[0]!.title).toBe('[FIRING:1] DatabaseDown (critical) in db on prod-eu');
    expect(message.attachments[0]!.color).toBe('danger');
    expect(message.attachments[0]!.text).toContain(
      ':red_circle: *DatabaseDown* · severity `critical` · namespace `db` · statefulset `postgres`',
    );
  });

  test('a team=payments alert reaches the payments channel, before the severity routes', async () => {
    await alertmanager!.postAlerts([
      alert({
        alertname: 'PaymentsLatencyHigh',
        severity: 'critical',
        namespace: 'payments',
        team: 'payments',
      }),
    ]);
    const message = payload(await waitForMessage('/payments', '[FIRING:1] PaymentsLatencyHigh'));
    expect(message.channel).toBe('#payments-alerts');
    expect(message.attachments[0]!.text).toContain('*PaymentsLatencyHigh*');
  });

  test('a group of twelve alerts lists ten and says where the rest are', async () => {
    await alertmanager!.postAlerts(
      Array.from({ length: 12 }, (_, i) =>
        alert({ alertname: 'PodNotReady', severity: 'warning', namespace: 'batch', pod: `worker-${i}` }),
      ),
    );
    const message = payload(await waitForMessage('/default', '[FIRING:12] PodNotReady'));
    const text = message.attachments[0]!.text;
    expect(text.match(/\*PodNotReady\*/g)).toHaveLength(10);
    expect(text).toContain('_12 alerts in this group; the first 10 are listed, all of them are in <');
  });

  test('Watchdog, posted first, never reached Slack; every message went to the webhook of its channel', () => {
    const requests = slackServer!.requests;
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const request of requests) {
      const message = payload(request);
      expect(message.attachments[0]!.title).not.toContain('Watchdog');
      const expected = {
        '/default': '#alerts',
        '/critical': '#alerts-critical',
        '/payments': '#payments-alerts',
      }[request.path];
      expect(message.channel).toBe(expected);
    }
  });
});
