import { createStack, render } from '@mixstack/core';
import { describe, test } from 'vitest';
import { SCENARIOS } from './scenarios.test-helpers.js';
import { expectGoldenFolder, renderedAlertmanager } from './test-helpers.js';

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
    expectGoldenFolder(name, files);
  });
});
