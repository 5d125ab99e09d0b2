import { RUNBOOK_BASE_URL } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { alert, alertGroup, lines, record, recordGroup } from './rules.js';

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
