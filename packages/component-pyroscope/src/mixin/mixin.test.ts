import {
  addMixin,
  alertsOf,
  createStack,
  type Dashboard,
  dashboardExpressions,
  definePart,
  recordingRulesOf,
  renderMixins,
} from '@mixstack/core';
import { type AlertCases, promtoolTests } from '@mixstack/kit';
import { describeRunbooks, promtoolCheckRules, promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { pyroscopeAlertCases, pyroscopeRecordCases } from './alerts.cases.js';
import { COLLECTOR_SCOPE, READS_UID, SCOPE, WRITES_UID } from './dashboards.js';
import { DASHBOARDS, MIXIN_NAME, pyroscopeMixin } from './mixin.js';
import {
  ALERT_GROUP,
  COMPRESSED_BYTES_RECORDS,
  pyroscopeAlerts,
  pyroscopeRecordingRules,
  RECORDING_GROUP,
  ROUTE_RECORDS,
  SAMPLES_RECORDS,
} from './rules.js';

/** Dashboards, walked by tests whatever their shape. */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate dashboard JSON of any shape.
type Json = Record<string, any>;

const PACKAGE = '@mixstack/component-pyroscope';

/**
 * The mixin in a stack of its own (the component adds it the same way), exported as `mixstack
 * mixins` does: core validates every rule's PromQL and the dashboards' PromQL on the way, and
 * throws on the first problem.
 */
const stackWith = (mixin: () => ReturnType<typeof pyroscopeMixin>) =>
  createStack({}, [definePart('pyroscope-mixin', (s) => addMixin(s, PACKAGE, MIXIN_NAME, mixin))]);
const exported = (multiCluster = false) => renderMixins(stackWith(() => pyroscopeMixin(multiCluster)));

const ALERTS = [
  'PyroscopeDown',
  'PyroscopeRequestErrors',
  'PyroscopeRequestLatency',
  'PyroscopeQueryErrors',
  'PyroscopeDiscardingSamples',
  'PyroscopeSegmentUploadsFailing',
  'PyroscopeMetastoreNoLeader',
  'PyroscopeCompactionFailing',
  'PyroscopeProfileWritesFailing',
];

/** Six records per histogram, as upstream's `histogramRules`: request durations, compressed sizes, samples. */
const RECORDS = [
  ...Object.values(ROUTE_RECORDS),
  ...Object.values(COMPRESSED_BYTES_RECORDS),
  ...Object.values(SAMPLES_RECORDS),
];

describe('the pyroscope mixin', () => {
  test.each([false, true])(
    'is exported in the monitoring-mixins layout: alerts, records and dashboards, validated by core (multiCluster %s)',
    (multiCluster) => {
      expect([...exported(multiCluster).keys()]).toEqual([
        `${MIXIN_NAME}/prometheus_alerts.yaml`,
        `${MIXIN_NAME}/prometheus_rules.yaml`,
        ...Object.keys(DASHBOARDS)
          .sort()
          .map((file) => `${MIXIN_NAME}/dashboards_out/${file}`),
      ]);
    },
  );

  test("the dashboards keep upstream's titles and uids, in the folder Pyroscope", () => {
    const mixin = pyroscopeMixin();
    expect(mixin.title).toBe('Pyroscope');
    const files = exported();
    const writes = JSON.parse(files.get(`${MIXIN_NAME}/dashboards_out/pyroscope-writes.json`)!) as Json;
    const reads = JSON.parse(files.get(`${MIXIN_NAME}/dashboards_out/pyroscope-reads.json`)!) as Json;
    expect([writes.title, writes.uid]).toEqual(['Pyroscope / Writes', WRITES_UID]);
    expect([reads.title, reads.uid]).toEqual(['Pyroscope / Reads', READS_UID]);
    expect([WRITES_UID, READS_UID]).toEqual(['pyroscope-writes', 'pyroscope-reads']);
  });

  test('core refuses it when a PromQL query of a dashboard is broken', () => {
    const broken = () => {
      const mixin = pyroscopeMixin();
      const panel = (mixin.grafanaDashboards!['pyroscope-writes.json']!.panels as Json[]).find(
        (p) => p.targets,
      )!;
      panel.targets[0].expr = 'sum(rate(pyroscope_discarded_samples_total[5m])';
      return mixin;
    };
    expect(() => renderMixins(stackWith(broken))).toThrow(/PromQL/);
  });

  test('promtool check rules accepts its rule files', () => {
    const files = Object.fromEntries(
      [...exported()]
        .filter(([path]) => /\/prometheus_\w+\.yaml$/.test(path))
        .map(([path, text]) => [path.replace('/', '__'), parse(text) as { groups: unknown[] }]),
    );
    const { code, output } = promtoolCheckRules(files);
    expect(output).toContain(`SUCCESS: ${ALERTS.length} rules found`);
    expect(output).toContain(`SUCCESS: ${RECORDS.length} rules found`);
    expect(code, output).toBe(0);
  });

  test('its alerts, in one group', () => {
    const alerts = alertsOf(pyroscopeMixin());
    expect(alerts.map((a) => a.rule.alert)).toEqual(ALERTS);
    expect(new Set(alerts.map((a) => a.group))).toEqual(new Set([ALERT_GROUP]));
  });

  test("upstream's records (pyroscope_rules), read by the latency alert and the dashboards", () => {
    const records = recordingRulesOf(pyroscopeMixin()).map((r) => r.rule.record);
    expect(records).toEqual(RECORDS);
    expect(new Set(recordingRulesOf(pyroscopeMixin()).map((r) => r.group))).toEqual(
      new Set([RECORDING_GROUP]),
    );
    expect(records).toContain('cluster_namespace_job_route:pyroscope_request_duration_seconds:99quantile');
    expect(records).toContain('cluster_namespace_job_type:pyroscope_distributor_received_samples:50quantile');
    expect(pyroscopeAlerts()[0]!.rules.find((r) => r.alert === 'PyroscopeRequestLatency')!.expr).toContain(
      ROUTE_RECORDS.p99,
    );
    const read = Object.values(DASHBOARDS).flatMap((build) =>
      dashboardExpressions(build()).map((e) => e.expression),
    );
    for (const name of [
      ROUTE_RECORDS.p99,
      ROUTE_RECORDS.p50,
      ROUTE_RECORDS.avg,
      ROUTE_RECORDS.countRate,
      COMPRESSED_BYTES_RECORDS.p99,
      COMPRESSED_BYTES_RECORDS.countRate,
      SAMPLES_RECORDS.avg,
    ])
      expect(
        read.some((e) => e.includes(name)),
        name,
      ).toBe(true);
  });

  test('multiCluster: PyroscopeDown fires per cluster; every other alert keeps the cluster label', () => {
    const single = pyroscopeAlerts(false)[0]!.rules;
    const multi = pyroscopeAlerts(true)[0]!.rules;
    expect(single[0]!.expr).toBe('absent(up{job="pyroscope"} == 1)');
    expect(multi[0]!.expr).toContain('group by (cluster)');
    expect(multi.slice(1)).toEqual(single.slice(1));
    for (const rule of multi.slice(1))
      expect(rule.expr, rule.alert).toMatch(/by \(cluster, namespace, job|cluster_namespace_job_route/);
  });

  test('the records keep the cluster (the dashboards select them by cluster), in one cluster as in many', () => {
    for (const { rule } of recordingRulesOf(pyroscopeMixin())) {
      const groupings = [...rule.expr.matchAll(/by \(([^)]*)\)/g)].map((m) => m[1]);
      expect(groupings.length, rule.record).toBeGreaterThan(0);
      for (const by of groupings)
        expect(by, rule.record).toMatch(/(^|, )cluster, namespace, job, (route|type)$/);
    }
    expect(recordingRulesOf(pyroscopeMixin(true))).toEqual(recordingRulesOf(pyroscopeMixin(false)));
  });

  test('the dashboards are the same with and without multiCluster: their cluster variable serves both', () => {
    expect(pyroscopeMixin(true).grafanaDashboards).toEqual(pyroscopeMixin(false).grafanaDashboards);
  });
});

describeRunbooks({ mixins: { [MIXIN_NAME]: pyroscopeMixin() }, packageName: PACKAGE });

describe('promtool test rules', () => {
  const rules = { groups: [...pyroscopeRecordingRules(), ...pyroscopeAlerts()] };

  test('every alert fires when it should and stays silent when it should not; the records record', () => {
    expect(Object.keys(pyroscopeAlertCases)).toEqual(ALERTS);
    for (const [alert, cases] of Object.entries(pyroscopeAlertCases)) {
      expect(
        cases.some((c) => c.fires.length > 0),
        `${alert} fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c.fires.length === 0),
        `${alert} stays silent`,
      ).toBe(true);
    }
    expect(Object.keys(pyroscopeRecordCases)).toEqual([RECORDING_GROUP]);
    const suite = promtoolSuite(rules, promtoolTests(pyroscopeAlertCases, pyroscopeRecordCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('multiCluster: PyroscopeDown fires for the cluster whose Pyroscope is down, not for the other', () => {
    const down = (cluster: string) =>
      `up{cluster="${cluster}", namespace="monitoring", job="pyroscope", pod="pyroscope-0"}`;
    const cases: AlertCases = {
      PyroscopeDown: [
        {
          name: 'down in cluster a, up in cluster b: fires for a',
          input: [
            { series: down('a'), values: '0x15' },
            { series: down('b'), values: '1x15' },
          ],
          at: '10m',
          fires: [
            {
              labels: { severity: 'critical', cluster: 'a' },
              summary: 'Pyroscope is down.',
              description: 'No Pyroscope target has answered a scrape for 5 minutes.',
            },
          ],
        },
        {
          name: 'up in both: silent',
          input: [
            { series: down('a'), values: '1x15' },
            { series: down('b'), values: '1x15' },
          ],
          at: '10m',
          fires: [],
        },
      ],
    };
    const { code, output } = runPromtoolSuite(
      promtoolSuite({ groups: pyroscopeAlerts(true) }, promtoolTests(cases)),
    );
    expect(code, output).toBe(0);
  });

  test('the cases can fail: a wrong expectation is reported', () => {
    const [firing, , silent] = pyroscopeAlertCases.PyroscopeSegmentUploadsFailing!;
    const wrong = { PyroscopeSegmentUploadsFailing: [{ ...silent!, fires: firing!.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: PyroscopeSegmentUploadsFailing');
  });

  test('a wrong recorded value is reported', () => {
    const [first] = pyroscopeRecordCases[RECORDING_GROUP]!;
    const wrong = { [RECORDING_GROUP]: [{ ...first!, samples: [{ ...first!.samples[0]!, value: 0.5 }] }] };
    const { code } = runPromtoolSuite(promtoolSuite(rules, promtoolTests({}, wrong)));
    expect(code).not.toBe(0);
  });
});

describe('dashboards', () => {
  const variants = Object.entries(DASHBOARDS).map(([file, build]) => [file, build() as Json] as const);

  test('the titles of upstream, tagged for the dropdown that links them', () => {
    expect(Object.values(DASHBOARDS).map((build) => (build() as Json).title)).toEqual([
      'Pyroscope / Writes',
      'Pyroscope / Reads',
    ]);
    for (const [, d] of variants) {
      expect(d.tags).toEqual(['mixstack', 'pyroscope']);
      expect(d.links[0]).toEqual(expect.objectContaining({ tags: ['pyroscope'], asDropdown: true }));
    }
  });

  test.each(variants)(
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

  test.each(variants)(
    '%s: the variables of the stack, and every query scoped to the chosen Pyroscope (or to the collector)',
    (file, dashboard) => {
      const variables = (dashboard.templating.list as Json[]).map((v) => v.name);
      expect(variables).toEqual(['datasource', 'cluster', 'namespace']);
      const expressions = dashboardExpressions(dashboard as Dashboard);
      expect(expressions.length, file).toBeGreaterThan(8);
      for (const { path, language, expression } of expressions) {
        expect(language).toBe('promql');
        if (path.startsWith('templating')) continue;
        if (expression.includes('pyroscope_write_'))
          expect(expression, `${file} ${path}`).toContain(COLLECTOR_SCOPE);
        else expect(expression, `${file} ${path}`).toContain(SCOPE);
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
