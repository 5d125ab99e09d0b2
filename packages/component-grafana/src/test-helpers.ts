/**
 * Fixtures shared by this package's tests (not exported from the package): small mixins and
 * datasources, and helpers that render a stack and pick objects out of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addDatasource,
  addMixin,
  addNetworkClient,
  type CommonOptions,
  createStack,
  DATASOURCE_UIDS,
  type Dashboard,
  definePart,
  type KubeObject,
  lokiDatasource,
  type Part,
  prometheusDatasource,
  type RenderResult,
  render,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';

export const TEST_SOURCE = 'test';

/** Rendered objects and dashboards, walked by tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate rendered YAML and JSON of any shape.
export type Json = Record<string, any>;

/** A Grafana variable reference such as `${datasource}` (Grafana replaces it, not JavaScript). */
export const grafanaVar = (name: string): string => `$\{${name}}`;

/** A small valid dashboard with one PromQL panel. */
export function testDashboard(title: string, expr = 'sum(up)'): Dashboard {
  return {
    title,
    schemaVersion: 42,
    templating: { list: [{ type: 'datasource', name: 'datasource', query: 'prometheus' }] },
    panels: [
      {
        type: 'timeseries',
        title: 'Targets up',
        description: 'Scrape targets that are up.',
        fieldConfig: { defaults: { unit: 'none' }, overrides: [] },
        datasource: { type: 'prometheus', uid: grafanaVar('datasource') },
        targets: [{ refId: 'A', expr, datasource: { type: 'prometheus', uid: grafanaVar('datasource') } }],
      },
    ],
  };
}

/** A part adding a mixin with only dashboards. */
export function testMixin(name: string, title: string, dashboards: Record<string, Dashboard>): Part {
  return definePart(`testMixin(${name})`, (stack) =>
    addMixin(stack, TEST_SOURCE, name, { title, grafanaDashboards: dashboards }),
  );
}

/**
 * The network client the prometheus component adds (its pods reach every component that plays
 * the `metrics` role, Grafana among them), as a stand-in for it.
 */
export function testScraper(): Part {
  return definePart('testScraper', (stack) =>
    addNetworkClient(stack, TEST_SOURCE, 'prometheus', {
      podLabels: { 'app.kubernetes.io/name': 'prometheus' },
      reaches: ['@metrics'],
    }),
  );
}

/** The Prometheus datasource the prometheus component contributes (uid `prometheus`), as a stand-in for it. */
export function testPrometheusDatasource(): Part {
  return definePart('testPrometheusDatasource', (stack) =>
    addDatasource(stack, TEST_SOURCE, DATASOURCE_UIDS.prometheus, (values) =>
      prometheusDatasource({
        url: `http://prometheus-k8s.${values.common.namespace}.svc:9090`,
        jsonData: { timeInterval: '30s', prometheusType: 'Prometheus' },
      }),
    ),
  );
}

/** A Loki datasource whose derived field links trace ids to an external tracing UI. */
export function testLokiDatasource(): Part {
  return definePart('testLokiDatasource', (stack) =>
    addDatasource(
      stack,
      TEST_SOURCE,
      DATASOURCE_UIDS.loki,
      lokiDatasource({
        url: 'http://loki.monitoring.svc:3100',
        jsonData: {
          maxLines: 5000,
          derivedFields: [
            {
              name: 'TraceID',
              matcherRegex: 'trace_id=(\\w+)',
              url: `https://traces.example.com/trace/${grafanaVar('__value.raw')}`,
              targetBlank: true,
            },
          ],
        },
      }),
    ),
  );
}

export function renderParts(parts: readonly Part[], common: CommonOptions = {}): RenderResult {
  return render(createStack(common, parts));
}

/** The object at an address (`grafana/deployment`), failing clearly when it is missing. */
export function objectAt<T = Record<string, unknown>>(result: RenderResult, address: string): T {
  const found = result.objects.find((o) => o.address === address);
  if (!found)
    throw new Error(`no object at ${address}; have ${result.objects.map((o) => o.address).join(', ')}`);
  return found.object as unknown as T;
}

export function grafanaObjects(result: RenderResult): KubeObject[] {
  return result.objects.filter((o) => o.component === 'grafana').map((o) => o.object);
}

/** Writes files into a new temporary directory, runs `fn` with it and removes it. */
export function withFiles<T>(files: ReadonlyMap<string, string>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-grafana-'));
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function run(command: string, args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`,
  };
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGolden, expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);
