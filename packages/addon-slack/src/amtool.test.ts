import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createStack, render } from '@mixstack/core';
import { amtoolCheckConfig } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { SCENARIOS } from './scenarios.test-helpers.js';
import { localConfig, renderedAlertmanager } from './test-helpers.js';

const WEBHOOK = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

const rendered = new Map<string, ReturnType<typeof localConfig>>();

/** The rendered configuration with its mounted files in a temporary folder (see localConfig), once per scenario. */
function local(name: string): ReturnType<typeof localConfig> {
  if (!rendered.has(name)) rendered.set(name, renderLocal(name));
  return rendered.get(name)!;
}

function renderLocal(name: string): ReturnType<typeof localConfig> {
  const scenario = SCENARIOS[name]!;
  const alertmanager = renderedAlertmanager(render(createStack(scenario.common, scenario.parts())));
  const secrets = alertmanager.config.match(/\/etc\/alertmanager\/secrets\/[^\s'"]+/g) ?? [];
  return localConfig(
    alertmanager,
    Object.fromEntries(secrets.map((path) => [path.replace('/etc/alertmanager/secrets/', ''), WEBHOOK])),
  );
}

/** Which receiver `amtool config routes test` picks for an alert's labels. */
function routeOf(name: string, labels: Record<string, string>): string {
  const { config, files } = local(name);
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-amtool-routes-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    writeFileSync(join(dir, 'alertmanager.yaml'), config);
    const result = spawnSync(
      'amtool',
      [
        'config',
        'routes',
        'test',
        '--config.file=alertmanager.yaml',
        ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    if (result.error) throw result.error;
    return result.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('amtool (Alertmanager 0.25) accepts what prometheus() + slack() render', () => {
  test.each(Object.keys(SCENARIOS))('check-config: %s, templates included', (name) => {
    const { config, files } = local(name);
    const result = amtoolCheckConfig(config, files);
    expect(result.output).toContain('SUCCESS');
    expect(result.output).toMatch(/ - 1 templates/);
    expect(result.code, result.output).toBe(0);
  });

  test('check-config fails on a broken template (the templates are really parsed)', () => {
    const { config, files } = local('minimal');
    const broken = {
      ...files,
      'config/mixstack-slack.tmpl': '{{ define "mixstack.slack.title" }}{{ .Status {{ end }}',
    };
    expect(amtoolCheckConfig(config, broken).code).not.toBe(0);
  });

  test.each<[Record<string, string>, string]>([
    [{ alertname: 'Watchdog', severity: 'none' }, 'null'],
    [{ alertname: 'InfoInhibitor', severity: 'none' }, 'null'],
    [{ alertname: 'Watchdog', severity: 'critical', team: 'payments' }, 'null'],
    [{ alertname: 'X', severity: 'critical' }, 'slack-alerts-critical'],
    [{ alertname: 'X', severity: 'warning' }, 'slack-alerts'],
    [{ alertname: 'X', severity: 'info' }, 'slack:muted'],
    [{ alertname: 'X' }, 'slack-alerts'],
    [{ alertname: 'X', severity: 'critical', team: 'payments' }, 'slack-payments-alerts'],
    [
      { alertname: 'X', severity: 'critical', namespace: 'search' },
      'slack-search-oncall,slack-alerts-critical',
    ],
    [{ alertname: 'X', severity: 'warning', namespace: 'search' }, 'slack-alerts'],
  ])('routes test: %j → %s', (labels, receiver) => {
    expect(routeOf('all-options', labels)).toBe(receiver);
  });
});
