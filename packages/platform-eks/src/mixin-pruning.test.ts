import { alertsOf, type Dashboard, type Mixin, recordingRulesOf, withoutJobs } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { CONTROL_PLANE_JOBS } from './index.js';
import { upstreamLikeMixin } from './test-helpers.js';

const JOBS = [...CONTROL_PLANE_JOBS];

describe('withoutJobs', () => {
  const { mixins, pruned } = withoutJobs({ 'upstream-like': upstreamLikeMixin() }, JOBS);
  const mixin = mixins['upstream-like']!;

  test('alerts on the jobs go; one naming other jobs too is rewritten; one on any job stays', () => {
    expect(alertsOf(mixin).map((a) => [a.rule.alert, a.rule.expr])).toEqual([
      [
        'UpstreamVersionMismatch',
        'count(count by (git_version) (kubernetes_build_info{job=~"apiserver|kubelet"})) > 1',
      ],
      ['UpstreamAnyTargetDown', 'up{job=~".+"} == 0'],
    ]);
    expect(pruned.alerts).toEqual([
      'UpstreamSchedulerDown',
      'UpstreamControllerManagerDown',
      'UpstreamEtcdDown',
      'UpstreamSchedulingSlow',
    ]);
  });

  test('a recording rule on the jobs goes, and what is built on its series goes with it', () => {
    expect(recordingRulesOf(mixin).map((r) => r.rule.record)).toEqual(['upstream:apiserver_requests:rate5m']);
    expect(pruned.records).toEqual(['upstream:scheduler_e2e_duration:p99']);
  });

  test('a dashboard with only dead queries goes; in another, dead panels and targets go, the rest is rewritten', () => {
    expect(Object.keys(mixin.grafanaDashboards!)).toEqual(['control-plane.json']);
    expect(pruned.dashboards).toEqual(['upstream-like/scheduler.json']);
    const panels = (
      mixin.grafanaDashboards!['control-plane.json'] as Dashboard & {
        panels: { targets: { expr: string }[] }[];
      }
    ).panels;
    expect(panels.map((p) => p.targets.map((t) => t.expr))).toEqual([
      ['sum(up{job="apiserver"})'],
      ['sum by (job) (up{job=~"apiserver"})'],
    ]);
    expect(pruned.panels).toBe(1);
    expect(JSON.stringify(mixins)).not.toMatch(/kube-scheduler|kube-controller-manager/);
  });

  test('a record kept alive by another rule of the same name stays, and so do its users', () => {
    const m: Mixin = {
      title: 'T',
      prometheusRules: {
        groups: [
          {
            name: 'g',
            rules: [
              { record: 'x:up', expr: 'up{job="kube-scheduler"}' },
              { record: 'x:up', expr: 'up{job="apiserver"}' },
            ],
          },
        ],
      },
      prometheusAlerts: { groups: [{ name: 'a', rules: [{ alert: 'X', expr: 'x:up == 0' }] }] },
    };
    const result = withoutJobs({ t: m }, JOBS).mixins.t!;
    expect(recordingRulesOf(result).map((r) => r.rule.expr)).toEqual(['up{job="apiserver"}']);
    expect(alertsOf(result)).toHaveLength(1);
  });

  test('rows of the old schema, collapsed rows and template variables', () => {
    const d: Dashboard = {
      title: 'Old',
      templating: {
        list: [
          { name: 'datasource', type: 'datasource', query: 'prometheus' },
          {
            name: 'instance',
            type: 'query',
            datasource: '$datasource',
            query: 'label_values(up{job=~"apiserver|kube-scheduler"}, instance)',
          },
        ],
      },
      rows: [
        {
          panels: [
            { datasource: '$datasource', targets: [{ expr: 'up{job="kube-scheduler"}' }] },
            { datasource: '$' + '{datasource}', targets: [{ expr: 'up{job="apiserver"}' }] },
          ],
        },
      ],
      panels: [
        {
          type: 'row',
          collapsed: true,
          panels: [{ datasource: { type: 'prometheus' }, targets: [{ expr: 'up{job="kube-scheduler"}' }] }],
        },
      ],
    };
    const result = withoutJobs({ t: { title: 'T', grafanaDashboards: { 'old.json': d } } }, JOBS);
    const out = result.mixins.t!.grafanaDashboards!['old.json']! as Dashboard & Record<string, unknown>;
    expect(out).toBeDefined();
    expect(JSON.stringify(out)).not.toContain('kube-scheduler');
    expect(JSON.stringify(out)).toContain('label_values(up{job=~\\"apiserver\\"}, instance)');
    expect(result.pruned.panels).toBe(2);
    expect((out.rows as { panels: unknown[] }[])[0]!.panels).toHaveLength(1);
  });

  test('nothing to remove: the mixins unchanged', () => {
    const input = { 'upstream-like': upstreamLikeMixin() };
    expect(withoutJobs(input, ['no-such-job']).mixins).toEqual(input);
  });
});
