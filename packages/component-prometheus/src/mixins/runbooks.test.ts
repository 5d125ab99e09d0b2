import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertsOf, createStack, type Mixin, render, runbookUrl } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';
import { repoRoot } from '../test-helpers.js';

/**
 * Every alert of this package links to `docs/runbooks/<AlertName>.md` of the repository, and
 * every runbook this package owns (its header names the package) belongs to an alert it
 * defines. Runbooks of other packages (GrafanaRequestsFailing of component-grafana) are theirs
 * to check; the mixstack package checks the whole folder against its default stack.
 */

const RUNBOOKS = join(repoRoot, 'docs/runbooks');
const PACKAGE = '@mixstack/component-prometheus';

/** Every alert of every variant of the stack (a managed control plane has fewer; none has more). */
function alertRules() {
  const mixins = render(createStack({}, [prometheus()])).sections.mixins as Record<string, Mixin>;
  return Object.entries(mixins).flatMap(([mixin, m]) =>
    alertsOf(m).map(({ group, rule }) => ({ mixin, group, rule })),
  );
}

const rules = alertRules();
const names = [...new Set(rules.map(({ rule }) => rule.alert))].sort();

/** The runbook's first paragraph: where the alert comes from, its severities and how long each waits. */
function header(alert: string): string {
  const own = rules.filter(({ rule }) => rule.alert === alert);
  const severities = [
    ...new Set(
      own.map(
        ({ rule }) => `**${rule.labels!.severity}** ${rule.for === '0s' ? 'at once' : `after ${rule.for}`}`,
      ),
    ),
  ];
  return `Alert of the \`${own[0]!.mixin}\` mixin (\`${PACKAGE}\`, group \`${own[0]!.group}\`), severity ${severities.join(', ')}.`;
}

describe('runbooks', () => {
  test.each(names)('%s has its runbook: meaning, impact, diagnosis, mitigation', (alert) => {
    const path = join(RUNBOOKS, `${alert}.md`);
    expect(existsSync(path), path).toBe(true);
    expect(runbookUrl(alert).endsWith(`/docs/runbooks/${alert}.md`)).toBe(true);
    const text = readFileSync(path, 'utf8');
    const [title, , first] = text.split('\n');
    expect(title).toBe(`# ${alert}`);
    // The header states the rule's facts: a changed severity or `for` must change the runbook too.
    expect(first).toBe(header(alert));
    const sections = [...text.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(['Meaning', 'Impact', 'Diagnosis', 'Mitigation']);
    for (const section of text.split(/^## .+$/m).slice(1)) expect(section.trim().length).toBeGreaterThan(40);
    // Runbooks describe labels in prose; a template left in would be read literally.
    expect(text).not.toContain('{{');
  });

  test('every runbook of this package belongs to one of its alerts', () => {
    const owned = readdirSync(RUNBOOKS)
      .filter((file) => file.endsWith('.md'))
      .filter((file) => readFileSync(join(RUNBOOKS, file), 'utf8').includes(`(\`${PACKAGE}\``))
      .map((file) => file.slice(0, -3))
      .sort();
    expect(owned).toEqual(names);
  });
});
