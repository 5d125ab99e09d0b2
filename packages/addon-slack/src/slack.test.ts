import { createStack, definePart, type Part, render, setExternalUrl } from '@mixstack/core';
import { grafana } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { type SlackInput, slack } from './index.js';
import { MUTED_RECEIVER, ROUTE_ORDER } from './routing.js';
import { metrics, parsedConfig, renderedAlertmanager, renderStack } from './test-helpers.js';

const minimal: SlackInput = { webhookSecret: { name: 'alertmanager-slack', key: 'url' }, channel: '#alerts' };

const full: SlackInput = {
  ...minimal,
  severityChannels: {
    critical: { channel: '#alerts-critical', webhookSecret: { name: 'slack-critical', key: 'url' } },
    warning: '#alerts',
    info: false,
  },
  routes: [
    {
      matchers: { team: 'payments' },
      channel: '#payments-alerts',
      webhookSecret: { name: 'slack-payments', key: 'url' },
    },
    { matchers: { team: 'search', severity: 'critical' }, channel: '#search-oncall', continue: true },
  ],
};

describe('slack()', () => {
  test('routes: Watchdog and InfoInhibitor to null first, then label routes in order, then severities; the default channel is the root receiver', () => {
    const config = parsedConfig(renderedAlertmanager(renderStack([metrics(), slack(full)])).config);
    expect(config.route.receiver).toBe('slack-alerts');
    expect(config.route.routes.map((r) => [r.receiver, r.matchers, r.continue ?? false])).toEqual([
      ['null', ['alertname = "Watchdog"'], false],
      ['null', ['alertname = "InfoInhibitor"'], false],
      ['slack-payments-alerts', ['team = "payments"'], false],
      ['slack-search-oncall', ['severity = "critical"', 'team = "search"'], true],
      ['slack-alerts-critical', ['severity = "critical"'], false],
      ['slack-alerts', ['severity = "warning"'], false],
      [MUTED_RECEIVER, ['severity = "info"'], false],
    ]);
    // Only the alertmanager part routes Watchdog and InfoInhibitor: not duplicated.
    expect(config.route.routes.filter((r) => r.matchers.some((m) => m.includes('Watchdog')))).toHaveLength(1);
    expect(ROUTE_ORDER.matchers).toBeGreaterThan(1);
  });

  test('every Slack config resolves, reads its webhook from a mounted Secret file and uses our templates', () => {
    const rendered = renderedAlertmanager(renderStack([metrics(), slack(full)]));
    const config = parsedConfig(rendered.config);
    const slackConfigs = config.receivers.flatMap((r) =>
      ((r.slack_configs as Record<string, unknown>[] | undefined) ?? []).map(
        (c): Record<string, unknown> => ({ receiver: r.name, ...c }),
      ),
    );
    expect(slackConfigs.map((c) => [c.receiver, c.channel, c.api_url_file])).toEqual([
      ['slack-alerts', '#alerts', '/etc/alertmanager/secrets/alertmanager-slack/url'],
      ['slack-alerts-critical', '#alerts-critical', '/etc/alertmanager/secrets/slack-critical/url'],
      ['slack-payments-alerts', '#payments-alerts', '/etc/alertmanager/secrets/slack-payments/url'],
      ['slack-search-oncall', '#search-oncall', '/etc/alertmanager/secrets/alertmanager-slack/url'],
    ]);
    for (const c of slackConfigs) {
      expect(c.send_resolved).toBe(true);
      expect(c).not.toHaveProperty('api_url');
      expect(c.title).toBe('{{ template "mixstack.slack.title" . }}');
      expect(c.text).toBe('{{ template "mixstack.slack.text" . }}');
    }
    expect(rendered.resource.spec.secrets).toEqual([
      'alertmanager-slack',
      'slack-critical',
      'slack-payments',
    ]);
    expect(Object.keys(rendered.templates)).toEqual(['mixstack-slack.tmpl']);
    expect(config.templates).toEqual(['/etc/alertmanager/config/*.tmpl']);
  });

  test('no webhook URL and no credential field in any rendered file', () => {
    const { files } = renderStack([metrics(), slack(full)]);
    for (const [path, content] of files) {
      expect(content, path).not.toMatch(/hooks\.slack\.com|api_url:/);
    }
  });

  test('the root grouping comes from slack() in the addon layer; what the user passes to alertmanager() wins', () => {
    const withSlack = (parts: ReturnType<typeof slack>[]) =>
      parsedConfig(renderedAlertmanager(renderStack([metrics(), ...parts])).config)
        .route as unknown as Record<string, unknown>;
    const own = withSlack([slack({ ...minimal, groupBy: ['alertname'], groupWait: '10s' })]);
    expect(own).toMatchObject({ receiver: 'slack-alerts', group_by: ['alertname'], group_wait: '10s' });
    const user = parsedConfig(
      renderedAlertmanager(
        renderStack([
          metrics({ route: { groupWait: '45s', receiver: 'null' } }),
          slack({ ...minimal, groupWait: '10s' }),
        ]),
      ).config,
    ).route as unknown as Record<string, unknown>;
    expect(user).toMatchObject({ receiver: 'null', group_wait: '45s', group_by: ['namespace', 'alertname'] });
  });

  test("the Grafana link uses grafanaUrl, else the URL the stack's Grafana publishes, else is left out", () => {
    const template = (...parts: Part[]) =>
      renderedAlertmanager(render(createStack({}, [metrics(), ...parts]))).templates['mixstack-slack.tmpl']!;
    // Exposed by a platform (core's setExternalUrl), as gke({ grafana }) does.
    const exposed = definePart('test-platform', (stack) =>
      setExternalUrl(stack, { source: 'test', layer: 'platform' }, 'grafana', 'https://grafana.example.com/'),
    );
    expect(
      template(slack({ ...minimal, grafanaUrl: 'https://g.example.com/' }), grafana(), exposed),
    ).toContain('<https://g.example.com/explore?');
    expect(template(slack(minimal), grafana(), exposed)).toContain('<https://grafana.example.com/explore?');
    expect(template(slack(minimal), grafana({ rootUrl: 'https://own.example.com/' }), exposed)).toContain(
      '<https://own.example.com/explore?',
    );
    // No Grafana, a Grafana without a public URL, or one turned off: no link.
    expect(template(slack(minimal))).not.toContain('|Grafana>');
    expect(template(slack(minimal), grafana())).not.toContain('|Grafana>');
    expect(template(slack(minimal), grafana({ enabled: false }), exposed)).not.toContain('|Grafana>');
  });

  test('the order of the parts does not change a byte', () => {
    const a = renderStack([metrics(), slack(full)]).files;
    const b = renderStack([slack(full), metrics()]).files;
    expect([...b.entries()]).toEqual([...a.entries()]);
  });

  test('inhibit rules from the options, with ids derived from their content', () => {
    const rule = { source: { alertname: 'NodeDown' }, target: { severity: 'warning' }, equal: ['node'] };
    const config = parsedConfig(
      renderedAlertmanager(renderStack([metrics(), slack({ ...minimal, inhibitRules: [rule, rule] })]))
        .config,
    );
    expect(config.inhibit_rules).toContainEqual({
      source_matchers: ['alertname = "NodeDown"'],
      target_matchers: ['severity = "warning"'],
      equal: ['node'],
    });
    // kube-prometheus's three rules of the alertmanager part, and ours once.
    expect(config.inhibit_rules).toHaveLength(4);
  });

  test('matcher values are quoted as Alertmanager parses them', () => {
    const config = parsedConfig(
      renderedAlertmanager(
        renderStack([
          metrics(),
          slack({ ...minimal, routes: [{ matchers: { team: 'a "b" \\c' }, channel: '#odd' }] }),
        ]),
      ).config,
    );
    expect(config.route.routes[2]!.matchers).toEqual(['team = "a \\"b\\" \\\\c"']);
  });

  test('the build summary says which Secrets to create, with the command', () => {
    const { summary } = renderStack([metrics(), slack(full)], { namespace: 'observability' });
    const notice = summary.notices.find((n) => n.id === 'slack-webhook-secret');
    expect(notice?.message).toContain(
      "kubectl -n observability create secret generic slack-critical --from-literal=url='https://hooks.slack.com/services/...'",
    );
    expect(notice?.message).toContain('"alertmanager-slack", "slack-critical", "slack-payments"');
  });

  test('two slack() parts collide on their receivers with both sources named', () => {
    expect(() => renderStack([metrics(), slack(minimal), slack(minimal)])).toThrow(/contributed twice/);
  });
});
