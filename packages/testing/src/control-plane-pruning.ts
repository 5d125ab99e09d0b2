/**
 * The tests of a platform that prunes the control-plane jobs its clusters do not expose from
 * every mixin (core's `withoutJobs`, applied by the platform's `sections` patch): the same cases
 * for GKE and EKS (and any platform to come), written once against the `upstreamLike` fixture.
 */
import {
  addMixin,
  alertsOf,
  createStack,
  type Dashboard,
  definePart,
  type Mixin,
  type Part,
  recordingRulesOf,
  render,
  withoutJobs,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { queriesSelecting } from './queries-selecting.js';
import {
  UPSTREAM_LIKE_MIXIN,
  upstreamDownAlert,
  upstreamDownRule,
  upstreamLike,
  upstreamLikeMixin,
} from './upstream-like.js';

/** The jobs the cases are written on (the fixture's edge cases select them): every managed control plane's. */
const CASE_JOBS = ['kube-scheduler', 'kube-controller-manager'] as const;

export interface ControlPlanePruningSpec {
  /**
   * The platform as a part, with options under which it prunes exactly `jobs` plus, at most,
   * jobs the fixture does not select (`() => gke({ project: 'acme-prod' })`).
   */
  platform: () => Part;
  /**
   * The control-plane jobs the platform cannot scrape (its `CONTROL_PLANE_JOBS`);
   * kube-scheduler and kube-controller-manager must be among them.
   */
  jobs: readonly string[];
  /** The id of the build notice in which the platform counts what it left out (`gke-unscraped-jobs`). */
  noticeId: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const count = (n: number, what: string, plural = `${what}s`) => `${n} ${n === 1 ? what : plural}`;

/**
 * Declares the vitest tests `control-plane pruning` of a platform: `withoutJobs` on `jobs` over
 * the `upstreamLike` fixture (alerts, recording rules and what is built on them, dashboards of
 * both schemas, template variables, rewritten matchers, nothing to remove), and the platform
 * itself: every mixin of the stack pruned the same way, and a notice `noticeId` that names the
 * jobs and counts what went, only when something did.
 */
export function describeControlPlanePruning({ platform, jobs, noticeId }: ControlPlanePruningSpec): void {
  const missing = CASE_JOBS.filter((job) => !jobs.includes(job));
  if (missing.length > 0)
    throw new Error(
      `describeControlPlanePruning: jobs (${jobs.join(', ')}) lack ${missing.join(' and ')}, the jobs its cases are written on`,
    );
  const fixture = () => ({ [UPSTREAM_LIKE_MIXIN]: upstreamLikeMixin({ jobs }) });
  const named = new RegExp(jobs.map(escapeRegExp).join('|'));

  describe('control-plane pruning: withoutJobs', () => {
    const { mixins, pruned } = withoutJobs(fixture(), jobs);
    const mixin = mixins[UPSTREAM_LIKE_MIXIN]!;

    test('alerts on the jobs go; one naming other jobs too is rewritten; one on any job stays', () => {
      expect(alertsOf(mixin).map((a) => [a.rule.alert, a.rule.expr])).toEqual([
        [
          'UpstreamVersionMismatch',
          'count(count by (git_version) (kubernetes_build_info{job=~"apiserver|kubelet"})) > 1',
        ],
        ['UpstreamAnyTargetDown', 'up{job=~".+"} == 0'],
      ]);
      expect(pruned.alerts).toEqual([...jobs.map(upstreamDownAlert), 'UpstreamSchedulingSlow']);
    });

    test('a recording rule on the jobs goes, and what is built on its series goes with it', () => {
      expect(recordingRulesOf(mixin).map((r) => r.rule.record)).toEqual([
        'upstream:apiserver_requests:rate5m',
      ]);
      expect(pruned.records).toEqual(['upstream:scheduler_e2e_duration:p99']);
    });

    test('a dashboard with only dead queries goes; in another, dead panels and targets go, the rest is rewritten', () => {
      expect(Object.keys(mixin.grafanaDashboards!)).toEqual(['control-plane.json']);
      expect(pruned.dashboards).toEqual([`${UPSTREAM_LIKE_MIXIN}/scheduler.json`]);
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
      expect(JSON.stringify(mixins)).not.toMatch(named);
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
      const result = withoutJobs({ t: m }, jobs).mixins.t!;
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
      const result = withoutJobs({ t: { title: 'T', grafanaDashboards: { 'old.json': d } } }, jobs);
      const out = result.mixins.t!.grafanaDashboards!['old.json']! as Dashboard & Record<string, unknown>;
      expect(out).toBeDefined();
      expect(JSON.stringify(out)).not.toContain('kube-scheduler');
      expect(JSON.stringify(out)).toContain('label_values(up{job=~\\"apiserver\\"}, instance)');
      expect(result.pruned.panels).toBe(2);
      expect((out.rows as { panels: unknown[] }[])[0]!.panels).toHaveLength(1);
    });

    test('nothing to remove: the mixins unchanged', () => {
      const input = fixture();
      expect(withoutJobs(input, ['no-such-job']).mixins).toEqual(input);
    });
  });

  describe('control-plane pruning: the platform', () => {
    test('every mixin of the stack is pruned as withoutJobs prunes it, and the notice names the jobs and counts what went', () => {
      const without = render(createStack({}, [upstreamLike({ jobs })]));
      expect(queriesSelecting(without.sections.mixins, jobs)).not.toEqual([]);
      const result = render(createStack({}, [upstreamLike({ jobs }), platform()]));
      expect(queriesSelecting(result.sections.mixins, jobs)).toEqual([]);
      const { mixins, pruned } = withoutJobs(fixture(), jobs);
      // Rendering gives each dashboard a uid derived from its content; the rest is withoutJobs's.
      const expected = mixins[UPSTREAM_LIKE_MIXIN]!;
      const rendered = result.sections.mixins[UPSTREAM_LIKE_MIXIN]!;
      expect(rendered).toMatchObject(expected);
      expect(Object.keys(rendered.grafanaDashboards!)).toEqual(Object.keys(expected.grafanaDashboards!));
      const notice = result.summary.notices.find((n) => n.id === noticeId);
      expect(notice?.level).toBe('info');
      for (const job of jobs) expect(notice?.message).toContain(job);
      expect(notice?.message).toContain(
        `left out of the mixins ${count(pruned.alerts.length, 'alert')}, ${count(pruned.records.length, 'recording rule')}, ${count(pruned.dashboards.length, 'dashboard')} and ${count(pruned.panels, 'dashboard panel')}; ${count(pruned.rewritten, 'query', 'queries')} kept`,
      );
    });

    test('nothing in any mixin on the jobs: the mixins unchanged, and no notice', () => {
      const apiserver: Mixin = {
        title: 'API server',
        prometheusAlerts: { groups: [{ name: 'apiserver', rules: [upstreamDownRule('apiserver')] }] },
      };
      const result = render(
        createStack({}, [
          definePart('apiserver', (stack) => addMixin(stack, 'test', 'apiserver', apiserver)),
          platform(),
        ]),
      );
      expect(result.sections.mixins.apiserver).toEqual(apiserver);
      expect(result.summary.notices.map((n) => n.id)).not.toContain(noticeId);
    });
  });
}
