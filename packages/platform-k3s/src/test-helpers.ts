// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMixin, type Dashboard, definePart, type Mixin, type Part } from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';

export { archiver } from '@mixstack/testing';

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

function dashboard(title: string, exprs: string[]): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: exprs.map((expr, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: `Panel ${i + 1}`,
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: 0, y: i * 8 },
      targets: [{ refId: 'A', expr }],
    })),
  };
}

/** A mixin of another package, as upstream's kubernetes-mixin has it for a self-hosted control plane. */
export function upstreamLike(): Part {
  const mixin: Mixin = {
    title: 'Upstream Like',
    prometheusAlerts: {
      groups: [
        {
          name: 'upstream-control-plane',
          rules: [
            {
              alert: 'UpstreamSchedulerDown',
              expr: 'absent(up{job="kube-scheduler"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamControllerManagerDown',
              expr: 'absent(up{job="kube-controller-manager"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamApiserverDown',
              expr: 'absent(up{job="apiserver"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
          ],
        },
      ],
    },
    grafanaDashboards: {
      'scheduler.json': dashboard('Scheduler', ['sum(up{job="kube-scheduler"})']),
      'control-plane.json': dashboard('Control plane', [
        'sum by (job) (up{job=~"apiserver|kube-scheduler|kube-controller-manager"})',
      ]),
    },
  };
  return definePart('upstream-like', (stack) => addMixin(stack, 'test', 'upstream-like', mixin));
}
