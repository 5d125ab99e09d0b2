import { promtoolCheckRules } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { goTemplateProblem } from './go-template.js';

/** Templates of alert annotations, each with what Go's parser (and so promtool) says of it. */
const TEMPLATES: [string, boolean][] = [
  ['Pod {{ $labels.namespace }}/{{ $labels.pod }} is down', true],
  ['{{ $value | humanizePercentage }} of {{ $labels.job }}', true],
  ['{{ printf "%.2f" $value }}', true],
  ['{{ if gt $value 0.5 }}high{{ else if gt $value 0.1 }}some{{ else }}low{{ end }}', true],
  ['{{- range $i, $e := (query "up") }}{{ $e.Labels.job }}{{ end -}}', true],
  ['{{ "}}" }} and {{ `}}` }}', true],
  ['{{/* a comment {{ */}}done', true],
  ['{{ with $labels.x }}{{ . }}{{ end }}', true],
  ['literal }} braces', true],
  ['{{ $labels.foo ', false],
  ['{{ $labels.foo }', false],
  ['{{ "open }}', false],
  ['{{ }}', false],
  ['{{ if $labels.x }}unclosed', false],
  ['{{ end }}', false],
  ['{{ else }}', false],
  ['{{ printf "%s" (humanize $value }}', false],
  ['{{ humanize $value) }}', false],
  // Go's parser accepts an empty command after a pipe (the expansion fails at run time, not promtool).
  ['{{ $value | }}', true],
  ['{{ if }}x{{ end }}', false],
  ['{{/* never closed', false],
];

describe('goTemplateProblem', () => {
  test.each(TEMPLATES)('%j: valid %s', (template, valid) => {
    expect(goTemplateProblem(template) === undefined).toBe(valid);
  });

  test('agrees with promtool check rules on every template of the table', () => {
    for (const [template, valid] of TEMPLATES) {
      const result = promtoolCheckRules({
        'rules.yaml': {
          groups: [
            { name: 'g', rules: [{ alert: 'A', expr: 'up == 0', annotations: { summary: template } }] },
          ],
        },
      });
      expect({ template, accepted: result.code === 0 }).toEqual({ template, accepted: valid });
    }
  });

  test('names where the problem is', () => {
    expect(goTemplateProblem('ok {{ $labels.foo ')).toBe(
      'action opened at character 4 is not closed with "}}"',
    );
    expect(goTemplateProblem('{{ if .x }}a')).toBe('{{if}} opened at character 1 has no {{end}}');
  });
});
