import { isMixstackError, type MixstackErrorCode } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type SlackInput, slack } from './index.js';

const ok = { webhookSecret: { name: 'alertmanager-slack', key: 'url' }, channel: '#alerts' };
const HOOK = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX';

function errorOf(options: unknown) {
  try {
    slack(options as SlackInput);
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    return error;
  }
  throw new Error('expected a MixstackError, nothing was thrown');
}

describe('slack() rejects bad input with the field named and a fix', () => {
  test.each<[string, unknown, string | undefined, RegExp, MixstackErrorCode?]>([
    ['no options', undefined, 'webhookSecret', /missing required option/],
    ['no channel', { webhookSecret: ok.webhookSecret }, 'channel', /missing required option/],
    ['an unknown option', { ...ok, chanel: '#x' }, 'chanel', /unknown option/],
    ['a channel without "#"', { ...ok, channel: 'alerts' }, 'channel', /Slack channel/],
    ['a channel in capitals', { ...ok, channel: '#Alerts' }, 'channel', /Slack channel/],
    ['a channel with a space', { ...ok, channel: '#my alerts' }, 'channel', /Slack channel/],
    ['a channel of 81 characters', { ...ok, channel: `#${'a'.repeat(81)}` }, 'channel', /Slack channel/],
    ['a user instead of a channel', { ...ok, channel: '@jane' }, 'channel', /Slack channel/],
    [
      'the Secret as a string',
      { ...ok, webhookSecret: 'alertmanager-slack' },
      'webhookSecret',
      /not a string/,
    ],
    [
      'a Secret name in capitals',
      { ...ok, webhookSecret: { name: 'Slack', key: 'url' } },
      'webhookSecret.name',
      /DNS subdomain/,
    ],
    [
      'a Secret key with a slash',
      { ...ok, webhookSecret: { name: 'slack', key: 'a/b' } },
      'webhookSecret.key',
      /Secret key/,
    ],
    [
      'a Secret without key',
      { ...ok, webhookSecret: { name: 'slack' } },
      'webhookSecret.key',
      /missing required/,
    ],
    [
      'an unknown severity',
      { ...ok, severityChannels: { page: '#x' } },
      'severityChannels.page',
      /unknown option/,
    ],
    [
      'a bad severity channel',
      { ...ok, severityChannels: { critical: 'crit' } },
      'severityChannels.critical',
      /Slack channel/,
    ],
    [
      'true as a severity channel',
      { ...ok, severityChannels: { info: true } },
      'severityChannels.info',
      /expected/,
    ],
    [
      'a route without matchers',
      { ...ok, routes: [{ channel: '#x' }] },
      'routes.0.matchers',
      /missing required/,
    ],
    [
      'a route with empty matchers',
      { ...ok, routes: [{ matchers: {}, channel: '#x' }] },
      'routes.0.matchers',
      /at least one/,
    ],
    [
      'a bad label name',
      { ...ok, routes: [{ matchers: { 'app.kubernetes.io/name': 'x' }, channel: '#x' }] },
      'routes.0.matchers.app.kubernetes.io/name',
      /label name/,
    ],
    [
      'a reserved label name',
      { ...ok, routes: [{ matchers: { __name__: 'x' }, channel: '#x' }] },
      'routes.0.matchers.__name__',
      /label name/,
    ],
    [
      'an empty label value',
      { ...ok, routes: [{ matchers: { team: '' }, channel: '#x' }] },
      'routes.0.matchers.team',
      /label value/,
    ],
    ['routes as an object', { ...ok, routes: { team: '#x' } }, 'routes', /list/],
    ['a bad duration', { ...ok, groupWait: '30 seconds' }, 'groupWait', /duration/],
    ['groupBy with a dot', { ...ok, groupBy: ['app.name'] }, 'groupBy.0', /label name/],
    ['a Grafana URL without scheme', { ...ok, grafanaUrl: 'grafana.example.com' }, 'grafanaUrl', /URL/],
    ['a Grafana URL with a quote', { ...ok, grafanaUrl: 'https://g.example.com/"x' }, 'grafanaUrl', /URL/],
    [
      'an inhibit rule without target',
      { ...ok, inhibitRules: [{ source: { a: 'b' } }] },
      'inhibitRules.0.target',
      /missing required/,
    ],
    [
      'one channel with two webhooks',
      {
        ...ok,
        routes: [
          { matchers: { team: 'a' }, channel: '#alerts', webhookSecret: { name: 'other', key: 'url' } },
        ],
      },
      'routes.0',
      /two different webhooks/,
    ],
  ])('%s', (_, options, path, message, code = 'INVALID_OPTION') => {
    const error = errorOf(options);
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.reason).toMatch(message);
    expect(error.hint.length).toBeGreaterThan(10);
  });

  test('a channel without "#" suggests the right spelling', () => {
    expect(errorOf({ ...ok, channel: 'Alerts' }).hint).toContain('Did you mean "#alerts"?');
  });

  test.each<[string, unknown, string]>([
    ['as the Secret', { ...ok, webhookSecret: HOOK }, 'webhookSecret'],
    ['as the Secret name', { ...ok, webhookSecret: { name: HOOK, key: 'url' } }, 'webhookSecret.name'],
    ['as the channel', { ...ok, channel: HOOK }, 'channel'],
    [
      'as a route webhook',
      { ...ok, routes: [{ matchers: { team: 'a' }, channel: '#a', webhookSecret: HOOK }] },
      'routes.0.webhookSecret',
    ],
    [
      'on Slack for government',
      { ...ok, webhookSecret: 'https://hooks.slack-gov.com/services/X' },
      'webhookSecret',
    ],
    [
      'any URL where the Secret belongs',
      { ...ok, webhookSecret: 'https://example.com/hook' },
      'webhookSecret',
    ],
  ])('a webhook URL %s is rejected, says why and what to pass, and is not repeated', (_, options, path) => {
    const error = errorOf(options);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.path).toBe(path);
    expect(error.reason).toContain('the URL is a credential');
    expect(error.hint).toContain(
      'kubectl -n monitoring create secret generic alertmanager-slack --from-literal=url=',
    );
    expect(error.hint).toContain("{ name: 'alertmanager-slack', key: 'url' }");
    expect(error.message).not.toContain('XXXXXXXX');
    expect(error.message).not.toContain('example.com/hook');
    expect(error.value).toBe('<redacted webhook URL>');
  });
});
