import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addReceiver,
  addRoute,
  addSecretMount,
  addTemplate,
  createStack,
  definePart,
  isMixstackError,
  type MixstackError,
  type Part,
  type RenderResult,
  render,
  type Stack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { alertmanager, prometheus } from './index.js';
import { CONFIG_CHECKSUM_ANNOTATION } from './manifests/alertmanager/secret.js';
import { SCENARIOS } from './scenarios.test-helpers.js';

interface SecretObject {
  metadata: { annotations: Record<string, string> };
  stringData: Record<string, string>;
}

const secretOf = (result: RenderResult) =>
  result.objects.find((o) => o.address === 'alertmanager/secret')!.object as unknown as SecretObject;
const configOf = (result: RenderResult) => parse(secretOf(result).stringData['alertmanager.yaml']!);

function errorOf(run: () => unknown): MixstackError {
  try {
    run();
  } catch (error) {
    if (isMixstackError(error)) return error;
    throw error;
  }
  throw new Error('expected a MixstackError');
}

const part = (name: string, apply: (stack: Stack) => Stack): Part => definePart(name, apply);

describe('the Alertmanager configuration', () => {
  test('starts with a null receiver, the Watchdog and InfoInhibitor routes and the kube-prometheus inhibit rules', () => {
    const config = configOf(render(createStack({}, [alertmanager()])));
    expect(config.receivers).toEqual([{ name: 'null' }]);
    expect(config.route).toMatchObject({ receiver: 'null', group_by: ['namespace'], repeat_interval: '12h' });
    expect(config.route.routes).toEqual([
      { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
      { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] },
    ]);
    expect(config.inhibit_rules).toContainEqual({
      source_matchers: ['severity = "critical"'],
      target_matchers: ['severity =~ "warning|info"'],
      equal: ['namespace', 'alertname'],
    });
    expect(config.inhibit_rules).toHaveLength(3);
    expect(config.templates).toBeUndefined();
  });

  test('orders the routes addons add after the defaults, by order then id, whatever the order of the parts', () => {
    const routes = [
      part('b', (s) =>
        addRoute(s, 'b', 'zeta', { order: 50, route: { receiver: 'null', matchers: ['team = "z"'] } }),
      ),
      part('a', (s) =>
        addRoute(s, 'a', 'alpha', { order: 50, route: { receiver: 'null', matchers: ['team = "a"'] } }),
      ),
      part('c', (s) =>
        addRoute(s, 'c', 'early', { order: 5, route: { receiver: 'null', matchers: ['team = "e"'] } }),
      ),
    ];
    const forward = configOf(render(createStack({}, [alertmanager(), ...routes])));
    const backward = configOf(render(createStack({}, [...routes.reverse(), alertmanager()])));
    expect(forward.route.routes.map((r: { matchers: string[] }) => r.matchers[0])).toEqual([
      'alertname = "Watchdog"',
      'alertname = "InfoInhibitor"',
      'team = "e"',
      'team = "a"',
      'team = "z"',
    ]);
    expect(backward).toEqual(forward);
  });

  test('mounts the Secrets receivers read, and the checksum follows the content', () => {
    const slack = part('slack', (s) =>
      addReceiver(addSecretMount(s, 'slack', 'slack', { secretName: 'slack-webhook' }), 'slack', 'slack', {
        slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/slack-webhook/url', channel: '#alerts' }],
      }),
    );
    const plain = render(createStack({}, [alertmanager()]));
    const withSlack = render(createStack({}, [alertmanager({ route: { receiver: 'slack' } }), slack]));
    const resource = withSlack.objects.find((o) => o.address === 'alertmanager/alertmanager')!
      .object as unknown as {
      spec: { secrets: string[]; configSecret: string };
    };
    expect(resource.spec.secrets).toEqual(['slack-webhook']);
    expect(resource.spec.configSecret).toBe('alertmanager-main');
    const checksum = (result: RenderResult) =>
      secretOf(result).metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    expect(checksum(withSlack)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(withSlack)).not.toBe(checksum(plain));
    expect(checksum(render(createStack({}, [alertmanager()])))).toBe(checksum(plain));
  });

  test('puts templates into the Secret and loads them from the config directory', () => {
    const result = render(
      createStack({}, [
        alertmanager(),
        part('t', (s) => addTemplate(s, 't', 'team.tmpl', '{{ define "x" }}x{{ end }}')),
      ]),
    );
    expect(secretOf(result).stringData['team.tmpl']).toBe('{{ define "x" }}x{{ end }}');
    expect(configOf(result).templates).toEqual(['/etc/alertmanager/config/*.tmpl']);
  });

  test.each<[string, Part[], Parameters<typeof alertmanager>[0], string, RegExp]>([
    [
      'a route to a receiver nobody adds',
      [part('r', (s) => addRoute(s, 'r', 'lost', { route: { receiver: 'pagerduty' } }))],
      {},
      'NOT_FOUND',
      /route "lost" sends to the receiver "pagerduty", which no part adds/,
    ],
    [
      'a nested route to an unknown receiver',
      [
        part('r', (s) =>
          addRoute(s, 'r', 'team', { route: { receiver: 'null', routes: [{ receiver: 'team-pager' }] } }),
        ),
      ],
      {},
      'NOT_FOUND',
      /route "team" sends to the receiver "team-pager"/,
    ],
    ['a root receiver nobody adds', [], { route: { receiver: 'slack' } }, 'NOT_FOUND', /the root route/],
    [
      'a Watchdog receiver nobody adds',
      [],
      { watchdogReceiver: 'deadmanssnitch' },
      'NOT_FOUND',
      /route "watchdog"/,
    ],
    [
      'an inline Slack webhook URL',
      [
        part('s', (s) =>
          addReceiver(s, 's', 'slack', {
            slack_configs: [{ api_url: 'https://hooks.slack.com/services/T0/B0/XYZ' }],
          }),
        ),
      ],
      {},
      'INVALID_OPTION',
      /receiver "slack" writes the credential api_url into the configuration/,
    ],
    [
      'an inline basic-auth password',
      [
        part('w', (s) =>
          addReceiver(s, 'w', 'hook', {
            webhook_configs: [
              { url: 'http://hook.local/', http_config: { basic_auth: { username: 'a', password: 'b' } } },
            ],
          }),
        ),
      ],
      {},
      'INVALID_OPTION',
      /writes the credential password/,
    ],
    [
      'a secret file of a Secret that is not mounted',
      [
        part('s', (s) =>
          addReceiver(s, 's', 'slack', {
            slack_configs: [{ api_url_file: '/etc/alertmanager/secrets/slack/url' }],
          }),
        ),
      ],
      {},
      'NOT_FOUND',
      /reads \/etc\/alertmanager\/secrets\/slack\/url, but no Secret "slack" is mounted/,
    ],
    [
      'a receiver that names itself',
      [part('s', (s) => addReceiver(s, 's', 'hook', { name: 'other' }))],
      {},
      'SCHEMA',
      /receiver "hook" sets its own name/,
    ],
    [
      'a template that is not a .tmpl file',
      [part('t', (s) => addTemplate(s, 't', 'slack.txt', '{{ define "x" }}{{ end }}'))],
      {},
      'INVALID_NAME',
      /must end in \.tmpl/,
    ],
  ])('refuses %s', (_name, parts, options, code, message) => {
    const error = errorOf(() => render(createStack({}, [alertmanager(options), ...parts])));
    expect(error.code).toBe(code);
    expect(error.reason).toMatch(message);
    expect(error.address).toBe('alertmanager/secret');
    expect(JSON.stringify(error.toJSON())).not.toContain('hooks.slack.com');
  });
});

describe('amtool check-config', () => {
  test.each(Object.keys(SCENARIOS))('accepts the configuration of scenario %s', (scenario) => {
    const result = render(SCENARIOS[scenario]!());
    const secret = secretOf(result);
    const directory = mkdtempSync(join(tmpdir(), 'mixstack-amtool-'));
    try {
      for (const [key, content] of Object.entries(secret.stringData))
        writeFileSync(join(directory, key), content);
      const check = spawnSync('amtool', ['check-config', join(directory, 'alertmanager.yaml')], {
        encoding: 'utf8',
      });
      expect(
        check.error,
        'amtool must be installed (Debian package prometheus-alertmanager)',
      ).toBeUndefined();
      expect(`${check.stdout}${check.stderr}`).toContain('SUCCESS');
      expect(check.status).toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('rejects a configuration amtool must reject (the check can fail)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mixstack-amtool-'));
    try {
      const broken = secretOf(render(createStack({}, [prometheus()]))).stringData[
        'alertmanager.yaml'
      ]!.replace('receiver: "null"\n  repeat_interval', 'receiver: "nobody"\n  repeat_interval');
      expect(broken).toContain('nobody');
      writeFileSync(join(directory, 'alertmanager.yaml'), broken);
      const check = spawnSync('amtool', ['check-config', join(directory, 'alertmanager.yaml')], {
        encoding: 'utf8',
      });
      expect(check.status).not.toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
