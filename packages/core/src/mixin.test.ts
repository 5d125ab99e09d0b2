import { describe, expect, test } from 'vitest';
import {
  alertsOf,
  goneRecordings,
  isAlertingRule,
  type Mixin,
  plainDashboard,
  RUNBOOK_BASE_URL,
  recordingRulesOf,
  runbookUrl,
  withMixinContent,
} from './mixin.js';

const mixin: Mixin = {
  title: 'x',
  prometheusAlerts: {
    groups: [
      { name: 'a', rules: [{ alert: 'A1', expr: 'up' }] },
      {
        name: 'b',
        rules: [
          { alert: 'B1', expr: 'up' },
          { alert: 'B2', expr: 'up' },
        ],
      },
    ],
  },
  prometheusRules: { groups: [{ name: 'r', rules: [{ record: 'r:up', expr: 'up' }] }] },
};

describe('mixin helpers', () => {
  test('alertsOf lists every alert with its group, in order', () => {
    expect(alertsOf(mixin).map(({ group, rule }) => `${group}/${rule.alert}`)).toEqual([
      'a/A1',
      'b/B1',
      'b/B2',
    ]);
  });

  test('recordingRulesOf lists every recording rule with its group', () => {
    expect(recordingRulesOf(mixin)).toEqual([{ group: 'r', rule: { record: 'r:up', expr: 'up' } }]);
  });

  test('a mixin without rules has none', () => {
    expect(alertsOf({ title: 'empty' })).toEqual([]);
    expect(recordingRulesOf({ title: 'empty' })).toEqual([]);
  });

  test('isAlertingRule tells alerts from recording rules', () => {
    expect(isAlertingRule({ alert: 'A', expr: 'up' })).toBe(true);
    expect(isAlertingRule({ record: 'r', expr: 'up' })).toBe(false);
  });
});

describe('runbookUrl and plainDashboard', () => {
  test('runbooks live in docs/runbooks of the repository', () => {
    expect(runbookUrl('KubePodCrashLooping')).toBe(`${RUNBOOK_BASE_URL}/KubePodCrashLooping.md`);
    expect(RUNBOOK_BASE_URL).toMatch(/^https:\/\/github\.com\/.+\/docs\/runbooks$/);
  });

  test('keeps what JSON keeps of a builder result: functions and undefined are gone', () => {
    class Panel {
      type = 'timeseries';
      hidden = undefined;
      marker() {
        return true;
      }
    }
    const built = { title: 'Nodes', panels: [new Panel()], onLoad: () => 1 };
    expect(plainDashboard(built)).toEqual({ title: 'Nodes', panels: [{ type: 'timeseries' }] });
    expect(plainDashboard({ panels: [] }, 'Given title').title).toBe('Given title');
    expect(() => plainDashboard({ panels: [] })).toThrow(/needs a title/);
  });
});

describe('goneRecordings and withMixinContent', () => {
  const rule = (record: string, expr: string) => ({ record, expr });
  test('a series goes once every rule recording it goes, and what reads it goes too, to a fixpoint', () => {
    const rules = [
      rule('a:sum', 'sum(up{job="a"})'),
      rule('b:sum', 'sum(up{job="b"})'),
      rule('b:sum', 'sum(up{job="c"})'),
      rule('a:avg', 'avg(a:sum)'),
      rule('a:max', 'max(a:avg)'),
    ];
    const gone = goneRecordings(
      rules,
      (expr, series) =>
        expr.includes('job="a"') || expr.includes('job="b"') || [...series].some((s) => expr.includes(s)),
    );
    expect([...gone.series].sort()).toEqual(['a:avg', 'a:max', 'a:sum']);
    // b:sum is still recorded by the job="c" rule.
    expect(gone.rules.has(rules[1]!)).toBe(true);
    expect(gone.series.has('b:sum')).toBe(false);
  });

  test('withMixinContent replaces the content the mixin has and adds none it had not', () => {
    const mixin = { title: 'M', prometheusAlerts: { groups: [] }, grafanaDashboards: {} };
    const next = withMixinContent(mixin, {
      alertGroups: [{ name: 'g', rules: [] }],
      recordingGroups: [{ name: 'r', rules: [] }],
      dashboards: { 'a.json': { title: 'A' } },
    });
    expect(next).toEqual({
      title: 'M',
      prometheusAlerts: { groups: [{ name: 'g', rules: [] }] },
      grafanaDashboards: { 'a.json': { title: 'A' } },
    });
  });
});
