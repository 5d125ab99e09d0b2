import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { promtoolSuite, type RuleFileSpec, recordingGroupsRead } from './promtool-suite.js';

const spec: RuleFileSpec = {
  groups: [
    { name: 'base.rules', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
    { name: 'derived.rules', rules: [{ record: 'job:up:sum:ratio', expr: 'job:up:sum / 2' }] },
    { name: 'other.rules', rules: [{ record: 'job:down:sum', expr: 'sum by (job) (1 - up)' }] },
    {
      name: 'alerts',
      rules: [
        { alert: 'Down', expr: 'job:up:sum:ratio == 0' },
        { alert: 'Other', expr: 'job:down:sum > 0' },
      ],
    },
  ],
};

describe('recordingGroupsRead', () => {
  test('the groups an expression reads, and those they read, in the order of the file', () => {
    expect(recordingGroupsRead(spec, ['job:up:sum:ratio == 0']).map((g) => g.name)).toEqual([
      'base.rules',
      'derived.rules',
    ]);
  });

  test('a longer name that starts with a record name is not a read of it', () => {
    expect(recordingGroupsRead(spec, ['job:up:summary > 0'])).toEqual([]);
  });
});

describe('promtoolSuite', () => {
  const group = (name: string, interval: string) => ({ name, interval, input_series: [] });

  test('one rule file per alert with only what it reads; one test file per interval', () => {
    const suite = promtoolSuite(spec, {
      alerts: { Down: [group('a', '1m'), group('b', '5m'), group('c', '1m')] },
    });
    expect(suite.testFiles).toEqual(['Down.1m.test.yaml', 'Down.5m.test.yaml']);
    expect(suite.cases).toBe(3);
    const rules = parse(suite.files.get('rules/Down.yaml')!);
    expect(rules.groups.map((g: { name: string }) => g.name)).toEqual([
      'base.rules',
      'derived.rules',
      'alerts',
    ]);
    expect(rules.groups[2].rules).toEqual([{ alert: 'Down', expr: 'job:up:sum:ratio == 0' }]);
    const tests = parse(suite.files.get('Down.1m.test.yaml')!);
    expect(tests).toMatchObject({ rule_files: ['rules/Down.yaml'], evaluation_interval: '1m' });
    expect(tests.tests.map((t: { name: string }) => t.name)).toEqual(['a', 'c']);
  });

  test('a recording group is tested with the groups it reads', () => {
    const suite = promtoolSuite(spec, { records: { 'derived.rules': [group('r', '1m')] } });
    const rules = parse(suite.files.get('rules/derived.rules.yaml')!);
    expect(rules.groups.map((g: { name: string }) => g.name)).toEqual(['base.rules', 'derived.rules']);
  });
});
