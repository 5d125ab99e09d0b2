import { alloy } from '@mixstack/component-alloy';
import { grafana } from '@mixstack/component-grafana';
import { loki } from '@mixstack/component-loki';
import { prometheus } from '@mixstack/component-prometheus';
import { pyroscope } from '@mixstack/component-pyroscope';
import { tempo } from '@mixstack/component-tempo';
import { thanos } from '@mixstack/component-thanos';
import { createStack, render } from '@mixstack/core';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, test } from 'vitest';
import { unscopedDashboardSelectors } from './cluster-scope.test-helpers.js';
import { defaultStack } from './default-stack.js';

/**
 * `common.multiCluster` over every alert and record of the default stack (every component's
 * mixin), read with Prometheus' own PromQL grammar: where the series of several clusters meet,
 * a rule keeps the `cluster` label only if every aggregation groups by it, every vector match is
 * on it, and nothing returns a series made from no input (`absent()`, `vector()`). The
 * component packages' promtool tests run the same rules over two clusters; this proves the
 * shape of all of them, those of every package at once.
 */

/** The one alert without a cluster by design: it proves that the rule evaluator reaches Alertmanager. */
const CLUSTER_FREE = new Set(['Watchdog']);

interface Rule {
  name: string;
  expr: string;
}

function rulesOf(multiCluster: boolean): Rule[] {
  const rules: Rule[] = [];
  for (const { object } of render(defaultStack({ multiCluster })).objects) {
    if (object.kind !== 'PrometheusRule') continue;
    const spec = (object as unknown as { spec: { groups: { rules: Record<string, string>[] }[] } }).spec;
    for (const rule of spec.groups.flatMap((g) => g.rules))
      rules.push({ name: `${object.metadata!.name}/${rule.alert ?? rule.record}`, expr: rule.expr! });
  }
  return rules;
}

/** What in `expr` loses the cluster label, one line per problem. */
function clusterLosses(expr: string): string[] {
  const problems: string[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  const labelsOf = (node: { getChild(name: string): { from: number; to: number } | null } | null) => {
    const grouping = node?.getChild('GroupingLabels');
    return grouping
      ? text(grouping.from, grouping.to)
          .replace(/[()\s]/g, '')
          .split(',')
          .filter(Boolean)
      : [];
  };
  const tree = parser.parse(expr);
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (ref.name === '⚠') problems.push(`not PromQL at ${ref.from}: ${text(ref.from, ref.to + 10)}`);
      if (ref.name === 'AggregateExpr') {
        const modifier = node.getChild('AggregateModifier');
        const op = text(ref.from, node.getChild('AggregateOp')!.to);
        if (!modifier) problems.push(`${op} without a grouping drops the cluster`);
        else {
          const by = modifier.getChild('By') !== null;
          const labels = labelsOf(modifier);
          if (by !== labels.includes('cluster'))
            problems.push(`${text(ref.from, modifier.to)} drops the cluster`);
        }
      }
      if (ref.name === 'MatchingModifierClause') {
        const on = node.getChild('On') !== null;
        if (on !== labelsOf(node).includes('cluster'))
          problems.push(`${text(ref.from, node.getChild('GroupingLabels')!.to)} matches across clusters`);
      }
      if (
        ref.name === 'FunctionIdentifier' &&
        ['absent', 'absent_over_time', 'vector'].includes(text(ref.from, ref.to))
      )
        problems.push(`${text(ref.from, ref.to)}() returns a series without a cluster`);
    },
  });
  return problems;
}

describe('the scan', () => {
  test('finds what loses the cluster, and nothing else', () => {
    expect(clusterLosses('sum(rate(x[5m]))')).toHaveLength(1);
    expect(clusterLosses('sum by (namespace) (x)')).toHaveLength(1);
    expect(clusterLosses('max without (cluster) (x)')).toHaveLength(1);
    expect(clusterLosses('a / on (namespace) b')).toHaveLength(1);
    expect(clusterLosses('a / ignoring (cluster) b')).toHaveLength(1);
    expect(clusterLosses('sum(x) by (cluster)')).toEqual([]);
    expect(clusterLosses('absent(up{job="x"} == 1)')).toHaveLength(1);
    expect(clusterLosses('count by (cluster) (x) or vector(0)')).toHaveLength(1);
    expect(
      clusterLosses(
        'sum by (cluster, pod) (x) / on (cluster, pod) group_left (node) max without (le) (y) > scalar(z) - time()',
      ),
    ).toEqual([]);
  });
});

describe('multiCluster: every alert and record of the default stack keeps the cluster', () => {
  const rules = rulesOf(true);

  test('the stack has rules of every component', () => {
    for (const component of ['prometheus', 'loki', 'tempo', 'alloy'])
      expect(
        rules.some((r) => r.name.includes(component)),
        component,
      ).toBe(true);
  });

  test.each(rules.filter((r) => !CLUSTER_FREE.has(r.name.split('/')[1]!)).map((r) => [r.name, r.expr]))(
    '%s',
    (_, expr) => {
      expect(clusterLosses(expr)).toEqual([]);
    },
  );

  test('in one cluster, the "down" alerts keep absent() (it also fires when the targets are gone)', () => {
    const single = rulesOf(false).filter((r) => !CLUSTER_FREE.has(r.name.split('/')[1]!));
    const absent = single.filter((r) => clusterLosses(r.expr).some((p) => p.startsWith('absent')));
    expect(absent.map((r) => r.name.split('/')[1]).sort()).toEqual(
      expect.arrayContaining(['AlloyDown', 'KubeletDown', 'LokiDown', 'TempoDown']),
    );
  });
});

describe('every dashboard of every component (the default stack and Thanos) follows the cluster variable', () => {
  // Behind one Thanos Query (examples/fleet) or Mimir, every dashboard shows one cluster or all.
  const objects = render(
    createStack({ namespace: 'monitoring' }, [
      grafana(),
      prometheus(),
      loki(),
      tempo(),
      pyroscope(),
      alloy(),
      thanos(),
    ]),
  ).objects.map((o) => o.object);
  const { dashboards, unscoped } = unscopedDashboardSelectors(objects);

  test('the stack has the dashboards of every component', () => {
    expect(dashboards).toBeGreaterThanOrEqual(40);
  });

  test('each has a cluster variable, and every series selector follows it', () => {
    expect(unscoped).toEqual([]);
  });

  test('the scan finds a selector without the cluster, and a dashboard without the variable', () => {
    const dashboard = (templating: object[], expr: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      data: {
        'x.json': JSON.stringify({ templating: { list: templating }, panels: [{ targets: [{ expr }] }] }),
      },
    });
    const cluster = { name: 'cluster', query: 'up' };
    expect(
      unscopedDashboardSelectors([
        dashboard([cluster], 'sum(rate(a{cluster=~"$cluster"}[5m])) / sum(rate(b[5m]))'),
        dashboard([], 'up{cluster=~"$cluster"}'),
      ]).unscoped,
    ).toEqual(['x.json panels.0.targets.0.expr: b', 'x.json: no cluster variable']);
  });
});
