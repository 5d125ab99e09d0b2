/**
 * `upstreamLike`, a mixin of "another package" with the content upstream's kubernetes-mixin and
 * etcd's mixin have for a self-hosted control plane: the fixture of the platforms' tests (GKE's,
 * EKS's, k3s's) that prune the control-plane jobs their clusters do not expose from every mixin.
 * One fixture for the three, so that each tests its pruning against the same content and a case
 * added here reaches them all.
 */
import {
  type AlertingRule,
  addMixin,
  type Dashboard,
  definePart,
  type Mixin,
  type Part,
} from '@mixstack/core';

/** The name `upstreamLike()` adds the mixin under, as the pruned mixins are keyed. */
export const UPSTREAM_LIKE_MIXIN = 'upstream-like';

// The jobs the edge cases select: those every managed control plane keeps out of reach (EKS's etcd too).
const SCHEDULER = 'kube-scheduler';
const CONTROLLER_MANAGER = 'kube-controller-manager';

export interface UpstreamLikeOptions {
  /**
   * The jobs with an alert `Upstream<Job>Down` each (`absent(up{job="<job>"} == 1)`, critical,
   * as kubernetes-mixin writes them), in this order: the jobs a platform prunes (GKE's
   * kube-scheduler and kube-controller-manager, EKS's with etcd), and any it must keep
   * (`apiserver`: its alert stays).
   * @default ['kube-scheduler', 'kube-controller-manager']
   */
  jobs?: readonly string[];
  /**
   * The content that tests where a pruning of kube-scheduler and kube-controller-manager must stop
   * or follow, besides the alerts of `jobs`: a recording rule on kube-scheduler with an alert and a
   * panel on its series (they go with it), an alert and a panel naming other jobs too (rewritten
   * without the pruned ones), an alert on any job and a recording rule and panel on the API server
   * (they stay), a panel on both jobs (it goes). Without it: the alerts of `jobs`, a dashboard on
   * kube-scheduler alone and one panel on the API server, kube-scheduler and
   * kube-controller-manager, content whose pruning counts are small enough to state in a test.
   * @default true
   */
  edgeCases?: boolean;
}

/**
 * The name of the alert the fixture has for `job`: `Upstream` and the job in PascalCase without
 * its `kube-` prefix (`kube-scheduler`: `UpstreamSchedulerDown`, `etcd`: `UpstreamEtcdDown`).
 */
export function upstreamDownAlert(job: string): string {
  const words = job.replace(/^kube-/, '').split(/[^A-Za-z0-9]+/);
  return `Upstream${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Down`;
}

/** The fixture's alert on `job`: fires when no target of the job answers, for 15 minutes. */
export function upstreamDownRule(job: string): AlertingRule {
  return {
    alert: upstreamDownAlert(job),
    expr: `absent(up{job="${job}"} == 1)`,
    for: '15m',
    labels: { severity: 'critical' },
    annotations: { description: `${job} has disappeared from Prometheus target discovery.` },
  };
}

/** A dashboard of the current schema: one panel per list of targets. */
function dashboard(title: string, panels: readonly (readonly string[])[]): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: panels.map((targets, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: `Panel ${i + 1}`,
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: 0, y: i * 8 },
      targets: targets.map((expr, j) => ({ refId: String.fromCharCode(65 + j), expr })),
    })),
  };
}

const SCHEDULING_RECORD = 'upstream:scheduler_e2e_duration:p99';

/** The content of `upstreamLike()`, to prune directly (`withoutJobs({ [UPSTREAM_LIKE_MIXIN]: upstreamLikeMixin() }, jobs)`). */
export function upstreamLikeMixin(options: UpstreamLikeOptions = {}): Mixin {
  const { jobs = [SCHEDULER, CONTROLLER_MANAGER], edgeCases = true } = options;
  const alerts = jobs.map(upstreamDownRule);
  const schedulerUp = `sum(up{job="${SCHEDULER}"})`;
  if (!edgeCases)
    return {
      title: 'Upstream Like',
      prometheusAlerts: { groups: [{ name: 'upstream-control-plane', rules: alerts }] },
      grafanaDashboards: {
        'scheduler.json': dashboard('Upstream / Scheduler', [[schedulerUp]]),
        'control-plane.json': dashboard('Upstream / Control plane', [
          [`sum by (job) (up{job=~"apiserver|${SCHEDULER}|${CONTROLLER_MANAGER}"})`],
        ]),
      },
    };
  return {
    title: 'Upstream Like',
    prometheusAlerts: {
      groups: [
        {
          name: 'upstream-control-plane',
          rules: [
            ...alerts,
            {
              alert: 'UpstreamSchedulingSlow',
              expr: `${SCHEDULING_RECORD} > 5`,
              labels: { severity: 'warning' },
            },
            {
              alert: 'UpstreamVersionMismatch',
              expr: `count(count by (git_version) (kubernetes_build_info{job=~"apiserver|kubelet|${CONTROLLER_MANAGER}|${SCHEDULER}"})) > 1`,
              labels: { severity: 'warning' },
            },
            { alert: 'UpstreamAnyTargetDown', expr: 'up{job=~".+"} == 0', labels: { severity: 'warning' } },
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
              record: SCHEDULING_RECORD,
              expr: `histogram_quantile(0.99, sum by (le) (rate(scheduler_e2e_scheduling_duration_seconds_bucket{job="${SCHEDULER}"}[5m])))`,
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
      'scheduler.json': dashboard('Upstream / Scheduler', [[schedulerUp], [SCHEDULING_RECORD]]),
      'control-plane.json': dashboard('Upstream / Control plane', [
        ['sum(up{job="apiserver"})'],
        [`sum(up{job="${CONTROLLER_MANAGER}"})`, schedulerUp],
        [`sum by (job) (up{job=~"apiserver|${SCHEDULER}"})`],
      ]),
    },
  };
}

/** A part adding `upstreamLikeMixin(options)` as the mixin `upstream-like` of the source `test`. */
export function upstreamLike(options: UpstreamLikeOptions = {}): Part {
  return definePart('upstream-like', (stack) =>
    addMixin(stack, 'test', UPSTREAM_LIKE_MIXIN, upstreamLikeMixin(options)),
  );
}
