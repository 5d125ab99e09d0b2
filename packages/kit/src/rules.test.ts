import { RUNBOOK_BASE_URL } from '@mixstack/core';
import { promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { type AlertCase, type ExpectedAlert, promtoolTests } from './cases.js';
import { alert, alertGroup, lines, noTargetUp, record, recordGroup } from './rules.js';

describe('rule builders', () => {
  const definition = {
    alert: 'LokiRequestErrors',
    severity: 'critical' as const,
    expr: lines('sum(rate(errors[5m]))', '/ sum(rate(requests[5m]))', '> 0.1'),
    for: '15m' as const,
    summary: 'Loki answers many requests with errors.',
    description:
      '{{ $labels.namespace }}/{{ $labels.job }} fails {{ $value | humanizePercentage }} of its requests.',
  };

  test('an alert gets its severity label and its summary, description and runbook annotations', () => {
    expect(alert(definition)).toEqual({
      alert: 'LokiRequestErrors',
      expr: 'sum(rate(errors[5m]))\n/ sum(rate(requests[5m]))\n> 0.1',
      for: '15m',
      labels: { severity: 'critical' },
      annotations: {
        summary: definition.summary,
        description: definition.description,
        runbook_url: `${RUNBOOK_BASE_URL}/LokiRequestErrors.md`,
      },
    });
  });

  test('severity wins over a label of the same name', () => {
    const labels = { severity: 'info', long: '6h' };
    expect(alert({ ...definition, labels }).labels).toEqual({ severity: 'critical', long: '6h' });
  });

  test('records carry labels only when given; groups copy their rules', () => {
    expect(record('job:up:sum', 'sum by (job) (up)')).toEqual({
      record: 'job:up:sum',
      expr: 'sum by (job) (up)',
    });
    expect(record('a:b:c', 'x', { quantile: '0.99' }).labels).toEqual({ quantile: '0.99' });
    const rules = [record('job:up:sum', 'sum by (job) (up)')];
    const group = recordGroup('loki.rules', rules);
    expect(group).toEqual({ name: 'loki.rules', rules });
    expect(group.rules).not.toBe(rules);
    expect(alertGroup('loki_alerts', [alert(definition)]).rules).toHaveLength(1);
  });
});

describe('noTargetUp, run by promtool', () => {
  const rulesOf = (multiCluster: boolean) => ({
    groups: [
      alertGroup('x', [
        alert({
          alert: 'XDown',
          severity: 'critical',
          expr: noTargetUp('up{job="x"}', multiCluster),
          for: '0s',
          summary: 'X is down.',
          description: 'No X target answers.',
        }),
      ]),
    ],
  });
  const fires = (labels: Record<string, string>): ExpectedAlert => ({
    labels: { severity: 'critical', ...labels },
    summary: 'X is down.',
    description: 'No X target answers.',
  });
  // prod lost its X targets (down, or gone with only another job left); dev's X answers.
  const twoClusters = (prodX: 'down' | 'gone') => [
    ...(prodX === 'down' ? [{ series: 'up{cluster="prod", job="x", instance="a"}', values: '0x10' }] : []),
    { series: 'up{cluster="prod", job="other", instance="b"}', values: '1x10' },
    { series: 'up{cluster="dev", job="x", instance="a"}', values: '1x10' },
  ];
  const run = (multiCluster: boolean, cases: AlertCase[]) =>
    runPromtoolSuite(promtoolSuite(rulesOf(multiCluster), promtoolTests({ XDown: cases })));

  // absent() of a comparison takes no label from the selector.
  test('in one cluster: absent() fires when no target answers or none is left', () => {
    const result = run(false, [
      {
        name: 'down',
        input: [{ series: 'up{job="x", instance="a"}', values: '0x10' }],
        at: '5m',
        fires: [fires({})],
      },
      {
        name: 'gone',
        input: [{ series: 'up{job="other"}', values: '1x10' }],
        at: '5m',
        fires: [fires({})],
      },
      { name: 'up', input: [{ series: 'up{job="x", instance="a"}', values: '1x10' }], at: '5m', fires: [] },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  test('over several clusters: once per cluster that lost its targets, with its cluster label', () => {
    const cases: AlertCase[] = [
      {
        name: 'prod down, dev up',
        input: twoClusters('down'),
        at: '5m',
        fires: [fires({ cluster: 'prod' })],
      },
      {
        name: 'prod gone, dev up',
        input: twoClusters('gone'),
        at: '5m',
        fires: [fires({ cluster: 'prod' })],
      },
    ];
    const result = run(true, cases);
    expect(result.code, result.output).toBe(0);
    // absent() says nothing here: dev still has an answering target.
    expect(run(false, cases).code).not.toBe(0);
  });
});
