import { type AlertingRule, createStack } from '@mixstack/core';
import {
  type AlertCase,
  type AlertCases,
  type ExpectedAlert,
  type InputSeries,
  promtoolTests,
  type RecordCase,
  type RecordCases,
} from '@mixstack/kit';
import { promtoolSuite, type RuleFileSpec, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import type { MixinName } from '../dashboards/index.js';
import { prometheus } from '../prometheus.js';
import { MIXIN_CASES } from './cases.index.js';
import { CLUSTER } from './cases.js';
import { failedFiles, ruleFilesOf } from './rule-files.test-helpers.js';

/**
 * `common.multiCluster`: the rules run where the series of several clusters meet (Thanos
 * Ruler, Mimir, a central Prometheus), each series with its `cluster` label. The proof, on every
 * case of every mixin of this package, with promtool on the rules the multi-cluster stack renders:
 * - each case runs in two clusters at once (`prod` as written, and a copy in `dev`): every alert
 *   fires once per cluster with its `cluster` label, and every record keeps it (a rule that
 *   drops the label merges the two clusters and fails);
 * - each firing case runs beside a silent case of the same alert in the other cluster: only the
 *   failing cluster alerts (a match that ignores the cluster, or `absent()`, mixes them up).
 * Watchdog (`vector(1)`) is the one alert without a cluster: it proves that the place where the
 * rules run reaches Alertmanager, whatever the clusters.
 */

const OTHER = 'dev';
const CLUSTER_FREE = new Set(['Watchdog']);

type RuleSpec = RuleFileSpec;

const ruleFiles = (multiCluster: boolean) => ruleFilesOf(createStack({ multiCluster }, [prometheus()]));

const MULTI = ruleFiles(true);

/** `name{labels}` with its `cluster` label set to `cluster` (added when it has none). */
function inCluster(series: string, cluster: string): string {
  const label = `cluster="${cluster}"`;
  if (/\bcluster="[^"]*"/.test(series)) return series.replace(/\bcluster="[^"]*"/, label);
  const brace = series.indexOf('{');
  if (brace === -1) return `${series}{${label}}`;
  const inner = series.slice(brace + 1, series.lastIndexOf('}')).trim();
  return `${series.slice(0, brace)}{${inner ? `${label}, ${inner}` : label}}`;
}

const seriesIn = (input: readonly InputSeries[], cluster: string): InputSeries[] =>
  input.map((s) => ({ series: inCluster(s.series, cluster), values: s.values }));

/** Seconds of a promtool duration such as `90s`, `20m`, `3d`. */
function seconds(duration: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 } as const;
  let total = 0;
  for (const [, count, u] of duration.matchAll(/(\d+)([smhdw])/g)) total += Number(count) * unit[u as 's'];
  return total;
}

/**
 * One `up` series per cluster, always 1, of a job no rule selects: it tells that the cluster
 * reports (the multi-cluster `*Down` alerts fire for a cluster whose targets are all gone only
 * if something says the cluster exists).
 */
function markers(c: AlertCase, clusters: readonly string[]): InputSeries[] {
  const samples = Math.ceil(seconds(c.at) / seconds(c.interval ?? '1m')) + 1;
  return clusters.map((cluster) => ({
    series: `up{cluster="${cluster}", job="multi-cluster-marker"}`,
    values: `1x${samples}`,
  }));
}

/**
 * An expected alert in `cluster`. One that carries no cluster in the single-cluster cases is an
 * `absent()` alert (labels from its selector); over several clusters it fires per cluster with
 * its static labels only.
 */
function firingIn(expected: ExpectedAlert, cluster: string): ExpectedAlert {
  const labels: Record<string, string> =
    expected.labels.cluster === undefined
      ? { severity: expected.labels.severity ?? '', cluster }
      : { ...expected.labels, cluster };
  return { ...expected, labels };
}

/** Each firing case, in both clusters at once. */
function bothClusters(cases: AlertCases): AlertCases {
  return Object.fromEntries(
    Object.entries(cases)
      .filter(([name]) => !CLUSTER_FREE.has(name))
      .map(([name, list]) => [
        name,
        list
          .filter((c) => c.fires.length > 0)
          .map(
            (c): AlertCase => ({
              ...c,
              name: `${c.name}, in ${CLUSTER} and in ${OTHER}`,
              input: [
                ...seriesIn(c.input, CLUSTER),
                ...seriesIn(c.input, OTHER),
                ...markers(c, [CLUSTER, OTHER]),
              ],
              fires: [CLUSTER, OTHER].flatMap((cluster) => c.fires.map((f) => firingIn(f, cluster))),
            }),
          ),
      ]),
  );
}

/** Each firing case beside a silent case of the same alert (same time and interval) in the other cluster. */
function oneClusterFiring(cases: AlertCases): AlertCases {
  return Object.fromEntries(
    Object.entries(cases)
      .filter(([name]) => !CLUSTER_FREE.has(name))
      .map(([name, list]) => {
        const silent = list.filter((c) => c.fires.length === 0);
        const combined = list
          .filter((c) => c.fires.length > 0)
          .flatMap((firing): AlertCase[] => {
            const quiet = silent.find(
              (s) => s.at === firing.at && (s.interval ?? '1m') === (firing.interval ?? '1m'),
            );
            if (!quiet) return [];
            return [
              {
                ...firing,
                name: `${firing.name} in ${CLUSTER}, while ${OTHER} shows: ${quiet.name}`,
                input: [
                  ...seriesIn(firing.input, CLUSTER),
                  ...seriesIn(quiet.input, OTHER),
                  ...markers(firing, [CLUSTER, OTHER]),
                ],
                fires: firing.fires.map((f) => firingIn(f, CLUSTER)),
              },
            ];
          });
        return [name, combined] as const;
      })
      .filter(([, list]) => list.length > 0),
  );
}

/** A sample's labels (`record{a="b"}`) in `cluster`. */
const sampleIn = (labels: string, cluster: string) => inCluster(labels, cluster);

/** Each record case in both clusters: every sample twice, once per cluster. */
function recordsInBothClusters(cases: RecordCases): RecordCases {
  return Object.fromEntries(
    Object.entries(cases).map(([group, list]) => [
      group,
      list.map(
        (c): RecordCase => ({
          ...c,
          name: `${c.name}, in ${CLUSTER} and in ${OTHER}`,
          input: [...seriesIn(c.input, CLUSTER), ...seriesIn(c.input, OTHER)],
          samples: [CLUSTER, OTHER].flatMap((cluster) =>
            c.samples.map((sample) => ({ ...sample, labels: sampleIn(sample.labels, cluster) })),
          ),
        }),
      ),
    ]),
  );
}

function expectPasses(spec: RuleSpec, alerts: AlertCases, records: RecordCases = {}): void {
  const suite = promtoolSuite(spec, promtoolTests(alerts, records));
  if (suite.cases === 0) return;
  const { code, output, stdout, stderr } = runPromtoolSuite(suite);
  expect(failedFiles(stdout), stderr).toEqual([]);
  expect(code, output).toBe(0);
}

describe('inCluster', () => {
  test('sets, replaces or adds the cluster label', () => {
    expect(inCluster('up{cluster="prod", job="a"}', 'dev')).toBe('up{cluster="dev", job="a"}');
    expect(inCluster('up{job="a"}', 'dev')).toBe('up{cluster="dev", job="a"}');
    expect(inCluster('up', 'dev')).toBe('up{cluster="dev"}');
    expect(inCluster('up{}', 'dev')).toBe('up{cluster="dev"}');
  });
});

describe.each(Object.keys(MIXIN_CASES) as MixinName[])('multi-cluster rules: mixin %s', (mixin) => {
  const { alerts, records } = MIXIN_CASES[mixin]!;
  const spec = MULTI[mixin]!;

  test('every alert fires once per cluster, and every record keeps the cluster', () => {
    expectPasses(spec, bothClusters(alerts), recordsInBothClusters(records));
  });

  test('a cluster that is fine does not hide or join the alert of one that is not', () => {
    expectPasses(spec, oneClusterFiring(alerts));
  });
});

/**
 * Alerts whose silent cases run at another time than their firing ones: the side-by-side test
 * cannot pair them, the both-clusters test and the grouping scan (mixins.test.ts) still cover them.
 */
const UNPAIRED = ['PrometheusOperatorSyncFailed', 'TargetDown', 'Watchdog'];

test('every other alert has a firing and a silent case at the same time, so the side-by-side test covers it', () => {
  const unpaired = Object.values(MIXIN_CASES).flatMap(({ alerts }) =>
    Object.keys(alerts).filter((name) => !(name in oneClusterFiring({ [name]: alerts[name]! }))),
  );
  expect(unpaired.sort()).toEqual(UNPAIRED);
});

describe('multi-cluster rule expressions', () => {
  const rules = Object.entries(MULTI).flatMap(([mixin, spec]) =>
    spec.groups.flatMap((g) => g.rules.map((rule) => ({ mixin, rule }))),
  );

  test('no rule but Watchdog returns a series without input labels (absent, vector)', () => {
    const offenders = rules
      .filter(({ rule }) => !('alert' in rule && CLUSTER_FREE.has(rule.alert)))
      .filter(({ rule }) => /\b(absent|absent_over_time|vector)\s*\(/.test(rule.expr))
      .map(({ mixin, rule }) => `${mixin}/${'alert' in rule ? rule.alert : rule.record}`);
    expect(offenders).toEqual([]);
  });

  test('the single-cluster stack still uses absent() for targets that are gone (its alert names the job)', () => {
    const single = ruleFiles(false).kubernetes!;
    const kubeletDown = single.groups
      .flatMap((g) => g.rules)
      .find((r): r is AlertingRule & { alert: string } => 'alert' in r && r.alert === 'KubeletDown')!;
    expect(kubeletDown.expr).toContain('absent(up{job="kubelet", metrics_path="/metrics"})');
  });
});
