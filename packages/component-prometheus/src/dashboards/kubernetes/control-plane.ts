import type { Dashboard } from '@mixstack/core';
import { buildDashboard, queryVariable, type StatSpec } from '@mixstack/kit';
import { processPanels } from '../process.js';
import { p99, rate, sumBy } from '../promql.js';
import type { Scope } from '../variables.js';
import { apiClientPanels } from './kubelet.js';
import { KUBERNETES_LINK_TITLE, KUBERNETES_TAG, kubeSelectors, kubeVariables } from './shared.js';

/**
 * The dashboards of kube-scheduler and kube-controller-manager, for clusters whose control
 * plane is scraped (self-hosted, or `platformScrapesControlPlane`).
 */

const INSTANCE = 'instance=~"$instance"';

const upStat = (title: string, description: string, expr: string): StatSpec => ({
  kind: 'stat',
  title,
  description,
  unit: 'none',
  width: 24,
  query: { expr },
});

/** Kubernetes / Scheduler */
export function schedulerDashboard(scope: Scope): Dashboard {
  const k = kubeSelectors(scope);
  const v = kubeVariables(scope);
  const scheduler = k.scheduler(INSTANCE);
  return buildDashboard({
    title: 'Kubernetes / Scheduler',
    description: 'kube-scheduler: how many pods it places, how fast, and how many wait.',
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [
      v.datasource(),
      v.cluster(),
      queryVariable('instance', 'Instance', `up${k.scheduler()}`, 'instance', { allValue: '.+' }),
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          upStat(
            'Schedulers up',
            'kube-scheduler instances Prometheus scrapes successfully right now (one is the leader, the others stand by).',
            `sum(up${k.scheduler()})`,
          ),
        ],
      },
      {
        title: 'Scheduling',
        panels: [
          {
            kind: 'timeseries',
            title: 'Scheduling attempts by result',
            description:
              'Attempts per second to place a pod, by result: scheduled, unschedulable (no node fits) or error.',
            unit: 'ops',
            width: 12,
            min: 0,
            queries: [
              {
                expr: sumBy(['result'], rate('scheduler_schedule_attempts_total', scheduler)),
                legend: '{{result}}',
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Scheduling attempt latency (p99) by result',
            description:
              '99th percentile of the time one scheduling attempt takes (filtering, scoring, binding), by result.',
            unit: 's',
            width: 12,
            min: 0,
            queries: [
              {
                expr: p99('scheduler_scheduling_attempt_duration_seconds', scheduler, ['result']),
                legend: '{{result}}',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Pending pods by queue',
            description:
              'Pods waiting to be scheduled, by queue: active (about to be tried), backoff (failed recently), unschedulable (waiting for the cluster to change), gated.',
            unit: 'short',
            width: 12,
            min: 0,
            queries: [{ expr: sumBy(['queue'], `scheduler_pending_pods${scheduler}`), legend: '{{queue}}' }],
          },
          {
            kind: 'timeseries',
            title: 'Pod scheduling latency (p99)',
            description:
              '99th percentile of the time from a pod entering the scheduling queue to its placement, all attempts included (the scheduling SLI).',
            unit: 's',
            width: 12,
            min: 0,
            queries: [
              {
                expr: p99('scheduler_pod_scheduling_sli_duration_seconds', scheduler, []),
                legend: 'p99',
                exemplar: true,
              },
            ],
          },
        ],
      },
      { title: 'Kubernetes API', panels: apiClientPanels(scheduler, 'the scheduler') },
      { title: 'Process', panels: processPanels(scheduler, 'instance', 'scheduler') },
    ],
  });
}

/** Kubernetes / Controller Manager */
export function controllerManagerDashboard(scope: Scope): Dashboard {
  const k = kubeSelectors(scope);
  const v = kubeVariables(scope);
  const manager = k.controllerManager(INSTANCE);
  return buildDashboard({
    title: 'Kubernetes / Controller Manager',
    description:
      "kube-controller-manager: how its controllers' work queues keep up, and its use of the API server.",
    tag: KUBERNETES_TAG,
    linkTitle: KUBERNETES_LINK_TITLE,
    variables: [
      v.datasource(),
      v.cluster(),
      queryVariable('instance', 'Instance', `up${k.controllerManager()}`, 'instance', { allValue: '.+' }),
    ],
    rows: [
      {
        title: 'Overview',
        panels: [
          upStat(
            'Controller managers up',
            'kube-controller-manager instances Prometheus scrapes successfully right now (one is the leader, the others stand by).',
            `sum(up${k.controllerManager()})`,
          ),
        ],
      },
      {
        title: 'Work queues',
        panels: [
          {
            kind: 'timeseries',
            title: 'Work queue additions by controller',
            description:
              'Items added per second to the work queue of each controller (objects to reconcile).',
            unit: 'ops',
            width: 8,
            min: 0,
            queries: [{ expr: sumBy(['name'], rate('workqueue_adds_total', manager)), legend: '{{name}}' }],
          },
          {
            kind: 'timeseries',
            title: 'Work queue depth by controller',
            description:
              'Items waiting in the work queue of each controller: a queue that keeps growing is not being worked off.',
            unit: 'short',
            width: 8,
            min: 0,
            queries: [{ expr: sumBy(['name'], `workqueue_depth${manager}`), legend: '{{name}}' }],
          },
          {
            kind: 'timeseries',
            title: 'Work queue latency (p99) by controller',
            description:
              '99th percentile of the time an item waits in the queue of each controller before it is reconciled.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [
              {
                expr: p99('workqueue_queue_duration_seconds', manager, ['name']),
                legend: '{{name}}',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Work latency (p99) by controller',
            description: '99th percentile of the time one reconciliation of each controller takes.',
            unit: 's',
            width: 12,
            min: 0,
            queries: [
              {
                expr: p99('workqueue_work_duration_seconds', manager, ['name']),
                legend: '{{name}}',
                exemplar: true,
              },
            ],
          },
          {
            kind: 'timeseries',
            title: 'Retries by controller',
            description:
              'Items put back into the queue of each controller per second because their reconciliation failed.',
            unit: 'ops',
            width: 12,
            min: 0,
            queries: [
              { expr: sumBy(['name'], rate('workqueue_retries_total', manager)), legend: '{{name}}' },
            ],
          },
        ],
      },
      { title: 'Kubernetes API', panels: apiClientPanels(manager, 'the controller manager') },
      { title: 'Process', panels: processPanels(manager, 'instance', 'controller manager') },
    ],
  });
}
