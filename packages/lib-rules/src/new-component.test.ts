import { createStack, render, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { setResources } from './index.js';
import { archiver, renderedResources } from './test-helpers.js';

/**
 * lib-rules knows no component: `setResources` adjusts whatever container a component publishes
 * (DESIGN.md §8). Shown on a component written for this test with core's `defineComponent`,
 * with no change to lib-rules and without any real component in the stack.
 */
describe('setResources on a component lib-rules has never heard of', () => {
  const limit = { limits: { memory: '1Gi' } };

  test('the container it publishes renders with the resources given, over its own options', () => {
    const resources = { requests: { cpu: '200m', memory: '96Mi' }, limits: { memory: '192Mi' } };
    const adjusted = render(createStack({}, [archiver(), setResources('archiver', 'archiver', resources)]));
    expect(renderedResources(adjusted.objects, 'archiver', 'archiver')).toEqual([resources]);
    expect(adjusted.stack.components.archiver!.containers.archiver).toEqual(resources);
    const own = render(createStack({}, [archiver({ resources: { limits: { memory: '256Mi' } } })]));
    expect(renderedResources(own.objects, 'archiver', 'archiver')).toEqual([
      { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    ]);
  });

  test('an unknown component, an unknown container and a component the stack lacks: all three, with the closest names', () => {
    const problems = validateStack(
      createStack({}, [
        archiver(),
        setResources('archivr', 'archiver', limit),
        setResources('archiver', 'archivr', limit),
        setResources('alertmanager', 'alertmanager', limit),
      ]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual([
      ['NOT_FOUND', 'alertmanager', 'contracts.resources', 'alertmanager'],
      ['NOT_FOUND', 'archiver', 'contracts.resources.archivr', 'archivr'],
      ['NOT_FOUND', 'archivr', 'contracts.resources', 'archivr'],
    ]);
    expect(problems[0]!.hint).toContain('Components with containers: archiver');
    expect(problems[1]!.hint).toContain('use one of its containers: archiver. Did you mean "archiver"?');
    expect(problems[2]!.hint).toContain('Did you mean "archiver"?');
  });

  test('a request above the limit is reported, whoever set which', () => {
    const problems = validateStack(
      createStack({}, [archiver(), setResources('archiver', 'archiver', { requests: { memory: '1Gi' } })]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual([
      ['INVALID_OPTION', 'archiver', 'resources.archiver.requests.memory', '1Gi'],
    ]);
  });
});
