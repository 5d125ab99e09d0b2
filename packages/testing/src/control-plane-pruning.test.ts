import { addPatch, definePart, type Part, withoutJobs } from '@mixstack/core';
import { expect, test } from 'vitest';
import { describeControlPlanePruning } from './control-plane-pruning.js';

const JOBS = ['kube-scheduler', 'kube-controller-manager', 'etcd'];
const plural = (n: number, what: string, many = `${what}s`) => `${n} ${n === 1 ? what : many}`;

/** A platform as GKE's and EKS's are, down to its notice: it prunes `jobs` from every mixin and says what went. */
function platform(jobs: readonly string[]): Part {
  return definePart('example-platform', (stack) =>
    addPatch(stack, {
      id: 'example/unscraped-jobs',
      source: 'example',
      target: 'sections',
      apply: (sections) => {
        const { mixins, pruned: p } = withoutJobs(sections.mixins, jobs);
        if (p.alerts.length + p.records.length + p.dashboards.length + p.panels + p.rewritten === 0)
          return { ...sections, mixins };
        const message = `The stack does not scrape ${jobs.join(', ')}: left out of the mixins ${plural(p.alerts.length, 'alert')}, ${plural(p.records.length, 'recording rule')}, ${plural(p.dashboards.length, 'dashboard')} and ${plural(p.panels, 'dashboard panel')}; ${plural(p.rewritten, 'query', 'queries')} kept without them.`;
        return {
          ...sections,
          mixins,
          notices: { ...sections.notices, 'example-unscraped-jobs': { level: 'info', message } },
        };
      },
    }),
  );
}

// The suite, run on that platform: every test it declares passes.
describeControlPlanePruning({
  platform: () => platform(JOBS),
  jobs: JOBS,
  noticeId: 'example-unscraped-jobs',
});

test('jobs without those its cases are written on: an error naming them, before any test is declared', () => {
  expect(() =>
    describeControlPlanePruning({ platform: () => platform(['etcd']), jobs: ['etcd'], noticeId: 'x' }),
  ).toThrow(/lack kube-scheduler and kube-controller-manager/);
});
