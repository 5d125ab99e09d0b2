import {
  addMixin,
  alertsOf,
  createStack,
  type Dashboard,
  dashboardExpressions,
  renderMixins,
  substituteGrafanaVariables,
} from '@mixstack/core';
import {
  type PrometheusServer,
  runDashboardQueries,
  startPrometheus,
  unhealthyRules,
  variableValues,
  waitFor,
} from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { alloyDashboard } from './dashboard.js';
import {
  CLUSTER,
  type FixtureExporters,
  NAMESPACE,
  startFixtureExporters,
} from './exporters.test-helpers.js';
import { alloyMixin, MIXIN_NAME } from './mixin.js';

/**
 * The mixin on real data: a real Prometheus 2.42 (Debian's) loads the exported rule file and
 * scrapes fixture exporters with Alloy's metric names, labelled as the ServiceMonitor labels
 * them, plus kube-state-metrics. Every query of the dashboard runs without an error and
 * returns data; every rule group evaluates with health ok; and the alerts see what the fixture
 * shows (their joins hold on real label sets).
 */

const exported = renderMixins(
  createStack({}, [(stack) => addMixin(stack, '@mixstack/component-alloy', MIXIN_NAME, () => alloyMixin())]),
);
const rules = parse(exported.get(`${MIXIN_NAME}/prometheus_alerts.yaml`)!) as { groups: unknown[] };
const dashboard = alloyDashboard();

let fixtures: FixtureExporters | undefined;
let server: PrometheusServer | undefined;

beforeAll(async () => {
  fixtures = await startFixtureExporters();
  server = await startPrometheus({ ruleFiles: { 'alloy.yaml': rules }, scrape: fixtures.jobs });
  // rate() needs two samples of every scraped series.
  await waitFor('two scrapes of every target', async () =>
    (
      await server!.query(
        'count(rate(loki_write_sent_entries_total[1m])) and count(kube_daemonset_status_desired_number_scheduled) and count(up{job="alloy"} == 0)',
      )
    ).length > 0
      ? true
      : undefined,
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await fixtures?.stop();
});

/**
 * A query as Grafana sends it: the cluster on "All", the default (`.*`: the fixture's series
 * carry no `cluster`, as in one cluster's own Prometheus), `$namespace` the fixture's,
 * `$__rate_interval` and friends Grafana's.
 */
const concrete = (expr: string): string =>
  substituteGrafanaVariables(expr)
    .replace(/\$(?:cluster(?!\w)|\{cluster\})/g, '.*')
    .replace(/\$(?:namespace(?!\w)|\{namespace\})/g, NAMESPACE);

describe('the Collector / Health dashboard on Prometheus 2.42', () => {
  const expressions = dashboardExpressions(dashboard as Dashboard);

  test('every query (panels and variables) runs, instant and range, without an error', async () => {
    expect(expressions.length).toBeGreaterThan(10);
    const { failures } = await runDashboardQueries(server!, dashboard as Dashboard, concrete);
    expect(failures).toEqual([]);
  });

  test('every query (panels and variables) returns data from the fixture', async () => {
    const { empty } = await runDashboardQueries(server!, dashboard as Dashboard, concrete);
    expect(empty).toEqual([]);
  });

  test('the panels show what the fixture holds', async () => {
    const value = async (title: string, refId = 'A') => {
      // biome-ignore lint/suspicious/noExplicitAny: the dashboard is JSON
      const panel = (dashboard as any).panels.find((p: any) => p.title === title);
      // biome-ignore lint/suspicious/noExplicitAny: the dashboard is JSON
      const target = panel.targets.find((t: any) => t.refId === refId);
      return (await server!.query(concrete(target.expr))).map(
        (s): Record<string, string | number> => ({
          ...s.metric,
          value: Number(s.value[1]),
        }),
      );
    };
    expect(await value('Pods up')).toEqual([{ value: 2 }]);
    // Four nodes should run Alloy; two pods answer.
    expect(await value('Nodes without a collector')).toEqual([{ value: 2 }]);
    expect(await value('Components not healthy')).toEqual([{ value: 1 }]);
    expect(await value('Pods on an old configuration')).toEqual([{ value: 1 }]);
    expect(
      (await value('Pods up per node')).sort((a, b) => String(a.node).localeCompare(String(b.node))),
    ).toEqual([
      { node: 'node-1', value: 1 },
      { node: 'node-2', value: 1 },
      { node: 'node-3', value: 0 },
    ]);
    // Every push falls between 5 and 10 seconds: the 99th percentile interpolates to 9.95.
    const [p99] = await value('Push latency (p99)');
    expect(p99!.value).toBeCloseTo(9.95, 2);
    expect(await value('Memory (resident)', 'B')).toEqual([{ value: 1e9 }]);
  });

  test('the namespace variable lists the namespace of the fixture with the cluster on All; the cluster variable nothing (no series carries the label)', async () => {
    expect(await variableValues(server!, dashboard as Dashboard, concrete)).toEqual({
      cluster: [],
      namespace: [NAMESPACE],
    });
  });
});

describe('the rules on Prometheus 2.42', () => {
  test('every group loads and evaluates with health ok', async () => {
    const groups = await waitFor('every rule group to evaluate', async () => {
      const all = await server!.ruleGroups();
      return all.length > 0 && all.every((g) => g.rules.every((r) => r.health !== 'unknown'))
        ? all
        : undefined;
    });
    expect(groups.map((g) => g.name).sort()).toEqual(['alloy', 'alloy-logs']);
    expect(unhealthyRules(groups)).toEqual([]);
    expect(groups.flatMap((g) => g.rules.map((r) => r.name))).toEqual(
      alertsOf(alloyMixin()).map(({ rule }) => rule.alert),
    );
  });

  test('every alert but AlloyDown sees the trouble the fixture shows, with the labels it names', async () => {
    const expected = [
      { alertname: 'AlloyConfigLoadFailed', namespace: NAMESPACE },
      {
        alertname: 'AlloyLogEntriesDropped',
        namespace: NAMESPACE,
        host: expect.any(String),
        reason: 'rate_limited',
      },
      { alertname: 'AlloyLogWritesFailing', namespace: NAMESPACE, host: expect.any(String) },
      { alertname: 'AlloyLogWritesSlow', namespace: NAMESPACE, host: expect.any(String) },
      { alertname: 'AlloyMemoryNearLimit', namespace: NAMESPACE, pod: 'alloy-a' },
      { alertname: 'AlloyPodDown', namespace: NAMESPACE, pod: 'alloy-c', instance: 'node-3' },
      { alertname: 'AlloyPodsMissing', namespace: NAMESPACE },
      { alertname: 'AlloyUnhealthyComponents', namespace: NAMESPACE },
    ];
    const active = await waitFor('the alerts to evaluate', async () => {
      const series = await server!.query('ALERTS{alertstate="pending"}');
      return series.length >= expected.length ? series : undefined;
    });
    const labels = active
      .map(({ metric }) => {
        const { __name__: _, alertstate: __, severity: ___, ...rest } = metric;
        return rest;
      })
      .sort((a, b) => a.alertname!.localeCompare(b.alertname!));
    expect(labels).toEqual(expected);
    // The values the descriptions print: the node without any pod (desired 4, three targets
    // discovered), and alloy-a's memory against its limit.
    const alertValues = async (alert: string) => {
      const { rule } = alertsOf(alloyMixin()).find(({ rule }) => rule.alert === alert)!;
      return (await server!.query(rule.expr)).map((s) => Number(s.value[1]));
    };
    expect(await alertValues('AlloyPodsMissing')).toEqual([CLUSTER.nodes.length - CLUSTER.pods.length]);
    expect(await alertValues('AlloyMemoryNearLimit')).toEqual([95]);
  });
});
