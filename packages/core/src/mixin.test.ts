import { describe, expect, test } from 'vitest';
import {
  alertsOf,
  isAlertingRule,
  type Mixin,
  plainDashboard,
  RUNBOOK_BASE_URL,
  recordingRulesOf,
  runbookUrl,
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
