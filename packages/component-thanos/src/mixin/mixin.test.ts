import {
  addMixin,
  alertsOf,
  createStack,
  type Dashboard,
  dashboardExpressions,
  definePart,
  renderMixins,
  selectsJobs,
  withoutJobs,
} from '@mixstack/core';
import { type AlertCases, promtoolTests } from '@mixstack/kit';
import { describeRunbooks, promtoolCheckRules, promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { JOBS, type ThanosPart } from '../jobs.js';
import { thanosAlertCases } from './alerts.cases.js';
import { ALERT_GROUPS, thanosAlerts } from './alerts.js';
import { CLUSTER } from './dashboards/panels.js';
import { DASHBOARDS, MIXIN_NAME, thanosMixin } from './mixin.js';

/** Dashboards, walked by tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
type Json = Record<string, any>;

const PACKAGE = '@mixstack/component-thanos';

/**
 * The mixin in a stack of its own (the component adds it the same way), exported as `mixstack
 * mixins` does: core validates every rule's PromQL and the dashboards' PromQL on the way, and
 * throws on the first problem.
 */
const stackWith = (mixin: () => ReturnType<typeof thanosMixin>) =>
  createStack({}, [definePart('thanos-mixin', (s) => addMixin(s, PACKAGE, MIXIN_NAME, mixin))]);
const exported = (multiCluster = false) => renderMixins(stackWith(() => thanosMixin(multiCluster)));

const ALERTS = [
  'ThanosCompactMultipleRunning',
  'ThanosCompactHalted',
  'ThanosCompactHighCompactionFailures',
  'ThanosCompactBucketHighOperationFailures',
  'ThanosCompactHasNotRun',
  'ThanosSidecarBucketOperationsFailed',
  'ThanosSidecarNoConnectionToStartedPrometheus',
  'ThanosSidecarNoUploads',
  'ThanosQueryHttpRequestQueryErrorRateHigh',
  'ThanosQueryHttpRequestQueryRangeErrorRateHigh',
  'ThanosQueryGrpcServerErrorRate',
  'ThanosQueryGrpcClientErrorRate',
  'ThanosQueryHighDNSFailures',
  'ThanosQueryInstantLatencyHigh',
  'ThanosQueryRangeLatencyHigh',
  'ThanosQueryOverload',
  'ThanosStoreGrpcErrorRate',
  'ThanosStoreSeriesGateLatencyHigh',
  'ThanosStoreBucketHighOperationFailures',
  'ThanosStoreObjstoreOperationLatencyHigh',
  'ThanosQueryIsDown',
  'ThanosQueryFrontendIsDown',
  'ThanosStoreIsDown',
  'ThanosCompactIsDown',
  'ThanosSidecarIsDown',
];

const PARTS = Object.keys(JOBS) as ThanosPart[];

describe('the thanos mixin', () => {
  test.each([false, true])(
    'is exported in the monitoring-mixins layout: alerts and dashboards, validated by core (multiCluster %s)',
    (multiCluster) => {
      expect([...exported(multiCluster).keys()]).toEqual([
        `${MIXIN_NAME}/prometheus_alerts.yaml`,
        ...Object.keys(DASHBOARDS)
          .sort()
          .map((file) => `${MIXIN_NAME}/dashboards_out/${file}`),
      ]);
    },
  );

  test('core refuses it when a PromQL query of a dashboard is broken', () => {
    const broken = () => {
      const mixin = thanosMixin();
      const panel = (mixin.grafanaDashboards!['query.json']!.panels as Json[]).find((p) => p.targets)!;
      panel.targets[0].expr = 'sum(rate(http_requests_total[5m])';
      return mixin;
    };
    expect(() => renderMixins(stackWith(broken))).toThrow(/PromQL/);
  });

  test('promtool check rules accepts its rule file', () => {
    const text = exported().get(`${MIXIN_NAME}/prometheus_alerts.yaml`)!;
    const { code, output } = promtoolCheckRules({ 'thanos.yaml': parse(text) as { groups: unknown[] } });
    expect(output).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(code, output).toBe(0);
  });

  test("its alerts, in upstream's groups; receive, rule and bucket replication left out", () => {
    const alerts = alertsOf(thanosMixin());
    expect(alerts.map((a) => a.rule.alert)).toEqual(ALERTS);
    expect([...new Set(alerts.map((a) => a.group))]).toEqual(Object.values(ALERT_GROUPS));
    expect(alerts.filter((a) => /Receive|Rule|Replicate/.test(a.rule.alert))).toEqual([]);
  });

  test('every alert selects exactly one part by its exact job, and keeps the cluster label', () => {
    for (const { rule } of alertsOf(thanosMixin())) {
      const parts = PARTS.filter((part) => selectsJobs(rule.expr, [JOBS[part]]));
      expect(parts, rule.alert).toHaveLength(1);
      expect(rule.expr, rule.alert).not.toMatch(/job=~/);
      if (!rule.alert.endsWith('IsDown'))
        expect(rule.expr, rule.alert).toMatch(/by \(cluster, namespace, job/);
    }
  });

  test('multiCluster: the "is down" alerts fire per cluster; the others are the same', () => {
    const single = alertsOf(thanosMixin(false)).map((a) => a.rule);
    const multi = alertsOf(thanosMixin(true)).map((a) => a.rule);
    for (const [i, rule] of multi.entries()) {
      if (rule.alert.endsWith('IsDown')) {
        expect(single[i]!.expr).toMatch(/^absent\(up\{job="thanos-[a-z-]+"\} == 1\)$/);
        expect(rule.expr, rule.alert).toContain('group by (cluster)');
      } else expect(rule).toEqual(single[i]);
    }
  });

  test.each(PARTS)(
    'a stack without %s loses exactly that part: its alerts and panels (core withoutJobs)',
    (part) => {
      const { mixins, pruned } = withoutJobs({ [MIXIN_NAME]: thanosMixin() }, [JOBS[part]]);
      const kept = mixins[MIXIN_NAME]!;
      const left = [
        ...alertsOf(kept).map((a) => a.rule.expr),
        ...Object.values(kept.grafanaDashboards ?? {}).flatMap((d) =>
          dashboardExpressions(d)
            .filter((e) => !e.path.startsWith('templating'))
            .map((e) => e.expression),
        ),
      ];
      expect(left.filter((e) => e.includes(`job="${JOBS[part]}"`))).toEqual([]);
      expect(pruned.alerts.length).toBeGreaterThan(0);
      // The part's own dashboard goes; the overview stays with the others' panels.
      expect(Object.keys(kept.grafanaDashboards ?? {})).toContain('overview.json');
      expect(pruned.panels + pruned.dashboards.length).toBeGreaterThan(0);
      for (const other of PARTS.filter((p) => p !== part))
        expect(
          left.some((e) => e.includes(`job="${JOBS[other]}"`)),
          other,
        ).toBe(true);
    },
  );

  test("a fleet's cluster stack (the sidecar alone) keeps the sidecar's alerts and dashboards, and the overview", () => {
    const others = PARTS.filter((p) => p !== 'sidecar').map((p) => JOBS[p]);
    const { mixins } = withoutJobs({ [MIXIN_NAME]: thanosMixin() }, others);
    const kept = mixins[MIXIN_NAME]!;
    expect(alertsOf(kept).map((a) => a.rule.alert)).toEqual(
      ALERTS.filter((a) => a.startsWith('ThanosSidecar')),
    );
    expect(Object.keys(kept.grafanaDashboards ?? {}).sort()).toEqual(['overview.json', 'sidecar.json']);
  });
});

describeRunbooks({ mixins: { [MIXIN_NAME]: thanosMixin() }, packageName: PACKAGE });

describe('promtool test rules', () => {
  const rules = { groups: thanosAlerts() };

  test('every alert fires when it should and stays silent when it should not', () => {
    expect(Object.keys(thanosAlertCases)).toEqual(ALERTS);
    for (const [alert, cases] of Object.entries(thanosAlertCases)) {
      expect(
        cases.some((c) => c.fires.length > 0),
        `${alert} fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c.fires.length === 0),
        `${alert} stays silent`,
      ).toBe(true);
    }
    const suite = promtoolSuite(rules, promtoolTests(thanosAlertCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('multiCluster: ThanosStoreIsDown fires for the cluster whose Store Gateway is down, not for the other', () => {
    const up = (cluster: string) =>
      `up{cluster="${cluster}", namespace="monitoring", job="thanos-store", pod="thanos-store-0"}`;
    const cases: AlertCases = {
      ThanosStoreIsDown: [
        {
          name: 'down in cluster a, up in cluster b: fires for a',
          input: [
            { series: up('a'), values: '0x15' },
            { series: up('b'), values: '1x15' },
          ],
          at: '10m',
          fires: [
            {
              labels: { severity: 'critical', cluster: 'a' },
              summary: 'The Thanos Store Gateway is down.',
              description:
                'No target of the Thanos Store Gateway (job thanos-store) has answered a scrape for 5 minutes.',
            },
          ],
        },
        {
          name: 'up in both: silent',
          input: [
            { series: up('a'), values: '1x15' },
            { series: up('b'), values: '1x15' },
          ],
          at: '10m',
          fires: [],
        },
      ],
    };
    const { code, output } = runPromtoolSuite(
      promtoolSuite({ groups: thanosAlerts(true) }, promtoolTests(cases)),
    );
    expect(code, output).toBe(0);
  });

  test('the cases can fail: a wrong expectation is reported', () => {
    const [firing, silent] = thanosAlertCases.ThanosSidecarNoUploads!;
    const wrong = { ThanosSidecarNoUploads: [{ ...silent!, fires: firing!.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: ThanosSidecarNoUploads');
  });
});

describe('dashboards', () => {
  const dashboards = Object.entries(DASHBOARDS).map(([file, build]) => [file, build() as Json] as const);

  test("upstream's titles, tagged for the dropdown that links them", () => {
    expect(dashboards.map(([, d]) => d.title)).toEqual([
      'Thanos / Overview',
      'Thanos / Query',
      'Thanos / Query Frontend',
      'Thanos / Store',
      'Thanos / Compact',
      'Thanos / Sidecar',
    ]);
    for (const [, d] of dashboards) {
      expect(d.tags).toEqual(['mixstack', 'thanos']);
      expect(d.links[0]).toEqual(expect.objectContaining({ tags: ['thanos'], asDropdown: true }));
    }
  });

  test.each(dashboards)(
    '%s: every panel has a title, a description and a unit; none overlap',
    (_, dashboard) => {
      const panels = (dashboard.panels as Json[]).filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThanOrEqual(6);
      const ids = (dashboard.panels as Json[]).map((p) => p.id);
      expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
      const cells = new Set<string>();
      for (const panel of dashboard.panels as Json[]) {
        expect(panel.title).toMatch(/\S/);
        const { x, y, w, h } = panel.gridPos;
        expect(x + w).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            expect(cells.has(`${i},${j}`), panel.title).toBe(false);
            cells.add(`${i},${j}`);
          }
        if (panel.type === 'row') continue;
        expect(panel.description, panel.title).toMatch(/\S/);
        expect(panel.fieldConfig?.defaults?.unit, panel.title).toMatch(/\S/);
      }
    },
  );

  test.each(dashboards)(
    '%s: a cluster variable whose "All" also matches series without the label; every query in the chosen cluster, of exactly one part',
    (file, dashboard) => {
      const variables = dashboard.templating.list as Json[];
      expect(variables.map((v) => v.name)).toEqual(['datasource', 'cluster']);
      expect(variables[1]).toEqual(expect.objectContaining({ includeAll: true, allValue: '.*' }));
      const expressions = dashboardExpressions(dashboard as Dashboard).filter(
        (e) => !e.path.startsWith('templating'),
      );
      expect(expressions.length, file).toBeGreaterThan(8);
      for (const { path, language, expression } of expressions) {
        expect(language).toBe('promql');
        expect(expression, `${file} ${path}`).toContain(CLUSTER);
        expect(
          PARTS.filter((part) => selectsJobs(expression, [JOBS[part]])),
          `${file} ${path}`,
        ).toHaveLength(1);
      }
    },
  );

  test('are built fresh for every call', () => {
    for (const build of Object.values(DASHBOARDS)) {
      const [a, b] = [build(), build()];
      expect(a).toEqual(b);
      expect(a).not.toBe(b);
      expect(a.panels).not.toBe(b.panels);
    }
  });
});
