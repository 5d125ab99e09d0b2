import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommonOptions, createStack, type Part, render } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';
import { describe, test } from 'vitest';
import { parse } from 'yaml';
import { alloy } from './index.js';
import {
  defaultPipeline,
  defaultProfilesPipeline,
  defaultTracesPipeline,
  filesPipeline,
  logsPipeline,
  scraper,
  storeService,
  withPipeline,
} from './test-helpers.js';

/**
 * Every file the component renders, per scenario, and the `config.alloy` it carries, as Alloy
 * reads it: real YAML and Alloy syntax, reviewed in diffs. After a deliberate change,
 * `UPDATE_GOLDEN=1 npx vitest run` (or `npm run golden` at the root) rewrites them.
 */
const golden = goldenDirectory(join(dirname(fileURLToPath(import.meta.url)), '__golden__'));

describe('golden files', () => {
  test.each<[string, CommonOptions, () => Part[]]>([
    // One logs pipeline through the API, with events and a JSON stage; the stack's scraper.
    ['default', {}, () => [alloy(), withPipeline('logs', defaultPipeline), scraper]],
    [
      'files-mode',
      { cluster: 'prod-eu', imageRegistry: 'registry.example.com/mirror' },
      () => [
        alloy({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }),
        withPipeline('logs', filesPipeline),
        scraper,
      ],
    ],
    [
      'two-pipelines',
      { labels: { team: 'platform' } },
      () => [
        alloy({ networkPolicy: { clients: { debug: { podLabels: { app: 'alloy-debug' } } } } }),
        withPipeline('logs', defaultPipeline),
        withPipeline(
          'audit-logs',
          logsPipeline({
            destination: storeService('audit', 'security'),
            staticLabels: { team: 'security' },
          }),
        ),
        scraper,
      ],
    ],
    // One traces pipeline (what a trace store contributes): the OTLP chain, its ports and Service.
    ['traces', {}, () => [alloy(), withPipeline('traces', defaultTracesPipeline), scraper]],
    // Logs and traces: still one DaemonSet and one config.alloy, with both chains.
    [
      'logs-and-traces',
      {},
      () => [
        alloy(),
        withPipeline('logs', defaultPipeline),
        withPipeline('traces', defaultTracesPipeline),
        scraper,
      ],
    ],
    // One profiles pipeline that scrapes the annotated pods (what a profile store contributes).
    ['profiles', {}, () => [alloy(), withPipeline('profiles', defaultProfilesPipeline()), scraper]],
    // Profiles scraped and with eBPF: the profiler DaemonSet in its own namespace, with its own config.
    [
      'profiles-ebpf',
      { cluster: 'prod-eu' },
      () => [alloy(), withPipeline('profiles', defaultProfilesPipeline(true)), scraper],
    ],
  ])('%s', (scenario, common, parts) => {
    const { files } = render(createStack({ namespace: 'monitoring', ...common }, parts()));
    golden.expectGoldenFolder(scenario, files);
    const configMap = parse(files.get('alloy-configMap.yaml')!);
    golden.expectGolden(`${scenario}.alloy`, configMap.data['config.alloy']);
    const profiler = files.get('alloy-profilerConfigMap.yaml');
    if (profiler) golden.expectGolden(`${scenario}.profiler.alloy`, parse(profiler).data['config.alloy']);
  });
});
