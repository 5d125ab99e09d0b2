import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStack, render } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { test } from 'vitest';
import { thanos } from '../index.js';
import { alertmanagerLike, grafanaClient, prometheusLike, tracesLike } from './stack.test-helpers.js';

const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

/**
 * What the sidecar renders and patches, as files: the Prometheus resource with `spec.thanos`
 * and its shortened retention, its NetworkPolicy opened to Query and the scraper, the headless
 * `thanos-sidecar` Service and its monitor (rendered by the Prometheus stand-in from the scrape
 * target). Regenerate with `UPDATE_GOLDEN=1` and review the diff.
 */
const SIDECAR_FILES = [
  'prometheus-prometheus.yaml',
  'prometheus-networkPolicy.yaml',
  'thanosSidecar-service.yaml',
  'prometheusScrapeTargets-thanosSidecar.yaml',
];

test('Prometheus + Grafana + Thanos on a GCS bucket: the sidecar files', () => {
  const { files } = render(
    createStack({ namespace: 'monitoring' }, [
      prometheusLike(),
      grafanaClient(),
      tracesLike(),
      alertmanagerLike(),
      thanos({ objectStorage: { type: 'gcs', bucket: 'acme-thanos' } }),
    ]),
  );
  golden.expectGoldenFolder(
    'gcs',
    Object.fromEntries(SIDECAR_FILES.map((path) => [path, files.get(path) ?? `${path} is not rendered\n`])),
  );
});
