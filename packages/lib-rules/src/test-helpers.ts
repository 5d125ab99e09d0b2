// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMixin, type Dashboard, definePart, type KubeObject, type Mixin, type Part } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';

function dashboard(title: string, expr: string): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 'Panel',
        datasource: { type: 'prometheus', uid: 'prometheus' },
        targets: [{ refId: 'A', expr }],
        gridPos: { h: 8, w: 12, x: 0, y: 0 },
      },
    ],
  };
}

/** A mixin written for the tests: two alert groups, a recording group, two dashboards. Never shipped. */
export function testAppMixin(): Mixin {
  return {
    title: 'Test App',
    prometheusAlerts: {
      groups: [
        {
          name: 'test-app-alerts',
          rules: [
            {
              alert: 'TestAppDown',
              expr: 'up{job="test-app"} == 0',
              for: '5m',
              labels: { severity: 'critical' },
              annotations: { summary: 'Test app is down.' },
            },
            {
              alert: 'TestAppSlow',
              expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="test-app"}[5m]))) > 1',
              for: '10m',
              labels: { severity: 'warning' },
              annotations: { summary: 'Test app is slow.' },
            },
            {
              alert: 'TestAppSlow',
              expr: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="test-app"}[5m]))) > 5',
              for: '10m',
              labels: { severity: 'critical' },
              annotations: { summary: 'Test app is very slow.' },
            },
          ],
        },
        {
          name: 'test-app-capacity',
          rules: [
            {
              alert: 'TestAppDiskFull',
              expr: 'test_app_disk_free_bytes < 1e9',
              labels: { severity: 'warning' },
            },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'test-app.rules',
          rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up{job="test-app"})' }],
        },
      ],
    },
    grafanaDashboards: {
      'overview.json': dashboard('Test App / Overview', 'sum(up{job="test-app"})'),
      'capacity.json': dashboard('Test App / Capacity', 'test_app_disk_free_bytes'),
    },
  };
}

/** A second mixin with an alert of the same name, for `<mixin>/<alert>`. */
export function otherAppMixin(): Mixin {
  return {
    title: 'Other App',
    prometheusAlerts: {
      groups: [
        {
          name: 'other-app-alerts',
          rules: [
            {
              alert: 'TestAppDown',
              expr: 'up{job="other-app"} == 0',
              for: '5m',
              labels: { severity: 'warning' },
            },
          ],
        },
      ],
    },
    grafanaDashboards: { 'overview.json': dashboard('Other App / Overview', 'sum(up{job="other-app"})') },
  };
}

export function testMixins(): Part {
  return definePart('test-mixins', (stack) =>
    addMixin(addMixin(stack, 'test', 'test-app', testAppMixin()), 'test', 'other-app', otherAppMixin()),
  );
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

/** Every permutation of a short list (order-independence tests). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

export { archiver } from '@mixstack/testing';

interface Container {
  name: string;
  resources?: unknown;
}

/**
 * The resources a component's rendered objects give the container `name`: the Prometheus and
 * Alertmanager resources hold them in `spec.resources` (the operator's main container), the
 * other workloads in their pod template's containers (kube-rbac-proxy matching every proxy).
 */
export function renderedResources(
  objects: readonly { component: string; object: KubeObject }[],
  component: string,
  name: string,
) {
  const found: unknown[] = [];
  for (const { object } of objects.filter((o) => o.component === component)) {
    const spec = (object as { spec?: Record<string, unknown> }).spec;
    if (
      (object.kind === 'Prometheus' || object.kind === 'Alertmanager') &&
      object.kind.toLowerCase() === name
    )
      found.push(spec?.resources);
    const containers =
      (spec?.template as { spec?: { containers?: Container[] } } | undefined)?.spec?.containers ?? [];
    for (const container of containers)
      if (container.name === name || container.name.startsWith(`${name}-`)) found.push(container.resources);
  }
  return found;
}
