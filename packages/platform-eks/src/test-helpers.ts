// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addComponent,
  addMixin,
  type Dashboard,
  dashboardExpressions,
  definePart,
  type Mixin,
  type Part,
  selectsJobs,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';

export { archiver } from '@mixstack/testing';

function dashboard(title: string, exprs: string[][]): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: exprs.map((targets, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: `Panel ${i + 1}`,
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: 0, y: i * 8 },
      targets: targets.map((expr, j) => ({ refId: String.fromCharCode(65 + j), expr })),
    })),
  };
}

/** Content as upstream's kubernetes-mixin and etcd's mixin have it for a self-hosted control plane, plus content that must stay. */
export function upstreamLikeMixin(): Mixin {
  return {
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
              annotations: {
                description: 'kube-scheduler has disappeared from Prometheus target discovery.',
              },
            },
            {
              alert: 'UpstreamControllerManagerDown',
              expr: 'absent(up{job="kube-controller-manager"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamEtcdDown',
              expr: 'absent(up{job="etcd"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamSchedulingSlow',
              expr: 'upstream:scheduler_e2e_duration:p99 > 5',
              labels: { severity: 'warning' },
            },
            {
              alert: 'UpstreamVersionMismatch',
              expr: 'count(count by (git_version) (kubernetes_build_info{job=~"apiserver|kubelet|kube-controller-manager|kube-scheduler"})) > 1',
              labels: { severity: 'warning' },
            },
            {
              alert: 'UpstreamAnyTargetDown',
              expr: 'up{job=~".+"} == 0',
              labels: { severity: 'warning' },
            },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'upstream.rules',
          rules: [
            {
              record: 'upstream:scheduler_e2e_duration:p99',
              expr: 'histogram_quantile(0.99, sum by (le) (rate(scheduler_e2e_scheduling_duration_seconds_bucket{job="kube-scheduler"}[5m])))',
            },
            {
              record: 'upstream:apiserver_requests:rate5m',
              expr: 'sum(rate(apiserver_request_total{job="apiserver"}[5m]))',
            },
          ],
        },
      ],
    },
    grafanaDashboards: {
      'scheduler.json': dashboard('Upstream / Scheduler', [
        ['sum(up{job="kube-scheduler"})'],
        ['upstream:scheduler_e2e_duration:p99'],
      ]),
      'control-plane.json': dashboard('Upstream / Control plane', [
        ['sum(up{job="apiserver"})'],
        ['sum(up{job="kube-controller-manager"})', 'sum(up{job="kube-scheduler"})'],
        ['sum by (job) (up{job=~"apiserver|kube-scheduler"})'],
      ]),
    },
  };
}

export function upstreamLike(): Part {
  return definePart('upstream-like', (stack) =>
    addMixin(stack, 'test', 'upstream-like', upstreamLikeMixin()),
  );
}

/** A workload that uses what EKS Fargate cannot run (a DaemonSet reading the host). */
export function hostAgent(volumePath = '/var/lib/agent', hostNetwork = false): Part {
  return definePart('host-agent', (stack) =>
    addComponent(stack, {
      name: 'hostAgent',
      source: 'test',
      exceptions: [{ key: 'daemonSet', check: 'host-access', reason: 'a test agent reading the node' }],
      build: ({ common }) => ({
        daemonSet: {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'host-agent', namespace: common.namespace },
          spec: {
            selector: { matchLabels: { app: 'host-agent' } },
            template: {
              metadata: { labels: { app: 'host-agent' } },
              spec: {
                hostNetwork,
                containers: [
                  {
                    name: 'agent',
                    image: 'example.com/agent:1.0.0',
                    volumeMounts: [{ name: 'host', mountPath: '/host', readOnly: true }],
                  },
                ],
                volumes: [{ name: 'host', hostPath: { path: volumePath } }],
              },
            },
          },
        },
      }),
    }),
  );
}

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

/**
 * Every alert, recording rule, panel query and template variable (without an "All" fallback)
 * of the mixins that still selects one of `jobs`, as `<mixin>: <expr>` (short, for messages).
 */
export function queriesSelecting(mixins: Readonly<Record<string, Mixin>>, jobs: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, mixin] of Object.entries(mixins)) {
    const rules = [
      ...(mixin.prometheusAlerts?.groups ?? []).flatMap((g) => g.rules),
      ...(mixin.prometheusRules?.groups ?? []).flatMap((g) => g.rules),
    ];
    for (const rule of rules)
      if (selectsJobs(rule.expr, jobs)) found.push(`${name}: ${rule.expr.slice(0, 80)}`);
    for (const [file, dashboard] of Object.entries(mixin.grafanaDashboards ?? {})) {
      const list = (dashboard.templating as { list?: { includeAll?: boolean }[] } | undefined)?.list ?? [];
      for (const { path, expression } of dashboardExpressions(dashboard)) {
        const variable = /^templating\.list\.(\d+)\./.exec(path)?.[1];
        if (variable !== undefined && list[Number(variable)]?.includeAll === true) continue;
        if (selectsJobs(expression, jobs)) found.push(`${name}/${file} ${path}: ${expression.slice(0, 80)}`);
      }
    }
  }
  return found;
}
