import { type AlertingRule, createStack } from '@mixstack/core';
import { promtoolTests } from '@mixstack/kit';
import {
  promtoolCheckRules,
  promtoolSuite,
  type RuleFileSpec,
  type RuleFiles,
  runPromtoolSuite,
} from '@mixstack/testing';
import { afterAll, describe, expect, test } from 'vitest';
import type { MixinName } from '../dashboards/index.js';
import { prometheus } from '../prometheus.js';
import { MIXIN_CASES } from './cases.index.js';
import { failedFiles, ruleFilesOf } from './rule-files.test-helpers.js';

/**
 * The real tools on the generated rules: `promtool check rules` on every PrometheusRule the
 * stacks render, and `promtool test rules` on the cases of every mixin. Durations are printed
 * at the end (for the report), never asserted.
 */

type RuleSpec = RuleFileSpec;

const STACKS = {
  default: () => createStack({}, [prometheus()]),
  'managed control plane, other names': () =>
    createStack({ namespace: 'obs', cluster: 'eu-1', managedControlPlane: true }, [
      prometheus({ name: 'main', alertmanager: { name: 'ops' } }),
    ]),
};

const durations: string[] = [];
function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  try {
    return run();
  } finally {
    durations.push(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  }
}

afterAll(() => {
  console.info(`promtool durations\n  ${durations.join('\n  ')}`);
});

describe.each(Object.keys(STACKS))('promtool check rules (%s stack)', (name) => {
  test('accepts every rendered rule file', () => {
    const files = ruleFilesOf(STACKS[name as keyof typeof STACKS]());
    const ruleFiles: RuleFiles = Object.fromEntries(
      Object.entries(files).map(([mixin, spec]) => [`${mixin}.yaml`, spec]),
    );
    const rules = Object.values(files).reduce(
      (sum, spec) => sum + spec.groups.reduce((n, g) => n + g.rules.length, 0),
      0,
    );
    const { code, output } = timed(`check rules, ${name} stack (${rules} rules)`, () =>
      promtoolCheckRules(ruleFiles),
    );
    expect(output).not.toContain('FAILED');
    expect(code, output).toBe(0);
    for (const mixin of Object.keys(files)) {
      const count = files[mixin]!.groups.reduce((n, g) => n + g.rules.length, 0);
      expect(output).toContain(`${mixin}.yaml\n  SUCCESS: ${count} rules found`);
    }
  });
});

const defaultFiles = ruleFilesOf(STACKS.default());

describe.each(Object.keys(MIXIN_CASES) as MixinName[])('promtool test rules: mixin %s', (mixin) => {
  const { alerts, records } = MIXIN_CASES[mixin]!;
  const spec = defaultFiles[mixin]!;

  test('every case passes (fires with its labels and annotations, or stays silent)', () => {
    const suite = promtoolSuite(spec, promtoolTests(alerts, records));
    const { code, output, stdout, stderr } = timed(`test rules, ${mixin} (${suite.cases} cases)`, () =>
      runPromtoolSuite(suite),
    );
    // promtool names the files on stdout and explains the failures on stderr.
    expect(failedFiles(stdout), stderr).toEqual([]);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('a wrong expectation fails (the cases can fail)', () => {
    const [alertname, cases] = Object.entries(alerts).find(([, c]) => c.some((x) => x.fires.length > 0))!;
    const firing = cases.find((c) => c.fires.length > 0)!;
    const wrong = { [alertname]: [{ ...firing, fires: [] }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(spec, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain(`alertname: ${alertname}`);
  });

  test('every alert has a case where it fires and one where it stays silent, for each of its severities', () => {
    const generated = alertRules(spec);
    expect(Object.keys(alerts).sort()).toEqual([...new Set(generated.map((a) => a.alert))].sort());
    for (const name of Object.keys(alerts)) {
      const cases = alerts[name]!;
      const severities = new Set(cases.flatMap((c) => c.fires.map((f) => f.labels.severity)));
      for (const rule of generated.filter((a) => a.alert === name)) {
        expect(severities, `${name} fires with severity ${rule.labels!.severity} in a case`).toContain(
          rule.labels!.severity,
        );
      }
      if (ALWAYS_FIRING.has(name)) continue;
      expect(
        cases.some((c) => c.fires.length === 0),
        `${name} has a case where it stays silent`,
      ).toBe(true);
    }
  });

  test('every recording group has a case, and every recorded name is checked by one', () => {
    const groups = spec.groups.filter((g) => g.rules.some((r) => 'record' in r));
    expect(Object.keys(records).sort()).toEqual(groups.map((g) => g.name).sort());
    const checked = Object.values(records)
      .flat()
      .flatMap((c) => c.samples.map((s) => s.labels.slice(0, s.labels.indexOf('{'))));
    for (const group of groups) {
      for (const rule of group.rules) {
        if ('record' in rule) expect(checked, `a case checks ${rule.record}`).toContain(rule.record);
      }
    }
  });
});

test('every mixin the default stack renders has its cases', () => {
  expect(Object.keys(MIXIN_CASES).sort()).toEqual(Object.keys(defaultFiles).sort());
});

/** Alerts that fire by design whatever the input: there is no silent case to write. */
const ALWAYS_FIRING = new Set(['Watchdog']);

function alertRules(spec: RuleSpec): AlertingRule[] {
  return spec.groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
}
