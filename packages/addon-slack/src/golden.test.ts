import { createStack, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { SCENARIOS } from './scenarios.js';
import { expectGolden, goldenFiles, renderedAlertmanager, resetGolden } from './test-helpers.js';

/**
 * Golden files (real YAML, reviewed in diffs): the rendered Alertmanager resource and
 * configuration Secret, and, for readable diffs, the configuration and the templates the Secret
 * holds. Regenerate with `UPDATE_GOLDEN=1 npx vitest run` after a deliberate change.
 */
describe.each(Object.entries(SCENARIOS))('golden files: %s', (name, scenario) => {
  test('match the render', () => {
    const result = render(createStack(scenario.common, scenario.parts()));
    const rendered = renderedAlertmanager(result);
    const files: Record<string, string> = {
      'alertmanager-alertmanager.yaml': result.files.get('alertmanager-alertmanager.yaml')!,
      'alertmanager-secret.yaml': result.files.get('alertmanager-secret.yaml')!,
      'alertmanager.yaml': rendered.config,
      ...rendered.templates,
    };
    resetGolden(name);
    for (const [file, content] of Object.entries(files)) expectGolden(`${name}/${file}`, content);
    expect(goldenFiles(name)).toEqual(Object.keys(files).sort());
  });
});
