import { RUNBOOK_BASE_URL } from '@mixstack/core';
import { promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import {
  type AlertCases,
  alertTest,
  expectation,
  promtoolTests,
  type RecordCases,
  recordTest,
  seriesWith,
} from './cases.js';
import { alert, alertGroup, record, recordGroup } from './rules.js';

describe('seriesWith', () => {
  const loki = seriesWith('job="loki"');
  test.each([
    ['up', 'up{job="loki"}'],
    ['up{}', 'up{job="loki"}'],
    ['up{pod="a"}', 'up{job="loki", pod="a"}'],
  ])('%s → %s', (series, expected) => {
    expect(loki(series, '1x10')).toEqual({ series: expected, values: '1x10' });
  });
});

describe('promtool test groups', () => {
  const firing = expectation('Loki is down.', { job: 'loki' });

  test('an alert case expects its labels, texts and the runbook of the alert', () => {
    const group = alertTest('LokiDown', {
      name: 'no target up for 5 minutes',
      input: [{ series: 'up{job="loki"}', values: '0x10' }],
      at: '10m',
      fires: [firing('critical', {}, 'Loki has been down for 5 minutes.')],
    });
    expect(group).toEqual({
      name: 'LokiDown: no target up for 5 minutes',
      interval: '1m',
      input_series: [{ series: 'up{job="loki"}', values: '0x10' }],
      alert_rule_test: [
        {
          eval_time: '10m',
          alertname: 'LokiDown',
          exp_alerts: [
            {
              exp_labels: { severity: 'critical', job: 'loki' },
              exp_annotations: {
                summary: 'Loki is down.',
                description: 'Loki has been down for 5 minutes.',
                runbook_url: `${RUNBOOK_BASE_URL}/LokiDown.md`,
              },
            },
          ],
        },
      ],
    });
  });

  test('a record case expects the exact samples', () => {
    const group = recordTest('loki.rules', {
      name: 'targets up',
      interval: '5m',
      input: [{ series: 'up{job="loki"}', values: '1x3' }],
      at: '10m',
      expr: 'job:up:sum',
      samples: [{ labels: 'job:up:sum{job="loki"}', value: 1 }],
    });
    expect(group.interval).toBe('5m');
    expect(group.promql_expr_test).toEqual([
      { expr: 'job:up:sum', eval_time: '10m', exp_samples: [{ labels: 'job:up:sum{job="loki"}', value: 1 }] },
    ]);
  });
});

describe('a mixin with its cases, run by promtool', () => {
  const rules = {
    groups: [
      recordGroup('loki.rules', [record('job:up:sum', 'sum by (job) (up)')]),
      alertGroup('loki_alerts', [
        alert({
          alert: 'LokiDown',
          severity: 'critical',
          expr: 'job:up:sum{job="loki"} == 0',
          for: '5m',
          summary: 'Loki is down.',
          description: 'No Loki target is up.',
        }),
      ]),
    ],
  };
  const up = seriesWith('job="loki"');
  const alerts: AlertCases = {
    LokiDown: [
      {
        name: 'down for 10 minutes',
        input: [up('up{instance="a"}', '0x15')],
        at: '10m',
        fires: [
          {
            labels: { severity: 'critical', job: 'loki' },
            summary: 'Loki is down.',
            description: 'No Loki target is up.',
          },
        ],
      },
      { name: 'up', input: [up('up{instance="a"}', '1x15')], at: '10m', fires: [] },
    ],
  };
  const records: RecordCases = {
    'loki.rules': [
      {
        name: 'two targets up',
        input: [up('up{instance="a"}', '1x5'), up('up{instance="b"}', '1x5')],
        at: '2m',
        expr: 'job:up:sum',
        samples: [{ labels: 'job:up:sum{job="loki"}', value: 2 }],
      },
    ],
  };

  test('the cases pass', () => {
    const suite = promtoolSuite(rules, promtoolTests(alerts, records));
    expect(suite.cases).toBe(3);
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
  });

  test('and can fail: a wrong expectation is reported', () => {
    const wrong: AlertCases = { LokiDown: [{ ...alerts.LokiDown![1]!, fires: alerts.LokiDown![0]!.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: LokiDown');
  });
});
