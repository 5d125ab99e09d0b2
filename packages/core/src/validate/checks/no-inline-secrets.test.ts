import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../../kube.js';
import { noInlineSecrets } from './no-inline-secrets.js';
import { compliantObjects, edit, exceptionTests, locations, NAMESPACE, runCheck } from './test-helpers.js';

const ENV = 'spec.template.spec.containers.0.env';

// Credential-shaped strings are assembled at run time so that this file itself holds none.
const slackWebhook = ['https://hooks.slack.com', 'services', 'T00000000', 'B00000000', 'X'.repeat(24)].join(
  '/',
);
const fakes: [string, string][] = [
  ['a Slack webhook URL', `url: ${slackWebhook}`],
  ['a Slack token', `token: ${['xoxb', '0000000000', 'abcdefghij'].join('-')}`],
  ['a private key', ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIE...'].join(' ')],
  ['a Google service-account key', `{"type": "service_account", "${'private_key'}_id": "0123"}`],
  ['an AWS access key', `key: ${'AKIA'}${'ABCDEFGHIJKLMNOP'}`],
  [
    'a PagerDuty or Opsgenie integration key in a URL',
    'https://events.pagerduty.com/x/enqueue?routing_key=abc',
  ],
  ['credentials in a URL', 'https://admin:hunter2@grafana.example.com/'],
];

function configWith(text: string) {
  return edit(compliantObjects(), 'app/configMap', 'data.config', text);
}

describe('no-inline-secrets', () => {
  test('passes the compliant fixture (its token comes from a secretKeyRef)', () => {
    expect(runCheck(noInlineSecrets, compliantObjects())).toEqual([]);
  });

  test.each(fakes)('detects %s in a ConfigMap, without repeating it', (name, text) => {
    const violations = runCheck(noInlineSecrets, configWith(text));
    expect(locations(violations)).toEqual([{ address: 'app/configMap', path: 'data.config' }]);
    expect(violations[0]?.message).toContain(name);
    expect(violations[0]?.value).toBe('<redacted>');
    expect(JSON.stringify(violations)).not.toContain(text);
  });

  test.each([
    'url: https://hooks.slack.com/',
    'url: http://prometheus.monitoring.svc:9090',
    'api_url_file: /etc/alertmanager/secrets/slack/url',
    'xoxb-short',
    'https://user@example.com/ (no password)',
  ])('accepts the harmless text %j', (text) => {
    expect(runCheck(noInlineSecrets, configWith(text))).toEqual([]);
  });

  test('decodes the base64 data of a Secret', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'slack', namespace: NAMESPACE },
      data: { url: Buffer.from(slackWebhook).toString('base64') },
    } as KubeObject;
    expect(locations(runCheck(noInlineSecrets, { ...compliantObjects(), 'app/secret': secret }))).toEqual([
      { address: 'app/secret', path: 'data.url' },
    ]);
  });

  test('a harmless clue does not hide a credential in the same object, and every credential is reported', () => {
    let objects = edit(compliantObjects(), 'app/configMap', 'data.contact', 'mail ops@example.com');
    objects = edit(objects, 'app/configMap', 'data.config', `url: ${slackWebhook}`);
    objects = edit(objects, 'app/configMap', 'data.z', 'https://admin:hunter2@grafana.example.com/');
    expect(locations(runCheck(noInlineSecrets, objects))).toEqual([
      { address: 'app/configMap', path: 'data.config' },
      { address: 'app/configMap', path: 'data.z' },
    ]);
  });

  test('finds credentials at any depth, in lists too', () => {
    const objects = edit(
      compliantObjects(),
      'app/deployment',
      'spec.template.spec.containers.0.args.1',
      `--webhook=${slackWebhook}`,
    );
    expect(locations(runCheck(noInlineSecrets, objects))).toEqual([
      { address: 'app/deployment', path: 'spec.template.spec.containers.0.args.1' },
    ]);
  });

  test.each(['API_TOKEN', 'DB_PASSWORD', 'SLACK_WEBHOOK', 'aws_secret_access_key'])(
    'detects a literal value in the secret-named environment variable %s',
    (name) => {
      const objects = edit(compliantObjects(), 'app/deployment', `${ENV}.0`, { name, value: 'plain' });
      const violations = runCheck(noInlineSecrets, objects);
      expect(locations(violations)).toEqual([{ address: 'app/deployment', path: `${ENV}.0.value` }]);
      expect(violations[0]?.value).toBe('<redacted>');
    },
  );

  test.each([
    ['a file reference', { name: 'GF_SECURITY_ADMIN_PASSWORD__FILE', value: '/etc/secrets/admin-password' }],
    ['a path', { name: 'TOKEN_PATH', value: '/var/run/secrets/token' }],
    ['an empty value', { name: 'API_TOKEN', value: '' }],
    ['an ordinary variable', { name: 'GOMAXPROCS', value: '2' }],
  ])('accepts %s in the environment', (_name, entry) => {
    expect(runCheck(noInlineSecrets, edit(compliantObjects(), 'app/deployment', `${ENV}.0`, entry))).toEqual(
      [],
    );
  });

  exceptionTests(noInlineSecrets, () => configWith(fakes[0]![1]), 'app/configMap');
});
