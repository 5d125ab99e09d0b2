import {
  alertsOf,
  createStack,
  dashboardExpressions,
  recordingRulesOf,
  render,
  selectsJobs,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { UPSTREAM_LIKE_MIXIN, upstreamDownAlert, upstreamLike, upstreamLikeMixin } from './upstream-like.js';

describe('upstreamLike', () => {
  test.each([
    ['kube-scheduler', 'UpstreamSchedulerDown'],
    ['kube-controller-manager', 'UpstreamControllerManagerDown'],
    ['etcd', 'UpstreamEtcdDown'],
    ['apiserver', 'UpstreamApiserverDown'],
    ['kube-dns', 'UpstreamDnsDown'],
  ])('the alert on %s is %s', (job, alert) => {
    expect(upstreamDownAlert(job)).toBe(alert);
  });

  test('an alert on each of the jobs, in their order, selecting that job alone; then the edge cases', () => {
    const jobs = ['kube-scheduler', 'kube-controller-manager', 'etcd'];
    const alerts = alertsOf(upstreamLikeMixin({ jobs })).map((a) => a.rule);
    expect(alerts.map((r) => r.alert)).toEqual([
      ...jobs.map(upstreamDownAlert),
      'UpstreamSchedulingSlow',
      'UpstreamVersionMismatch',
      'UpstreamAnyTargetDown',
    ]);
    jobs.forEach((job, i) => {
      expect(jobs.filter((other) => selectsJobs(alerts[i]!.expr, [other]))).toEqual([job]);
      expect(alerts[i]!.labels?.severity).toBe('critical');
    });
    expect(
      alertsOf(upstreamLikeMixin())
        .map((a) => a.rule.alert)
        .slice(0, 3),
    ).toEqual(['UpstreamSchedulerDown', 'UpstreamControllerManagerDown', 'UpstreamSchedulingSlow']);
  });

  test('without the edge cases: the alerts, a dashboard on kube-scheduler alone, one query naming three jobs', () => {
    const jobs = ['kube-scheduler', 'apiserver'];
    const mixin = upstreamLikeMixin({ jobs, edgeCases: false });
    expect(alertsOf(mixin).map((a) => a.rule.alert)).toEqual(jobs.map(upstreamDownAlert));
    expect(recordingRulesOf(mixin)).toEqual([]);
    const queries = Object.fromEntries(
      Object.entries(mixin.grafanaDashboards!).map(([file, d]) => [
        file,
        dashboardExpressions(d).map((e) => e.expression),
      ]),
    );
    expect(queries).toEqual({
      'scheduler.json': ['sum(up{job="kube-scheduler"})'],
      'control-plane.json': ['sum by (job) (up{job=~"apiserver|kube-scheduler|kube-controller-manager"})'],
    });
  });

  test('the part adds that content as the mixin upstream-like, and it renders', () => {
    const options = { jobs: ['etcd'] };
    const result = render(createStack({}, [upstreamLike(options)]));
    // Rendering gives each dashboard a uid derived from its content; the rest is the fixture's.
    expect(result.sections.mixins[UPSTREAM_LIKE_MIXIN]).toMatchObject(upstreamLikeMixin(options));
  });
});
