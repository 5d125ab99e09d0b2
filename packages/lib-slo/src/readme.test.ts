import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, isMixstackError, isStack, render, type Stack } from '@mixstack/core';
import { camelCase } from '@mixstack/kit';
import {
  codeBlocks,
  importCode,
  readReadme,
  repositoryRoot,
  runbookProblems,
  typecheckCode,
} from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { BURN_RATE_ALERTS, budgetConsumed, mixinName, SLO_ALERT, slo, sloRules } from './index.js';
import { EXAMPLES, HTTP_API } from './test-helpers.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = readReadme(dir);
const [example] = codeBlocks(README, 'ts');

/** The README's first TypeScript block, loaded as a module (package names resolve to the workspace sources). */
async function readmeStack(): Promise<Stack> {
  const module = await importCode(example!, dir);
  if (!isStack(module.default)) throw new Error('the README example does not export a stack');
  return module.default;
}

/** The rows of the markdown table that starts with `header`. */
function tableRows(header: string): string[][] {
  const table = README.slice(README.indexOf(header)).split('\n\n')[0]!;
  return table
    .split('\n')
    .slice(2)
    .map((row) =>
      row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('the README', () => {
  test('its example typechecks', () => {
    expect(typecheckCode({ example: example! }, dir)).toEqual([]);
  });

  test('its SLOs are the ones the tests run through promtool and Prometheus, rendered as PrometheusRules', async () => {
    const result = render(await readmeStack());
    for (const spec of EXAMPLES) {
      const mixin = result.sections.mixins[mixinName(spec.name)];
      const { records, alerts } = sloRules(spec);
      expect(mixin?.prometheusRules?.groups, spec.name).toEqual(records);
      expect(mixin?.prometheusAlerts?.groups, spec.name).toEqual(alerts);
      // One PrometheusRule per mixin, its file named by the mixin in camelCase.
      expect(
        result.files.get(`prometheusRules-${camelCase(mixinName(spec.name))}.yaml`),
        spec.name,
      ).toContain(SLO_ALERT);
    }
    expect(Object.keys(result.sections.mixins).filter((name) => name.startsWith('slo-'))).toHaveLength(
      EXAMPLES.length,
    );
  });

  test('its burn-rate table is the one of the rules, with the budget each alert has seen go', () => {
    const rows = tableRows('| severity | long | short | factor | for |');
    expect(rows).toEqual(
      BURN_RATE_ALERTS.map((burn) => [
        `${burn.severity} (\`${burn.severityLabel}\`)`,
        burn.long,
        burn.short,
        String(burn.factor),
        burn.for,
        `${Number((budgetConsumed(burn, 30) * 100).toPrecision(6))}%`,
      ]),
    );
  });

  test('the error it shows is the one an objective of 90% gets', () => {
    try {
      render(createStack({}, [slo({ ...HTTP_API, objective: 90 })]));
      expect.unreachable();
    } catch (error) {
      if (!isMixstackError(error)) throw error;
      const shown = /```text\n([\s\S]*?)```/.exec(README)![1]!.replace(/\n(?=Fix)/, ' ');
      expect(error.message.replace(/\s+/g, ' ').trim()).toBe(shown.replace(/\s+/g, ' ').trim());
    }
  });
});

describe('the runbook every SLO alert links', () => {
  test('states the rules’ severities and waits, and says what an on-call engineer needs', () => {
    // One runbook for every SLO: its header names the mixin and group by their pattern.
    const text = readFileSync(join(repositoryRoot(), 'docs/runbooks', `${SLO_ALERT}.md`), 'utf8');
    const rules = sloRules(HTTP_API).alerts.flatMap((group) =>
      group.rules.map((rule) => ({ mixin: 'slo-<name>', group: 'slo-<name>', rule })),
    );
    expect(runbookProblems(rules, text, '@mixstack/lib-slo')).toEqual([]);
  });

  test('its table is the burn-rate table', () => {
    const text = readFileSync(join(repositoryRoot(), 'docs/runbooks', `${SLO_ALERT}.md`), 'utf8');
    const rows = [
      ...text.matchAll(/^\| (critical|warning) \((page|ticket)\) \| (\w+) \| (\w+) \| ([\d.]+) \|/gm),
    ];
    expect(rows.map((m) => [m[2], m[1], m[3], m[4], Number(m[5])])).toEqual(
      BURN_RATE_ALERTS.map((burn) => [burn.severity, burn.severityLabel, burn.long, burn.short, burn.factor]),
    );
  });
});
