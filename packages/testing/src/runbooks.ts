import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AlertingRule, alertsOf, type Mixin, RUNBOOK_BASE_URL } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { repositoryRoot } from './workspace.js';

/**
 * The runbooks of mixstack's alerts, checked the same way in every package: each alert links to
 * `docs/runbooks/<Alert>.md`, whose header states the rule's facts (so that a changed severity or
 * `for` must change the runbook too) and whose four sections say what an on-call engineer needs.
 */

/** One alerting rule as its runbook states it: the mixin it comes from and its group. */
export interface RunbookRule {
  /** The mixin's name (`tempo`, `kubernetes`). */
  mixin: string;
  group: string;
  rule: AlertingRule;
}

/** The sections of every runbook, in this order, none empty. */
export const RUNBOOK_SECTIONS = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation'] as const;

/** A section shorter than this (trimmed) says nothing an on-call engineer can use. */
const SHORTEST_SECTION = 41;

const wait = (rule: AlertingRule) => (!rule.for || rule.for === '0s' ? 'at once' : `after ${rule.for}`);

/**
 * The header line of an alert's runbook (its third line): the mixin, package and group of its
 * first rule, then every distinct severity with its wait, in the order of the rules (an alert of
 * several rules warns first, then pages).
 */
export function runbookHeader(rules: readonly RunbookRule[], packageName: string): string {
  const [first] = rules;
  if (!first) throw new Error('runbookHeader needs at least one rule');
  const severities = [...new Set(rules.map(({ rule }) => `**${rule.labels?.severity}** ${wait(rule)}`))];
  return `Alert of the \`${first.mixin}\` mixin (\`${packageName}\`, group \`${first.group}\`), severity ${severities.join(', ')}.`;
}

/**
 * What is wrong with one alert and its runbook, empty when nothing is: every rule of the alert
 * (one, or several with their severities) has a severity, a summary, a description (not blank)
 * and the runbook URL; the runbook's `text` (undefined: the file is missing) starts with `# <Alert>` and
 * the header line of `runbookHeader`, has exactly the sections Meaning, Impact, Diagnosis and
 * Mitigation, each with content, and no `{{` (runbooks describe labels in prose; a template left
 * in would be read literally).
 */
export function runbookProblems(
  rules: readonly RunbookRule[],
  text: string | undefined,
  packageName: string,
): string[] {
  const alert = rules[0]?.rule.alert;
  if (alert === undefined) return ['no rule to check the runbook against'];
  const problems: string[] = [];
  for (const { rule } of rules) {
    const severity = rule.labels?.severity;
    if (!/^(info|warning|critical)$/.test(severity ?? ''))
      problems.push(`severity is ${JSON.stringify(severity)}, not info, warning or critical`);
    for (const annotation of ['summary', 'description'])
      if (!/\S/.test(rule.annotations?.[annotation] ?? '')) problems.push(`no ${annotation}`);
    const url = `${RUNBOOK_BASE_URL}/${alert}.md`;
    if (rule.annotations?.runbook_url !== url)
      problems.push(`runbook_url is ${JSON.stringify(rule.annotations?.runbook_url)}, not ${url}`);
  }
  if (text === undefined) return [...problems, `docs/runbooks/${alert}.md is missing`];
  const [title, , header] = text.split('\n');
  if (title !== `# ${alert}`) problems.push(`the title is ${JSON.stringify(title)}, not "# ${alert}"`);
  const expected = runbookHeader(rules, packageName);
  if (header !== expected)
    problems.push(`the header is ${JSON.stringify(header)}, not ${JSON.stringify(expected)}`);
  const sections = [...text.matchAll(/^## (.+)$/gm)].map((match) => match[1]!);
  if (sections.join('\n') !== RUNBOOK_SECTIONS.join('\n'))
    problems.push(`the sections are ${sections.join(', ') || 'none'}, not ${RUNBOOK_SECTIONS.join(', ')}`);
  text
    .split(/^## .+$/m)
    .slice(1)
    .forEach((content, i) => {
      if (content.trim().length < SHORTEST_SECTION)
        problems.push(
          `the section ${sections[i]} has ${content.trim().length} characters, fewer than ${SHORTEST_SECTION}`,
        );
    });
  if (text.includes('{{')) problems.push('a template ({{) is left in');
  return problems;
}

/**
 * The runbooks in `dir` that name `packageName` in their header, by alert name, sorted: each
 * must belong to one of the package's alerts (a renamed or removed alert leaves none behind).
 */
export function ownedRunbooks(dir: string, packageName: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .filter((file) => readFileSync(join(dir, file), 'utf8').includes(`(\`${packageName}\``))
    .map((file) => file.slice(0, -3))
    .sort();
}

/** The rules of a package's mixins by alert name, over metrics and over logs, in their order. */
export function rulesByAlert(mixins: Readonly<Record<string, Mixin>>): Map<string, RunbookRule[]> {
  const byAlert = new Map<string, RunbookRule[]>();
  for (const [mixin, content] of Object.entries(mixins)) {
    const logAlerts = (content.logAlerts?.groups ?? []).flatMap((group) =>
      group.rules.map((rule) => ({ group: group.name, rule })),
    );
    for (const { group, rule } of [...alertsOf(content), ...logAlerts])
      byAlert.set(rule.alert, [...(byAlert.get(rule.alert) ?? []), { mixin, group, rule }]);
  }
  return byAlert;
}

export interface RunbooksSpec {
  /** The package's mixins by name, as it exports them (`{ [MIXIN_NAME]: tempoMixin() }`). */
  mixins: Readonly<Record<string, Mixin>>;
  /** The package that owns the runbooks, as their header names it (`@mixstack/component-tempo`). */
  packageName: string;
  /** @default `docs/runbooks` of the repository the tests run in (`repositoryRoot()`) */
  runbooksDir?: string;
}

/**
 * Declares the vitest tests `runbooks` of a package: one per alert (`runbookProblems` finds
 * nothing), and one that every runbook naming the package belongs to one of its alerts.
 */
export function describeRunbooks({ mixins, packageName, runbooksDir }: RunbooksSpec): void {
  const dir = runbooksDir ?? join(repositoryRoot(), 'docs/runbooks');
  const byAlert = rulesByAlert(mixins);
  describe('runbooks', () => {
    test.each([...byAlert.keys()])(
      '%s has a severity, a summary, a description and its runbook: meaning, impact, diagnosis, mitigation',
      (alert) => {
        const path = join(dir, `${alert}.md`);
        const text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
        expect(runbookProblems(byAlert.get(alert)!, text, packageName), path).toEqual([]);
      },
    );

    test('every runbook of this package belongs to one of its alerts', () => {
      expect(ownedRunbooks(dir, packageName)).toEqual([...byAlert.keys()].sort());
    });
  });
}
