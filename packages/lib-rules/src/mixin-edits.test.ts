import { alertsOf, type Mixin } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import type { LibRulesValues } from './intent.js';
import { applyMixinEdits } from './mixin-edits.js';
import { otherAppMixin, testAppMixin } from './test-helpers.js';

const mixins = (): Record<string, Mixin> => ({ 'test-app': testAppMixin(), 'other-app': otherAppMixin() });
const alertNames = (result: Record<string, Mixin>) =>
  Object.fromEntries(Object.entries(result).map(([name, m]) => [name, alertsOf(m).map((a) => a.rule.alert)]));

/** The mixins after the edits; every name in them must have matched. */
function edited(edits: LibRulesValues): Record<string, Mixin> {
  const result = applyMixinEdits(mixins(), edits);
  expect(result.problems).toEqual([]);
  return result.mixins;
}

/** The one problem the edits have. */
function problemOf(edits: LibRulesValues) {
  const { problems } = applyMixinEdits(mixins(), edits);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('applyMixinEdits', () => {
  test('no edits: the mixins unchanged', () => {
    expect(applyMixinEdits(mixins(), {})).toEqual({ mixins: mixins(), problems: [] });
  });

  test('dropAlerts removes every rule of that name in every mixin; a group left empty goes', () => {
    const result = edited({ dropAlerts: { TestAppDown: true, TestAppDiskFull: true } });
    expect(alertNames(result)).toEqual({ 'test-app': ['TestAppSlow', 'TestAppSlow'], 'other-app': [] });
    expect(result['test-app']!.prometheusAlerts!.groups.map((g) => g.name)).toEqual(['test-app-alerts']);
    expect(result['other-app']!.prometheusAlerts!.groups).toEqual([]);
    // Recording rules and dashboards are untouched.
    expect(result['test-app']!.prometheusRules).toEqual(testAppMixin().prometheusRules);
  });

  test('<mixin>/<alert> drops it in that mixin only', () => {
    const result = edited({ dropAlerts: { 'other-app/TestAppDown': true } });
    expect(alertNames(result)['test-app']).toContain('TestAppDown');
    expect(alertNames(result)['other-app']).toEqual([]);
  });

  test('patchAlert changes every rule of that name: severity, for, labels, annotations, expr', () => {
    const result = edited({
      patchAlerts: {
        TestAppSlow: {
          severity: 'info',
          for: '30m',
          labels: { team: 'web' },
          annotations: { runbook_url: 'https://runbooks.example.com/slow' },
          expr: 'vector(1)',
        },
      },
    });
    const slow = alertsOf(result['test-app']!).filter((a) => a.rule.alert === 'TestAppSlow');
    expect(slow).toHaveLength(2);
    for (const { rule } of slow) {
      expect(rule).toMatchObject({
        expr: 'vector(1)',
        for: '30m',
        labels: { severity: 'info', team: 'web' },
        annotations: { runbook_url: 'https://runbooks.example.com/slow' },
      });
      expect(rule.annotations!.summary).toMatch(/slow/);
    }
  });

  test('names are checked before any edit: a dropped group may hold a patched or dropped alert', () => {
    const result = edited({
      patchAlerts: { TestAppDiskFull: { severity: 'critical' } },
      dropAlerts: { TestAppDiskFull: true },
      dropRuleGroups: { 'test-app-capacity': true },
    });
    expect(alertNames(result)['test-app']).not.toContain('TestAppDiskFull');
  });

  test('dropRuleGroups takes alerting and recording groups', () => {
    const result = edited({
      dropRuleGroups: { 'test-app.rules': true, 'other-app-alerts': true },
    });
    expect(result['test-app']!.prometheusRules!.groups).toEqual([]);
    expect(result['other-app']!.prometheusAlerts!.groups).toEqual([]);
    expect(alertNames(result)['test-app']).toHaveLength(4);
  });

  test.each([
    ['a file name, in every mixin', 'overview.json', { 'test-app': ['capacity.json'], 'other-app': [] }],
    ['a title', 'Test App / Capacity', { 'test-app': ['overview.json'], 'other-app': ['overview.json'] }],
    [
      '<mixin>/<file>',
      'other-app/overview.json',
      { 'test-app': ['capacity.json', 'overview.json'], 'other-app': [] },
    ],
  ])('dropDashboards by %s', (_, name, expected) => {
    const result = edited({ dropDashboards: { [name]: true } });
    expect(
      Object.fromEntries(
        Object.entries(result).map(([m, mixin]) => [m, Object.keys(mixin.grafanaDashboards!).sort()]),
      ),
    ).toEqual(expected);
  });

  test.each<[string, LibRulesValues, RegExp, string]>([
    ['a typo in an alert', { dropAlerts: { TestAppDwn: true } }, /no alert "TestAppDwn"/, '"TestAppDown"'],
    [
      'a patched alert that is not there',
      { patchAlerts: { testappslow: { severity: 'info' } } },
      /no alert "testappslow"/,
      '"TestAppSlow"',
    ],
    [
      'a group typo',
      { dropRuleGroups: { 'test-app-alert': true } },
      /no rule group "test-app-alert"/,
      '"test-app-alerts"',
    ],
    [
      'a dashboard typo',
      { dropDashboards: { 'overveiw.json': true } },
      /no dashboard "overveiw.json"/,
      '"overview.json"',
    ],
    [
      'an alert in the wrong mixin',
      { dropAlerts: { 'other-app/TestAppSlow': true } },
      /no alert "other-app\/TestAppSlow"/,
      '"TestAppSlow"',
    ],
  ])('%s is a NOT_FOUND problem listing the closest names', (_, edits, message, closest) => {
    const error = problemOf(edits);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.reason).toMatch(message);
    expect(error.hint).toContain(closest);
  });

  test('a name like nothing says so', () => {
    expect(problemOf({ dropAlerts: { CompletelyUnrelatedName: true } }).hint).toContain(
      'no alert with a similar name',
    );
  });

  test('every name that matches nothing is a problem, each with its closest names; the other edits apply', () => {
    const { mixins: result, problems } = applyMixinEdits(mixins(), {
      dropAlerts: { TestAppDwn: true, TestAppDiskFull: true },
      patchAlerts: { TestAppSlw: { severity: 'info' } },
      dropRuleGroups: { 'test-app-alert': true },
      dropDashboards: { 'overveiw.json': true },
    });
    expect(problems.map((p) => [p.code, p.address, p.value])).toEqual([
      ['NOT_FOUND', 'lib-rules/patchAlert', 'TestAppSlw'],
      ['NOT_FOUND', 'lib-rules/dropAlerts', 'TestAppDwn'],
      ['NOT_FOUND', 'lib-rules/dropRuleGroups', 'test-app-alert'],
      ['NOT_FOUND', 'lib-rules/dropDashboards', 'overveiw.json'],
    ]);
    expect(problems.map((p) => p.hint.match(/"[^"]+"/)?.[0])).toEqual([
      '"TestAppSlow"',
      '"TestAppDown"',
      '"test-app-alerts"',
      '"overview.json"',
    ]);
    expect(alertNames(result)['test-app']).not.toContain('TestAppDiskFull');
  });

  test('the input is not changed', () => {
    const input = mixins();
    applyMixinEdits(input, {
      dropAlerts: { TestAppDown: true },
      patchAlerts: { TestAppSlow: { severity: 'info' } },
    });
    expect(input).toEqual(mixins());
  });
});
