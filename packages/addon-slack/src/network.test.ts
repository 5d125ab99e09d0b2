import { connectionVerdict, type Endpoint, networkModel, podOf } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { slack } from './index.js';
import { metrics, renderStack } from './test-helpers.js';

const hooksSlackCom: Endpoint = { kind: 'address', ip: '203.0.113.7' };

function alertmanagerReaches(parts: Parameters<typeof renderStack>[0]) {
  const result = renderStack(parts);
  const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
  const from = podOf(model, { name: 'main', kind: 'Alertmanager' });
  const policy = result.objects.find((o) => o.address === 'alertmanager/networkPolicy')!.object as {
    metadata: { annotations: Record<string, string> };
  };
  return {
    slack: connectionVerdict(model, { from, to: hooksSlackCom, port: 443 }).allowed,
    reason: policy.metadata.annotations['mixstack.dev/egress'],
  };
}

describe('Alertmanager’s egress with Slack', () => {
  test('opens once a receiver sends to Slack, and the policy names the receivers', () => {
    const webhookSecret = { name: 'alertmanager-slack', key: 'url' };
    const withSlack = alertmanagerReaches([metrics(), slack({ webhookSecret, channel: '#alerts' })]);
    expect(withSlack.slack).toBe(true);
    expect(withSlack.reason).toMatch(
      /^open: its receivers send notifications .*: slack-alerts \(slack_configs\)$/,
    );
  });

  test('stays closed without a receiver that sends anything', () => {
    const without = alertmanagerReaches([metrics()]);
    expect(without.slack).toBe(false);
    expect(without.reason).toMatch(/^only: DNS .*; its replicas \(gossip on the cluster port\)$/);
  });
});
