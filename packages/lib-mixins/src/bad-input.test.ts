import {
  createStack,
  type InputFiles,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { mixinFromDir } from './index.js';
import { withFiles } from './test-helpers.js';

/** One expected problem: its code, the option path and the offending value (the address is `mixinFromDir`). */
type Expected = [MixstackErrorCode, string | undefined, unknown];

describe('mixinFromDir() records every problem of its options, with the field, the value and a fix', () => {
  test.each<[string, unknown, Expected[]]>([
    [
      'no options',
      undefined,
      [
        ['INVALID_OPTION', 'name', undefined],
        ['INVALID_OPTION', 'dir', undefined],
      ],
    ],
    [
      'a name that is not kebab-case',
      { name: 'My Mixin', dir: 'm' },
      [['INVALID_OPTION', 'name', 'My Mixin']],
    ],
    ['an empty folder name', { name: 'app', dir: '' }, [['INVALID_OPTION', 'dir', '']]],
    ['an unknown option', { name: 'app', dir: 'm', folder: 'x' }, [['INVALID_OPTION', 'folder', 'x']]],
    ['an empty title', { name: 'app', dir: 'm', title: '' }, [['INVALID_OPTION', 'title', '']]],
  ])('%s', (_case, options, expected) => {
    let part: Part | undefined;
    expect(() => {
      part = mixinFromDir(options as never);
    }).not.toThrow();
    const problems = problemsOfPart(part!);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, path, value]) => [code, 'mixinFromDir', path, value]),
    );
    for (const problem of problems) expect(problem.hint).toBeTruthy();
  });
});

const problemsWith = (files: InputFiles) =>
  validateStack(createStack({}, [mixinFromDir({ name: 'app', dir: 'mixins/app' })]), {
    inputs: { 'mixin-app': files },
  });

const alerts = (rules: string) => `groups:\n  - name: app-alerts\n    rules:\n${rules}`;

/** The expected problem: code, address, path, value, and words the message must hold (the rule, the file). */
type FileExpected = [MixstackErrorCode, string, string | undefined, unknown, string];

describe('a folder that is not a sound mixin is a problem naming the file, the field, the value and a fix', () => {
  test.each<[string, Record<string, string | undefined>, FileExpected[]]>([
    [
      'YAML that does not parse',
      { 'prometheus_alerts.yaml': 'groups:\n  - name: [app\n' },
      [['INVALID_INPUT', 'mixin/app/prometheus_alerts.yaml', undefined, undefined, 'not valid YAML']],
    ],
    [
      'a dashboard that is not JSON',
      { 'dashboards_out/app-overview.json': '{ "title": "App", ' },
      [
        [
          'INVALID_INPUT',
          'mixin/app/dashboards_out/app-overview.json',
          undefined,
          undefined,
          'dashboards_out/app-overview.json is not valid JSON',
        ],
      ],
    ],
    [
      'an expression that does not parse',
      { 'prometheus_alerts.yaml': alerts('      - alert: AppDown\n        expr: rate(up[5m]\n') },
      [
        [
          'INVALID_EXPRESSION',
          'mixin/app/prometheus_alerts.yaml',
          'groups.0.rules.0.expr',
          'rate(up[5m]',
          'rule AppDown: PromQL syntax error',
        ],
      ],
    ],
    [
      'the same alert twice with the same labels',
      {
        'prometheus_alerts.yaml': alerts(
          '      - alert: AppDown\n        expr: up == 0\n        labels: { severity: critical }\n      - alert: AppDown\n        expr: up < 1\n        labels: { severity: critical }\n',
        ),
      },
      [
        [
          'DUPLICATE_ADDRESS',
          'mixin/app/prometheus_alerts.yaml',
          'groups.0.rules.1.alert',
          'AppDown',
          'alert AppDown appears twice with the same labels',
        ],
      ],
    ],
    [
      'the same recording rule twice',
      {
        'prometheus_rules.yaml':
          'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n  - name: b\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n',
      },
      [
        [
          'DUPLICATE_ADDRESS',
          'mixin/app/prometheus_rules.yaml',
          'groups.1.rules.0.record',
          'job:up:sum',
          'recording rule job:up:sum appears twice',
        ],
      ],
    ],
    [
      'two groups of one name',
      {
        'prometheus_rules.yaml': 'groups:\n  - name: a\n    rules: []\n  - name: a\n    rules: []\n',
      },
      [
        [
          'DUPLICATE_ADDRESS',
          'mixin/app/prometheus_rules.yaml',
          'groups.1.name',
          'a',
          'rule group "a" appears twice',
        ],
      ],
    ],
    [
      'a dashboard without uid',
      { 'dashboards_out/app-overview.json': '{ "title": "App / Overview", "panels": [] }' },
      [
        [
          'INVALID_INPUT',
          'mixin/app/dashboards_out/app-overview.json',
          'uid',
          undefined,
          'dashboard "App / Overview" has no uid',
        ],
      ],
    ],
    [
      'a recording rule among the alerts',
      { 'prometheus_alerts.yaml': alerts('      - record: job:up:sum\n        expr: sum(up)\n') },
      [
        [
          'INVALID_INPUT',
          'mixin/app/prometheus_alerts.yaml',
          'groups.0.rules.0.record',
          'job:up:sum',
          'job:up:sum is a recording rule in a file of alerting rules',
        ],
      ],
    ],
    [
      'a rule file without groups',
      { 'prometheus_rules.yaml': 'rules: []\n' },
      [['INVALID_INPUT', 'mixin/app/prometheus_rules.yaml', 'groups', undefined, 'a list of `groups`']],
    ],
    [
      'an unknown field of a rule',
      {
        'prometheus_alerts.yaml': alerts(
          '      - alert: AppDown\n        expr: up == 0\n        severity: critical\n',
        ),
      },
      [
        [
          'INVALID_INPUT',
          'mixin/app/prometheus_alerts.yaml',
          'groups.0.rules.0.severity',
          'critical',
          'unknown field "severity" of rule AppDown',
        ],
      ],
    ],
    [
      'a folder with none of the files',
      {
        'prometheus_alerts.yaml': undefined,
        'prometheus_rules.yaml': undefined,
        'dashboards_out/app-overview.json': undefined,
        'notes.yaml': 'a: 1\n',
      },
      [
        [
          'INVALID_INPUT',
          'mixin/app',
          undefined,
          ['notes.yaml'],
          'holds none of the files of the generated layout',
        ],
      ],
    ],
  ])('%s', (_case, changes, expected) => {
    const problems = problemsWith(withFiles(changes));
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(
      expected.map(([code, address, path, value]) => [code, address, path, value]),
    );
    problems.forEach((problem, i) => {
      expect(problem.message).toContain(expected[i]![4]);
      expect(problem.hint).toBeTruthy();
    });
  });

  test('every problem of the folder is reported in one run', () => {
    const problems = problemsWith(
      withFiles({
        'prometheus_alerts.yaml': alerts(
          '      - alert: AppDown\n        expr: up ==\n      - alert: App Slow\n        expr: up\n',
        ),
        'dashboards_out/app-overview.json': '{ "title": "x" }',
      }),
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['INVALID_EXPRESSION', 'groups.0.rules.0.expr'],
      ['INVALID_NAME', 'groups.0.rules.1.alert'],
      ['INVALID_INPUT', 'uid'],
    ]);
  });
});
