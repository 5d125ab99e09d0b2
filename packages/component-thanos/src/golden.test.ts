import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addNetworkClient,
  type CommonOptions,
  createStack,
  type Part,
  render,
  renderMixins,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { thanos } from './index.js';

/**
 * Every file the component renders, per scenario: real YAML, reviewed in diffs. After a
 * deliberate change, `npm run golden` at the root rewrites them.
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

/** What the stack's Prometheus is to the component: a network client reaching every `metrics` role. */
const scraper: Part = (stack) =>
  addNetworkClient(stack, 'test', 'prometheus', {
    podLabels: { 'app.kubernetes.io/name': 'prometheus' },
    reaches: ['@metrics'],
  });

describe('golden files', () => {
  test.each<[string, CommonOptions, () => Part[]]>([
    ['default', {}, () => [thanos()]],
    [
      'in-a-stack',
      { imageRegistry: 'registry.example.com/mirror', labels: { team: 'platform' } },
      () => [thanos({ replicas: 2 }), scraper],
    ],
  ])('%s', (scenario, common, parts) => {
    const { files } = render(createStack({ namespace: 'monitoring', ...common }, parts()));
    golden.expectGoldenFolder(scenario, files);
  });

  test('the alerts, as `mixstack mixins` exports them', () => {
    const files = renderMixins(createStack({}, [thanos()]));
    golden.expectGoldenFolder('mixin', new Map([...files].filter(([path]) => path.endsWith('.yaml'))));
  });
});
