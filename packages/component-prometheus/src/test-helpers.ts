// Helpers shared by the tests of this package (not part of the published API: index.ts does
// not export them, so they never reach dist/).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addInhibitRule,
  addMixin,
  addReceiver,
  addRoute,
  addScrapeTarget,
  addSecretMount,
  addTemplate,
  compose,
  definePart,
  type InputFiles,
  type Mixin,
  type Part,
} from '@mixstack/core';
import { repositoryRoot, sharedDir } from '@mixstack/testing';
import { CRDS_OPERATOR_VERSION } from './crds/checksums.gen.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The monorepo, or this package's folder when it is a repository of its own (npm run test:release). */
export const repoRoot = repositoryRoot(packageDir);

/** The shared reference folder next to the repository (CI always has it); MIXSTACK_SHARED overrides. */
export { sharedDir };

/** Upstream's CRD files of the operator version the package deploys, when the shared folder is there. */
export const sharedCrdDir = join(
  sharedDir,
  'reference/crds',
  `prometheus-operator-v${CRDS_OPERATOR_VERSION}`,
);
export const hasSharedCrds = existsSync(sharedCrdDir);
export const SHARED_SKIP_MESSAGE = `skipped: ${sharedCrdDir} is absent (the shared reference folder is not next to the repository; set MIXSTACK_SHARED to its path)`;

/** The CRD files as the CLI would read them (`--crds DIR`). */
export function readSharedCrds(): InputFiles {
  const files = new Map<string, string>();
  for (const name of readdirSync(sharedCrdDir).sort()) {
    if (name.endsWith('.yaml')) files.set(name, readFileSync(join(sharedCrdDir, name), 'utf8'));
  }
  return files;
}

/** A mixin written for the tests: one alert group and one recording group. Never shipped. */
export function testMixin(): Mixin {
  return {
    title: 'Test',
    prometheusAlerts: {
      groups: [
        {
          name: 'test-alerts',
          rules: [
            {
              alert: 'TestTargetDown',
              expr: 'up{job="test"} == 0',
              for: '5m',
              labels: { severity: 'warning' },
              annotations: { summary: 'A test target is down.' },
            },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'test.rules',
          interval: '1m',
          rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up{job="test"})' }],
        },
      ],
    },
  };
}

/**
 * What other packages contribute to the sections this package renders: a mixin, a Service
 * and a pod scrape target, and Alertmanager routing with a Secret-backed receiver.
 */
export function testContributions(): Part {
  return compose(
    'test-contributions',
    definePart('test-mixin', (stack) => addMixin(stack, 'test', 'test-app', testMixin())),
    definePart('test-targets', (stack) =>
      addScrapeTarget(
        addScrapeTarget(stack, 'test', 'test-app', {
          namespace: 'apps',
          selector: { 'app.kubernetes.io/name': 'test-app' },
          jobLabel: 'app.kubernetes.io/name',
          endpoints: [{ port: 'metrics', interval: '30s', path: '/metrics' }],
        }),
        'test',
        'test-app-pods',
        {
          namespace: 'apps',
          role: 'pod',
          selector: { 'app.kubernetes.io/name': 'test-app' },
          endpoints: [{ port: 'metrics', scheme: 'http' }],
        },
      ),
    ),
    definePart('test-routing', (stack) => {
      let next = addSecretMount(stack, 'test', 'test-slack', { secretName: 'test-slack' });
      next = addReceiver(next, 'test', 'test-slack', {
        slack_configs: [
          {
            api_url_file: '/etc/alertmanager/secrets/test-slack/url',
            channel: '#alerts',
            send_resolved: true,
            title: '{{ template "test.title" . }}',
          },
        ],
      });
      next = addRoute(next, 'test', 'test-critical', {
        order: 10,
        route: { receiver: 'test-slack', matchers: ['severity = "critical"'], continue: false },
      });
      next = addInhibitRule(next, 'test', 'test-maintenance', {
        source_matchers: ['alertname = "TestMaintenance"'],
        target_matchers: ['namespace = "apps"'],
      });
      return addTemplate(
        next,
        'test',
        'test.tmpl',
        '{{ define "test.title" }}{{ .CommonLabels.alertname }}{{ end }}',
      );
    }),
  );
}
