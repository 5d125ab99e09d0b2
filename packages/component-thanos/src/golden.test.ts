import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommonOptions, createStack, type Part, render, toYaml } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { thanos } from './index.js';
import { gkeLike, grafanaClient, prometheusStandIn } from './test-helpers.js';

/**
 * Every file of Thanos' workloads per scenario (the stand-ins' files and the sidecar's left out), and what it contributes
 * to the stack's sections (its scrape targets, its notices) as `sections.yaml`: real YAML,
 * reviewed in diffs. After a deliberate change, `npm run golden` at the root rewrites them. The
 * mixin's golden files are the mixin's own (`mixin/`).
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

describe('golden files', () => {
  test.each<[string, CommonOptions, () => Part[]]>([
    // No bucket and no platform's object storage: each pod's own directory, with a warning.
    ['default', {}, () => [thanos(), prometheusStandIn()]],
    [
      'gcs',
      { cluster: 'prod-eu' },
      () => [
        thanos({ objectStorage: { bucket: 'acme-prod-thanos' }, store: { replicas: 2 } }),
        prometheusStandIn(),
        grafanaClient,
        gkeLike('thanos@acme-prod.iam.gserviceaccount.com'),
      ],
    ],
    [
      's3-observer',
      { imageRegistry: 'registry.example.com/mirror', labels: { team: 'platform' } },
      () => [
        thanos({
          objectStorage: { type: 's3', bucket: 'acme-thanos', region: 'eu-west-1' },
          sidecar: { enabled: false },
          query: { endpoints: ['thanos-query.prod-us.example:10901'] },
          queryFrontend: { enabled: false },
          compact: { retention: { raw: '90d', fiveMinutes: '1y', oneHour: '2y' } },
        }),
        grafanaClient,
      ],
    ],
  ])('%s', (scenario, common, parts) => {
    const result = render(createStack({ namespace: 'monitoring', ...common }, parts()));
    // The sidecar's Service, scrape target and notice are the sidecar work's (its own tests).
    const own = <T>(entries: Readonly<Record<string, T>>) =>
      Object.fromEntries(Object.entries(entries).filter(([id]) => !id.includes('sidecar')));
    const sections = toYaml({
      notices: own(result.sections.notices),
      scrapeTargets: own(result.sections.scrapeTargets),
    });
    const files = [...result.files].filter(([file]) => file.startsWith('thanos-'));
    golden.expectGoldenFolder(scenario, new Map([...files, ['sections.yaml', sections]]));
  });
});
