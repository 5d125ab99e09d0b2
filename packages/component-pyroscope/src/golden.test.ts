import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommonOptions, createStack, type Part, render, toYaml } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { pyroscope } from './index.js';
import { collector, objectStoragePlatform, scraperAndGrafana } from './test-helpers.js';

/**
 * Every file the component renders, per scenario, and what it contributes to the stack's
 * sections (the profiles pipeline, the datasource, the notices) as `sections.yaml`: real YAML,
 * reviewed in diffs. After a deliberate change, `npm run golden` at the root rewrites them.
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

describe('golden files', () => {
  test.each<[string, CommonOptions, () => Part[]]>([
    ['default', {}, () => [pyroscope()]],
    [
      'object-storage',
      { cluster: 'prod-eu' },
      () => [
        pyroscope({
          objectStorage: { bucket: 'acme-prod-profiles' },
          retention: '14d',
          storage: { size: '20Gi' },
        }),
        objectStoragePlatform('gke', 'gcs'),
        collector(),
        scraperAndGrafana,
      ],
    ],
    [
      'object-storage-s3',
      { imageRegistry: 'registry.example.com/mirror', labels: { team: 'platform' } },
      () => [
        pyroscope({
          objectStorage: { type: 's3', bucket: 'acme-profiles', region: 'eu-west-1' },
          collector: false,
          networkPolicy: { pushFromEveryNamespace: true },
        }),
      ],
    ],
    ['ebpf', {}, () => [pyroscope({ collector: { ebpf: true } }), collector(), scraperAndGrafana]],
  ])('%s', (scenario, common, parts) => {
    const result = render(createStack({ namespace: 'monitoring', ...common }, parts()));
    const { collectorPipelines, datasources, notices } = result.sections;
    const sections = toYaml({ collectorPipelines, datasources, notices });
    golden.expectGoldenFolder(scenario, new Map([...result.files, ['sections.yaml', sections]]));
  });
});
