import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
// @ts-expect-error plain ESM script without types
import { compareMixins, formatText, run } from './mixins-compare.mjs';
// @ts-expect-error plain ESM script without types
import { canonicalPromql, exprDifference } from './promql-canonical.mjs';
// @ts-expect-error plain ESM script without types
import { workspaceRoot } from './workspace.mjs';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/mixins-compare');
const upstream = join(fixtures, 'upstream/demo');
const ours = join(fixtures, 'ours');

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mixins-compare-test-'));
  roots.push(dir);
  return dir;
}

/** The fixture's upstream mixin as kube-prometheus publishes one: a PrometheusRule among other manifests. */
function asManifests(): string {
  const dir = tempDir();
  const groups = ['prometheus_alerts.yaml', 'prometheus_rules.yaml'].flatMap(
    (file) => parse(readFileSync(join(upstream, file), 'utf8')).groups,
  );
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'demo-rules', namespace: 'monitoring' },
    spec: { groups },
  };
  writeFileSync(join(dir, 'demo-prometheusRule.yaml'), stringify(rule));
  writeFileSync(
    join(dir, 'demo-service.yaml'),
    stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'demo' } }),
  );
  return dir;
}

const EXPECTED = `upstream: upstream/demo
ours: ours

== demo (upstream: prometheus_alerts.yaml, prometheus_rules.yaml)
alerts: 5 (6 rules) upstream, 5 (5 rules) ours; records: 3 (3 rules) upstream, 3 (3 rules) ours
alerts only upstream (1):
  DemoQueueFull (warning, for 15m)
alerts only ours (1):
  DemoRestarting (warning, for 5m)
records only upstream (1):
  demo:latency:p99
records only ours (1):
  demo:saturation:ratio
alerts that differ (3):
  DemoDiskFull
    rules: upstream 2, ours 1
    rule only upstream: {severity="critical"}
  DemoErrors
    labels: only upstream team="demo"
    expr (numbers):
      upstream: (sum(rate(demo_errors_total{job="demo"}[5m])) / sum(rate(demo_requests_total{job="demo"}[5m]))) > 0.05
      ours:     (sum(rate(demo_errors_total{job="demo"}[5m])) / sum(rate(demo_requests_total{job="demo"}[5m]))) > 0.01
  DemoSlow
    severity: upstream warning, ours critical
    for: upstream 10m, ours 15m
    expr (labels):
      upstream: histogram_quantile(0.99, sum by (le) (rate(demo_request_seconds_bucket{job="demo"}[5m]))) > 1
      ours:     histogram_quantile(0.99, sum by (cluster, le) (rate(demo_request_seconds_bucket{job="demo"}[5m]))) > 1
records that differ (1):
  demo:errors:rate5m
    expr (labels):
      upstream: sum by (job) (rate(demo_errors_total[5m]))
      ours:     sum by (cluster, job) (rate(demo_errors_total[5m]))

summary:
  demo: alerts 1 only upstream, 1 only ours, 3 differ (expr 1 labels, 1 numbers; for 1; severity 1; labels 1; rule count 1), 1 same; records 1 only upstream, 1 only ours, 1 differ, 1 same
`;

describe('mixins:compare', () => {
  test('reports what is missing on either side and how the alerts both have differ', () => {
    const result = run(['upstream/demo', '--ours', 'ours'], fixtures);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(EXPECTED);
  });

  test('--json gives the same report as data', () => {
    const result = run(['upstream/demo', '--ours', 'ours', '--json'], fixtures);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.notCompared).toEqual({ upstream: [], ours: [] });
    expect(report.moved).toEqual([]);
    const [demo] = report.mixins;
    expect(demo.mixin).toBe('demo');
    expect(demo.counts).toEqual({
      alerts: { onlyUpstream: 1, onlyOurs: 1, differ: 3, same: 1 },
      records: { onlyUpstream: 1, onlyOurs: 1, differ: 1, same: 1 },
      differences: { expr: { labels: 1, numbers: 1 }, for: 1, severity: 1, labels: 1, ruleCount: 1 },
    });
    expect(demo.alerts.onlyUpstream).toEqual([
      { alert: 'DemoQueueFull', rules: [{ severity: 'warning', for: '15m', group: 'demo' }] },
    ]);
    expect(demo.alerts.differ.find((entry: { alert: string }) => entry.alert === 'DemoSlow')).toEqual({
      alert: 'DemoSlow',
      rules: [
        {
          expr: {
            kind: 'labels',
            upstream:
              'histogram_quantile(0.99, sum by (le) (rate(demo_request_seconds_bucket{job="demo"}[5m]))) > 1',
            ours: 'histogram_quantile(0.99, sum by (cluster, le) (rate(demo_request_seconds_bucket{job="demo"}[5m]))) > 1',
          },
          for: { upstream: '10m', ours: '15m' },
          severity: { upstream: 'warning', ours: 'critical' },
        },
      ],
    });
    expect(demo.records.onlyUpstream).toEqual(['demo:latency:p99']);
    expect(demo.records.onlyOurs).toEqual(['demo:saturation:ratio']);
  });

  test('a folder of PrometheusRule manifests (kube-prometheus) compares like the generated layout', () => {
    const manifests = asManifests();
    const fromManifests = compareMixins({ upstream: manifests, ours });
    const fromLayout = compareMixins({ upstream, ours, mixin: 'demo' });
    expect(fromManifests.mixins[0].upstream.sources).toEqual(['demo-prometheusRule.yaml']);
    const withoutSources = (report: typeof fromLayout) =>
      report.mixins.map((m: { upstream: object }) => ({ ...m, upstream: { ...m.upstream, sources: [] } }));
    expect(withoutSources(fromManifests)).toEqual(withoutSources(fromLayout));
    // The single file works too, and the output is the same on every run.
    const file = join(manifests, 'demo-prometheusRule.yaml');
    expect(formatText(compareMixins({ upstream: file, ours }))).toBe(
      formatText(compareMixins({ upstream: file, ours })),
    );
  });

  test('a rule one mixin has only upstream and another only ours is reported as moved', () => {
    const root = tempDir();
    const write = (side: string, mixin: string, groups: unknown[]) => {
      mkdirSync(join(root, side, mixin), { recursive: true });
      writeFileSync(join(root, side, mixin, 'prometheus_rules.yaml'), stringify({ groups }));
    };
    const record = { name: 'r', rules: [{ record: 'node:cpu:sum', expr: 'sum by (node) (x)' }] };
    write('upstream', 'kubernetes', [record]);
    write('upstream', 'node', [{ name: 'r', rules: [] }]);
    write('ours', 'kubernetes', [{ name: 'r', rules: [] }]);
    write('ours', 'node-exporter', [record]);
    const report = compareMixins({ upstream: join(root, 'upstream'), ours: join(root, 'ours') });
    // Upstream's `node` mixin (node-mixin) is our `node-exporter`.
    expect(report.mixins.map((m: { mixin: string }) => m.mixin)).toEqual(['kubernetes', 'node-exporter']);
    expect(report.moved).toEqual([{ record: 'node:cpu:sum', upstream: 'kubernetes', ours: 'node-exporter' }]);
    expect(formatText(report)).toContain(
      'in another mixin: node:cpu:sum (upstream kubernetes, ours node-exporter)',
    );
  });

  test('an upstream mixin under another name needs --mixin; an unknown one is named with what there is', () => {
    const dir = tempDir();
    const renamed = join(dir, 'demo-mixin-upstream');
    // A generated-layout folder whose name is not one of ours.
    mkdirSync(renamed);
    copyFileSync(join(upstream, 'prometheus_alerts.yaml'), join(renamed, 'prometheus_alerts.yaml'));
    const unnamed = run([renamed, '--ours', ours], dir);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('say which with --mixin NAME (ours: demo)');
    expect(run([renamed, '--ours', ours, '--mixin', 'demo'], dir).code).toBe(0);
    const unknown = run([upstream, '--ours', ours, '--mixin', 'nope'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`no mixin nope in ${ours} (it has: demo)`);
    expect(run(['--bogus'], dir).stderr).toContain('unknown option --bogus');
    // A path that is not there is said without the usage, and before anything is exported.
    expect(run(['nope'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `mixins:compare: ${join(dir, 'nope')} does not exist\n`,
    });
  });

  // nx builds mixstack before these tests (tools/package.json: implicitDependencies).
  test('without --ours it exports our mixins with the built CLI: each compared with itself is the same', () => {
    const exported = tempDir();
    const cli = join(workspaceRoot, 'packages/mixstack/dist/cli.js');
    expect(existsSync(cli), `${cli} is missing: run npm run build`).toBe(true);
    const exportRun = spawnSync(process.execPath, [cli, 'mixins', '-o', exported], { encoding: 'utf8' });
    expect(exportRun.status, exportRun.stderr).toBe(0);
    const result = run([exported, '--json'], workspaceRoot);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ours).toBe('mixstack mixins (default stack)');
    expect(report.mixins.map((m: { mixin: string }) => m.mixin)).toContain('kubernetes');
    for (const mixin of report.mixins) {
      expect(mixin.counts.alerts, mixin.mixin).toMatchObject({ onlyUpstream: 0, onlyOurs: 0, differ: 0 });
      expect(mixin.counts.records, mixin.mixin).toMatchObject({ onlyUpstream: 0, onlyOurs: 0, differ: 0 });
      expect(mixin.unparsed, mixin.mixin).toBeUndefined();
    }
  });
});

describe('PromQL in one canonical form', () => {
  test.each([
    ['sum(rate(x{b="2",a="1"}[300s])) by (b, a)', 'sum by (a, b) (rate(x{a="1", b="2"}[5m]))'],
    ['((a + b)) / c', '(a + b) / c'],
    ['a / on(x) group_left() b', 'a / on (x) group_left b'],
    ["x{a='v'} > 1e-2", 'x{a="v"} > 0.01'],
    ['x # a comment\n  + y', 'x + y'],
    ['sum without() (x)', 'sum(x)'],
    ['rate(x[1h30m]) offset 90m', 'rate(x[1h30m]) offset 1h30m'],
    ['max_over_time((a > bool 1)[1d:1h])', 'max_over_time((a > bool 1)[1d:1h])'],
  ])('%s → %s', (expr, expected) => {
    expect(canonicalPromql(expr)).toEqual({ text: expected, parsed: true });
    // Printing it again changes nothing.
    expect(canonicalPromql(expected).text).toBe(expected);
  });

  test('an expression that does not parse is whitespace-normalised', () => {
    expect(canonicalPromql('sum(\n  x')).toEqual({ text: 'sum( x', parsed: false });
  });

  test.each([
    ['sum by (a) (x) > 1', 'sum by (a)\n(x) > 1', undefined],
    ['sum by (a) (x{j="1"}) > 1', 'sum by (a, b) (x) > 1', 'labels'],
    ['rate(x[5m]) > 1', 'rate(x[10m]) > 2', 'numbers'],
    ['x{a="1"} > 2', 'x > 3', 'labels+numbers'],
    ['rate(x[5m]) > 0', 'sum by (cluster, pod) (rate(x[5m])) > 0', 'aggregation'],
    ['max_over_time(x[5m]) == 0', 'max by (pod) (max_over_time(x[10m])) == 0', 'aggregation+numbers'],
    ['rate(x[5m])', 'irate(x[5m])', 'logic'],
  ])('%s vs %s: %s', (a, b, kind) => {
    expect(exprDifference(a, b)).toBe(kind);
  });
});
