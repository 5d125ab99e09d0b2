import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AlertingRule, type Mixin, RUNBOOK_BASE_URL } from '@mixstack/core';
import { afterAll, describe, expect, test } from 'vitest';
import {
  describeRunbooks,
  ownedRunbooks,
  RUNBOOK_SECTIONS,
  type RunbookRule,
  rulesByAlert,
  runbookHeader,
  runbookProblems,
} from './runbooks.js';

const PACKAGE = '@mixstack/component-example';

const rule = (
  alert: string,
  severity: string,
  wait: string,
  extra: Partial<AlertingRule> = {},
): AlertingRule => ({
  alert,
  expr: 'up == 0',
  for: wait,
  labels: { severity },
  annotations: {
    summary: 'It is down.',
    description: 'No target has answered a scrape.',
    runbook_url: `${RUNBOOK_BASE_URL}/${alert}.md`,
  },
  ...extra,
});

const down: RunbookRule = {
  mixin: 'example',
  group: 'example.alerts',
  rule: rule('ExampleDown', 'critical', '5m'),
};

const content = 'Enough words for an on-call engineer to act on, well over forty characters.';

/** A runbook as the packages write them, with its parts replaceable. */
function runbook(
  alert: string,
  header: string,
  sections: readonly string[] = RUNBOOK_SECTIONS,
  body = content,
) {
  return [`# ${alert}`, '', header, '', ...sections.flatMap((s) => [`## ${s}`, '', body, '']), ''].join('\n');
}

const good = runbook(
  'ExampleDown',
  `Alert of the \`example\` mixin (\`${PACKAGE}\`, group \`example.alerts\`), severity **critical** after 5m.`,
);

describe('runbookProblems', () => {
  test('a complete runbook of a complete rule has none', () => {
    expect(runbookProblems([down], good, PACKAGE)).toEqual([]);
  });

  test('the header states the severity and the wait: at once without a `for`, every severity of several rules', () => {
    const instant = { ...down, rule: rule('ExampleDown', 'warning', '0s') };
    expect(runbookHeader([instant], PACKAGE)).toBe(
      `Alert of the \`example\` mixin (\`${PACKAGE}\`, group \`example.alerts\`), severity **warning** at once.`,
    );
    const paging = { ...down, rule: rule('ExampleDown', 'critical', '15m') };
    const warning = { ...down, rule: rule('ExampleDown', 'warning', '5m') };
    expect(runbookHeader([warning, paging, warning], PACKAGE)).toMatch(
      /severity \*\*warning\*\* after 5m, \*\*critical\*\* after 15m\.$/,
    );
  });

  test.each([
    [
      'a missing section',
      runbook('ExampleDown', good.split('\n')[2]!, ['Meaning', 'Impact', 'Mitigation']),
      ['the sections are Meaning, Impact, Mitigation, not Meaning, Impact, Diagnosis, Mitigation'],
    ],
    [
      'a wrong header (a severity the rule no longer has)',
      good.replace('**critical**', '**warning**'),
      [
        expect.stringMatching(
          /^the header is ".*\*\*warning\*\* after 5m\.", not ".*\*\*critical\*\* after 5m\."$/,
        ),
      ],
    ],
    [
      'a header without the group',
      good.replace(', group `example.alerts`', ''),
      [expect.stringMatching(/^the header is /)],
    ],
    [
      'a wrong title',
      good.replace('# ExampleDown', '# Example down'),
      ['the title is "# Example down", not "# ExampleDown"'],
    ],
    [
      'a template left in',
      good.replace('Enough words', 'The pod {{ $labels.pod }} and enough words'),
      ['a template ({{) is left in'],
    ],
    [
      'an empty section',
      good.replace(/## Impact\n\n.*\n/, '## Impact\n\nTBD\n'),
      ['the section Impact has 3 characters, fewer than 41'],
    ],
    ['a missing file', undefined, ['docs/runbooks/ExampleDown.md is missing']],
  ])('reports %s', (_, text, problems) => {
    expect(runbookProblems([down], text, PACKAGE)).toEqual(problems);
  });

  test('reports every problem of the rule and of the runbook at once', () => {
    const bare = {
      ...down,
      rule: { alert: 'ExampleDown', expr: 'up == 0', for: '5m', labels: { severity: 'page' } },
    };
    const broken = good.replace('## Diagnosis', '## Diagnose').replace('Enough words', '{{ $value }}');
    expect(runbookProblems([bare], broken, PACKAGE)).toEqual([
      'severity is "page", not info, warning or critical',
      'no summary',
      'no description',
      `runbook_url is undefined, not ${RUNBOOK_BASE_URL}/ExampleDown.md`,
      expect.stringMatching(/^the header is /),
      'the sections are Meaning, Impact, Diagnose, Mitigation, not Meaning, Impact, Diagnosis, Mitigation',
      'a template ({{) is left in',
    ]);
  });
});

describe('rulesByAlert', () => {
  test('the alerts of every mixin, over metrics and over logs, with the rules of one name together', () => {
    const mixin: Mixin = {
      title: 'Example',
      prometheusAlerts: {
        groups: [
          { name: 'a', rules: [rule('ExampleDown', 'warning', '5m'), rule('ExampleSlow', 'warning', '10m')] },
          { name: 'b', rules: [rule('ExampleDown', 'critical', '15m')] },
        ],
      },
      logAlerts: { groups: [{ name: 'logs', rules: [rule('ExamplePanics', 'warning', '0s')] }] },
    };
    const byAlert = rulesByAlert({ example: mixin });
    expect([...byAlert.keys()]).toEqual(['ExampleDown', 'ExampleSlow', 'ExamplePanics']);
    expect(byAlert.get('ExampleDown')!.map(({ group, rule }) => [group, rule.labels!.severity])).toEqual([
      ['a', 'warning'],
      ['b', 'critical'],
    ]);
  });
});

// A folder of runbooks, written before the tests below are declared.
const dir = mkdtempSync(join(tmpdir(), 'runbooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ExampleDown.md'), good);
writeFileSync(
  join(dir, 'OtherDown.md'),
  good.replaceAll('ExampleDown', 'OtherDown').replace(PACKAGE, '@mixstack/other'),
);
writeFileSync(join(dir, 'README.txt'), `(\`${PACKAGE}\``);

describe('ownedRunbooks', () => {
  test('the runbooks whose header names the package, a stray one included', () => {
    expect(ownedRunbooks(dir, PACKAGE)).toEqual(['ExampleDown']);
    writeFileSync(join(dir, 'ExampleGone.md'), good.replaceAll('ExampleDown', 'ExampleGone'));
    try {
      expect(ownedRunbooks(dir, PACKAGE)).toEqual(['ExampleDown', 'ExampleGone']);
    } finally {
      rmSync(join(dir, 'ExampleGone.md'));
    }
  });
});

describe('describeRunbooks, on a package whose runbooks are right', () => {
  describeRunbooks({
    mixins: {
      example: {
        title: 'Example',
        prometheusAlerts: { groups: [{ name: 'example.alerts', rules: [down.rule] }] },
      },
    },
    packageName: PACKAGE,
    runbooksDir: dir,
  });
});
