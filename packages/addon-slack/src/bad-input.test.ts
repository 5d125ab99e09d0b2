import { createStack, type MixstackErrorCode, problemsOfPart, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { type SlackInput, slack } from './index.js';

const ok = { webhookSecret: { name: 'alertmanager-slack', key: 'url' }, channel: '#alerts' };
const HOOK = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX';

/** The problems slack() records for these options; the call itself never throws. */
function problemsOf(options: unknown) {
  let part: ReturnType<typeof slack> | undefined;
  expect(() => {
    part = slack(options as SlackInput);
  }).not.toThrow();
  return problemsOfPart(part!);
}

/** One expected problem: its code, the option path and the offending value (the address is always "slack"). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('slack() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[], RegExp, RegExp?]>([
    [
      'no options: both required fields',
      undefined,
      [
        ['INVALID_OPTION', 'webhookSecret', undefined],
        ['INVALID_OPTION', 'channel', undefined],
      ],
      /missing required option/,
    ],
    [
      'no channel',
      { webhookSecret: ok.webhookSecret },
      [['INVALID_OPTION', 'channel', undefined]],
      /missing required option/,
    ],
    [
      'an unknown option',
      { ...ok, chanel: '#x' },
      [['INVALID_OPTION', 'chanel', '#x']],
      /unknown option/,
      /Did you mean "channel"/,
    ],
    [
      'a channel without "#"',
      { ...ok, channel: 'Alerts' },
      [['INVALID_OPTION', 'channel', 'Alerts']],
      /Slack channel/,
      /Did you mean "#alerts"\?/,
    ],
    [
      'a channel in capitals',
      { ...ok, channel: '#Alerts' },
      [['INVALID_OPTION', 'channel', '#Alerts']],
      /Slack channel/,
    ],
    [
      'a channel with a space',
      { ...ok, channel: '#my alerts' },
      [['INVALID_OPTION', 'channel', '#my alerts']],
      /Slack channel/,
    ],
    [
      'a channel of 81 characters',
      { ...ok, channel: `#${'a'.repeat(81)}` },
      [['INVALID_OPTION', 'channel', `#${'a'.repeat(81)}`]],
      /Slack channel/,
    ],
    [
      'a user instead of a channel',
      { ...ok, channel: '@jane' },
      [['INVALID_OPTION', 'channel', '@jane']],
      /Slack channel/,
    ],
    [
      'the Secret as a string',
      { ...ok, webhookSecret: 'alertmanager-slack' },
      [['INVALID_OPTION', 'webhookSecret', 'alertmanager-slack']],
      /not a string/,
      /\{ name: "alertmanager-slack", key: "url" \}/,
    ],
    [
      'a Secret name in capitals',
      { ...ok, webhookSecret: { name: 'Slack', key: 'url' } },
      [['INVALID_OPTION', 'webhookSecret.name', 'Slack']],
      /DNS subdomain/,
    ],
    [
      'a Secret key with a slash',
      { ...ok, webhookSecret: { name: 'slack', key: 'a/b' } },
      [['INVALID_OPTION', 'webhookSecret.key', 'a/b']],
      /Secret key/,
    ],
    [
      'a Secret without key',
      { ...ok, webhookSecret: { name: 'slack' } },
      [['INVALID_OPTION', 'webhookSecret.key', undefined]],
      /missing required/,
    ],
    [
      'an unknown severity',
      { ...ok, severityChannels: { page: '#x' } },
      [['INVALID_OPTION', 'severityChannels.page', '#x']],
      /unknown option/,
    ],
    [
      'a bad severity channel',
      { ...ok, severityChannels: { critical: 'crit' } },
      [['INVALID_OPTION', 'severityChannels.critical', 'crit']],
      /Slack channel/,
    ],
    [
      'true as a severity channel',
      { ...ok, severityChannels: { info: true } },
      [['INVALID_OPTION', 'severityChannels.info', true]],
      /expected/,
    ],
    [
      'a route without matchers',
      { ...ok, routes: [{ channel: '#x' }] },
      [['INVALID_OPTION', 'routes.0.matchers', undefined]],
      /missing required/,
    ],
    [
      'a route with empty matchers',
      { ...ok, routes: [{ matchers: {}, channel: '#x' }] },
      [['INVALID_OPTION', 'routes.0.matchers', {}]],
      /at least one/,
    ],
    [
      'a bad label name',
      { ...ok, routes: [{ matchers: { 'app.kubernetes.io/name': 'x' }, channel: '#x' }] },
      [['INVALID_OPTION', 'routes.0.matchers.app.kubernetes.io/name', 'app.kubernetes.io/name']],
      /label name/,
    ],
    [
      'a reserved label name',
      { ...ok, routes: [{ matchers: { __name__: 'x' }, channel: '#x' }] },
      [['INVALID_OPTION', 'routes.0.matchers.__name__', '__name__']],
      /label name/,
    ],
    [
      'an empty label value',
      { ...ok, routes: [{ matchers: { team: '' }, channel: '#x' }] },
      [['INVALID_OPTION', 'routes.0.matchers.team', '']],
      /label value/,
    ],
    [
      'routes as an object',
      { ...ok, routes: { team: '#x' } },
      [['INVALID_OPTION', 'routes', { team: '#x' }]],
      /list/,
    ],
    [
      'a bad duration',
      { ...ok, groupWait: '30 seconds' },
      [['INVALID_OPTION', 'groupWait', '30 seconds']],
      /duration/,
    ],
    [
      'groupBy with a dot',
      { ...ok, groupBy: ['app.name'] },
      [['INVALID_OPTION', 'groupBy.0', 'app.name']],
      /label name/,
    ],
    [
      'a Grafana URL without scheme',
      { ...ok, grafanaUrl: 'grafana.example.com' },
      [['INVALID_OPTION', 'grafanaUrl', 'grafana.example.com']],
      /URL/,
    ],
    [
      'a Grafana URL with a quote',
      { ...ok, grafanaUrl: 'https://g.example.com/"x' },
      [['INVALID_OPTION', 'grafanaUrl', 'https://g.example.com/"x']],
      /URL/,
    ],
    [
      'an inhibit rule without target',
      { ...ok, inhibitRules: [{ source: { a: 'b' } }] },
      [['INVALID_OPTION', 'inhibitRules.0.target', undefined]],
      /missing required/,
    ],
    [
      'three mistakes in three fields: all three',
      { webhookSecret: { name: 'Slack', key: 'url' }, channel: 'alerts', groupWait: 'soon' },
      [
        ['INVALID_OPTION', 'webhookSecret.name', 'Slack'],
        ['INVALID_OPTION', 'channel', 'alerts'],
        ['INVALID_OPTION', 'groupWait', 'soon'],
      ],
      /DNS subdomain/,
    ],
    [
      'one channel with two webhooks',
      {
        ...ok,
        routes: [
          { matchers: { team: 'a' }, channel: '#alerts', webhookSecret: { name: 'other', key: 'url' } },
        ],
      },
      [['INVALID_OPTION', 'routes.0', { name: 'other', key: 'url' }]],
      /two different webhooks/,
      /one webhook/,
    ],
    [
      'two routes contradicting the default webhook: both',
      {
        ...ok,
        routes: [
          { matchers: { team: 'a' }, channel: '#alerts', webhookSecret: { name: 'other', key: 'url' } },
          { matchers: { team: 'b' }, channel: '#alerts', webhookSecret: { name: 'third', key: 'url' } },
        ],
      },
      [
        ['INVALID_OPTION', 'routes.0', { name: 'other', key: 'url' }],
        ['INVALID_OPTION', 'routes.1', { name: 'third', key: 'url' }],
      ],
      /two different webhooks/,
    ],
  ])('%s', (_, options, expected, message, hint) => {
    const problems = problemsOf(options);
    expect(problems.map((p) => [p.code, p.path, p.value])).toEqual(expected);
    for (const problem of problems) {
      expect(problem.address).toBe('slack');
      expect(problem.hint.length).toBeGreaterThan(10);
    }
    expect(problems[0]!.reason).toMatch(message);
    if (hint) expect(problems[0]!.hint).toMatch(hint);
  });

  test.each<[string, unknown, string[]]>([
    ['as the Secret', { ...ok, webhookSecret: HOOK }, ['webhookSecret']],
    ['as the Secret name', { ...ok, webhookSecret: { name: HOOK, key: 'url' } }, ['webhookSecret.name']],
    ['as the channel', { ...ok, channel: HOOK }, ['channel']],
    [
      'as a route webhook',
      { ...ok, routes: [{ matchers: { team: 'a' }, channel: '#a', webhookSecret: HOOK }] },
      ['routes.0.webhookSecret'],
    ],
    [
      'on Slack for government',
      { ...ok, webhookSecret: 'https://hooks.slack-gov.com/services/X' },
      ['webhookSecret'],
    ],
    [
      'any URL where the Secret belongs',
      { ...ok, webhookSecret: 'https://example.com/hook' },
      ['webhookSecret'],
    ],
    [
      'twice, with another mistake: both URLs, and nothing that could repeat them',
      { ...ok, webhookSecret: HOOK, channel: HOOK, groupWait: 'soon' },
      ['webhookSecret', 'channel'],
    ],
  ])(
    'a webhook URL %s is a problem that says why and what to pass, and does not repeat it',
    (_, options, paths) => {
      const problems = problemsOf(options);
      expect(problems.map((p) => p.path)).toEqual(paths);
      for (const problem of problems) {
        expect(problem.code).toBe('INVALID_OPTION');
        expect(problem.reason).toContain('the URL is a credential');
        expect(problem.hint).toContain(
          'kubectl -n monitoring create secret generic alertmanager-slack --from-literal=url=',
        );
        expect(problem.hint).toContain("{ name: 'alertmanager-slack', key: 'url' }");
        expect(problem.message).not.toContain('XXXXXXXX');
        expect(problem.message).not.toContain('example.com/hook');
        expect(problem.value).toBe('<redacted webhook URL>');
      }
    },
  );

  test("the problems are the stack's: validateStack lists them with those of the other parts", () => {
    const problems = validateStack(
      createStack({}, [
        slack({ ...ok, channel: 'alerts' }),
        slack({ ...ok, groupWait: 'soon' } as SlackInput),
      ]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['slack', 'channel'],
      ['slack', 'groupWait'],
    ]);
  });
});
