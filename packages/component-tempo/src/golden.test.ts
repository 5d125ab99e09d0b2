import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommonOptions, createStack, type Part, render, toYaml } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { tempo } from './index.js';
import {
  collector,
  logsDatasource,
  metricsStore,
  objectStoragePlatform,
  scraperAndGrafana,
} from './test-helpers.js';

/**
 * Every file the component renders, per scenario, and what it contributes to the stack's
 * sections (the traces pipeline, the datasource and its links, the notices) as
 * `sections.yaml`: real YAML, reviewed in diffs. After a deliberate change, `npm run golden` at
 * the root rewrites them.
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

describe('golden files', () => {
  test.each<[string, CommonOptions, () => Part[]]>([
    ['default', {}, () => [tempo()]],
    [
      'object-storage',
      { cluster: 'prod-eu' },
      () => [
        tempo({ objectStorage: { bucket: 'acme-prod-tempo' }, retention: '14d', storage: { size: '50Gi' } }),
        objectStoragePlatform('gke', 'gcs'),
        metricsStore(),
        collector(),
        logsDatasource,
        scraperAndGrafana,
      ],
    ],
    [
      'no-prometheus',
      { imageRegistry: 'registry.example.com/mirror', labels: { team: 'platform' } },
      () => [
        tempo({
          objectStorage: { type: 's3', bucket: 'acme-tempo', region: 'eu-west-1' },
          collector: false,
          networkPolicy: { otlpFromEveryNamespace: true },
        }),
        logsDatasource,
      ],
    ],
    [
      'distributed',
      { cluster: 'prod-eu' },
      () => [
        tempo({
          kafka: { address: 'kafka.kafka.svc:9092', partitions: 3 },
          objectStorage: { bucket: 'acme-prod-tempo' },
          retention: '14d',
          storage: { size: '50Gi' },
        }),
        objectStoragePlatform('gke', 'gcs'),
        metricsStore(),
        collector(),
        logsDatasource,
        scraperAndGrafana,
      ],
    ],
  ])('%s', (scenario, common, parts) => {
    const result = render(createStack({ namespace: 'monitoring', ...common }, parts()));
    const { collectorPipelines, datasources, notices } = result.sections;
    const sections = toYaml({ collectorPipelines, datasources, notices });
    golden.expectGoldenFolder(scenario, new Map([...result.files, ['sections.yaml', sections]]));
  });
});
