import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import {
  type AlertmanagerServer,
  amtoolCheckConfig,
  type NodeExporter,
  type PrometheusServer,
  promtoolCheckRules,
  promtoolTestRules,
  startAlertmanager,
  startNodeExporter,
  startPrometheus,
  startWebhookReceiver,
  type WebhookReceiver,
  waitFor,
} from './index.js';

const rules = {
  groups: [
    {
      name: 'harness',
      rules: [
        { record: 'job:up:sum', expr: 'sum by (job) (up)' },
        { alert: 'HarnessNodeDown', expr: 'up{job="node"} == 0', for: '1m', labels: { severity: 'warning' } },
      ],
    },
  ],
};

describe('promtool', () => {
  test('check rules accepts valid rules and rejects a broken expression', () => {
    expect(promtoolCheckRules({ 'ok.yaml': rules }).code).toBe(0);
    const broken = promtoolCheckRules({
      'bad.yaml': { groups: [{ name: 'x', rules: [{ record: 'a', expr: 'sum(' }] }] },
    });
    expect(broken.code).not.toBe(0);
    expect(broken.output).toContain('bad.yaml');
  });

  test('test rules reports a passing and a failing expectation', () => {
    const fires = {
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [{ series: 'up{job="node",instance="a"}', values: '0x5' }],
          alert_rule_test: [
            {
              eval_time: '2m',
              alertname: 'HarnessNodeDown',
              exp_alerts: [{ exp_labels: { severity: 'warning', job: 'node', instance: 'a' } }],
            },
          ],
        },
      ],
    };
    expect(promtoolTestRules({ 'rules.yaml': rules }, fires).code).toBe(0);
    const wrong = structuredClone(fires);
    wrong.tests[0]!.alert_rule_test[0]!.exp_alerts = [];
    const result = promtoolTestRules({ 'rules.yaml': rules }, wrong);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('HarnessNodeDown');
  });
});

describe('Prometheus and node-exporter', () => {
  let nodeExporter: NodeExporter;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    nodeExporter = await startNodeExporter();
    prometheus = await startPrometheus({
      ruleFiles: { 'harness.yaml': rules },
      scrape: { node: [nodeExporter.address] },
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await nodeExporter?.stop();
  });

  test('scrapes node-exporter and evaluates the rules with health ok', async () => {
    const recorded = await waitFor('the recording rule to produce series', async () => {
      const result = await prometheus.query('job:up:sum{job="node"}');
      return result.length > 0 ? result : undefined;
    });
    expect(recorded).toHaveLength(1);
    const groups = await prometheus.ruleGroups();
    expect(groups.map((g) => g.name)).toEqual(['harness']);
    expect(groups[0]!.rules.every((rule) => rule.health === 'ok')).toBe(true);
    expect(await prometheus.query('node_uname_info')).not.toHaveLength(0);
  });

  test('a query error is thrown with Prometheus text', async () => {
    await expect(prometheus.query('sum(')).rejects.toThrow(/bad_data/);
  });
});

describe('Alertmanager and a webhook receiver', () => {
  let receiver: WebhookReceiver;
  let alertmanager: AlertmanagerServer;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const config = stringify({
      route: {
        receiver: 'hook',
        group_by: ['alertname'],
        group_wait: '0s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      // Debian's Alertmanager is 0.25: webhook `url_file` came later, so the secret file is a
      // Slack api_url_file, which 0.25 reads, pointed at the local receiver.
      receivers: [
        {
          name: 'hook',
          slack_configs: [{ api_url_file: 'secrets/url', channel: '#test', send_resolved: true }],
        },
      ],
    });
    const files = { 'secrets/url': `${receiver.url}/hook` };
    expect(amtoolCheckConfig(config, files).code).toBe(0);
    alertmanager = await startAlertmanager(config, files);
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await receiver?.stop();
  });

  test('delivers a posted alert to the receiver whose URL it reads from a secret file', async () => {
    await alertmanager.postAlerts([
      { labels: { alertname: 'HarnessTest', severity: 'warning' }, annotations: { summary: 'hello' } },
    ]);
    const request = await receiver.waitForRequest((r) => r.path === '/hook');
    expect(request.json).toMatchObject({ channel: '#test' });
    expect(JSON.stringify(request.json)).toContain('HarnessTest');
  });

  test('amtool rejects an invalid configuration', () => {
    expect(amtoolCheckConfig('route: {}\nreceivers: []\n').code).not.toBe(0);
  });
});
