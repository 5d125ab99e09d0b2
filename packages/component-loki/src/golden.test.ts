import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addNetworkClient, type CommonOptions, createStack, type Part, render, toYaml } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { loki } from './index.js';
import { alertReceiver, appLogsMixin, logCollector, objectStoragePlatform } from './test-helpers.js';

/**
 * Every file the component renders, per scenario, and what it contributes to the stack's
 * sections (the logs pipeline, the datasource, the notices) as `sections.yaml`: real YAML,
 * reviewed in diffs. After a deliberate change, `npm run golden` at the root rewrites them.
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

/** What the stack's Prometheus and Grafana are to Loki: network clients reaching its roles. */
const scraperAndGrafana: Part = (stack) =>
  addNetworkClient(
    addNetworkClient(stack, 'test', 'prometheus', {
      podLabels: { 'app.kubernetes.io/name': 'prometheus' },
      reaches: ['@metrics'],
    }),
    'test',
    'grafana',
    { podLabels: { 'app.kubernetes.io/name': 'grafana' }, reaches: ['@datasource'] },
  );

describe('golden files', () => {
  test.each<[string, CommonOptions, () => Part[]]>([
    ['default', {}, () => [loki()]],
    [
      'object-storage',
      { cluster: 'prod-eu' },
      () => [
        loki({ objectStorage: { bucket: 'acme-prod-loki' }, retention: '30d', storage: { size: '50Gi' } }),
        objectStoragePlatform('gke', 'gcs'),
        alertReceiver(),
        logCollector(),
        scraperAndGrafana,
      ],
    ],
    [
      'file-tailing',
      {},
      () => [
        loki({
          collector: {
            source: 'files',
            events: false,
            staticLabels: { env: 'prod' },
            stages: [
              { type: 'multiline', firstLine: '^\\d{4}-\\d{2}-\\d{2}' },
              { type: 'json', fields: { level: 'level' } },
              { type: 'labels', labels: { level: 'level' } },
              { type: 'drop', expression: 'GET /healthz', reason: 'health checks' },
            ],
          },
        }),
        logCollector(),
        appLogsMixin,
      ],
    ],
    [
      'replicas',
      { imageRegistry: 'registry.example.com/mirror', labels: { team: 'platform' } },
      () => [
        loki({ replicas: 2, objectStorage: { type: 's3', bucket: 'acme-loki', region: 'eu-west-1' } }),
        alertReceiver(),
        scraperAndGrafana,
      ],
    ],
    [
      'ha',
      { cluster: 'prod-eu' },
      () => [
        loki({ mode: 'ha', objectStorage: { bucket: 'acme-prod-loki' }, retention: '30d' }),
        objectStoragePlatform('gke', 'gcs'),
        alertReceiver(),
        logCollector(),
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
