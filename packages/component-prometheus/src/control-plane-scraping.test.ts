import { alertsOf, createStack, type Mixin, recordingRulesOf, render } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus } from './index.js';

/** What a stack with these control-plane settings renders for kube-scheduler and kube-controller-manager. */
function controlPlaneOf(common: { managedControlPlane?: boolean; platformScrapesControlPlane?: boolean }) {
  const result = render(createStack(common, [prometheus()]));
  const kubernetes = result.sections.mixins.kubernetes as Mixin;
  return {
    monitors: result.objects
      .filter((o) => o.component === 'kubernetesControlPlane')
      .map((o) => o.key)
      .sort(),
    alerts: alertsOf(kubernetes)
      .map(({ rule }) => rule.alert)
      .filter((name) => /^Kube(Scheduler|ControllerManager)/.test(name))
      .sort(),
    recordingGroups: (kubernetes.prometheusRules?.groups ?? [])
      .map((group) => group.name)
      .filter((name) => name.startsWith('kube-scheduler')),
    readsTheirJobs: [...alertsOf(kubernetes), ...recordingRulesOf(kubernetes)].some(({ rule }) =>
      /kube-scheduler|kube-controller-manager/.test(rule.expr),
    ),
    dashboards: Object.keys(kubernetes.grafanaDashboards ?? {})
      .filter((file) => /scheduler|controller-manager/.test(file))
      .sort(),
  };
}

const SCHEDULER_AND_CONTROLLER_MANAGER_ALERTS = [
  'KubeControllerManagerDown',
  'KubeControllerManagerInstanceUnreachable',
  'KubeSchedulerDown',
  'KubeSchedulerInstanceUnreachable',
];
const THEIR_DASHBOARDS = ['k8s-controller-manager.json', 'k8s-scheduler.json'];
const THEIR_MONITORS = ['serviceMonitorKubeControllerManager', 'serviceMonitorKubeScheduler'];
const OTHER_MONITORS = ['serviceMonitorApiserver', 'serviceMonitorCoreDNS', 'serviceMonitorKubelet'];

describe('kube-scheduler and kube-controller-manager', () => {
  test('a self-hosted control plane: this package monitors them, with their alerts, rules and dashboards', () => {
    expect(controlPlaneOf({})).toEqual({
      monitors: [...OTHER_MONITORS, ...THEIR_MONITORS].sort(),
      alerts: SCHEDULER_AND_CONTROLLER_MANAGER_ALERTS,
      recordingGroups: ['kube-scheduler.rules'],
      readsTheirJobs: true,
      dashboards: THEIR_DASHBOARDS,
    });
  });

  test('a managed control plane nobody scrapes: no monitor, and nothing reads their jobs', () => {
    expect(controlPlaneOf({ managedControlPlane: true })).toEqual({
      monitors: OTHER_MONITORS,
      alerts: [],
      recordingGroups: [],
      readsTheirJobs: false,
      dashboards: [],
    });
  });

  test('a managed control plane the platform scrapes: no monitor of ours, their alerts, rules and dashboards kept', () => {
    expect(controlPlaneOf({ managedControlPlane: true, platformScrapesControlPlane: true })).toEqual({
      monitors: OTHER_MONITORS,
      alerts: SCHEDULER_AND_CONTROLLER_MANAGER_ALERTS,
      recordingGroups: ['kube-scheduler.rules'],
      readsTheirJobs: true,
      dashboards: THEIR_DASHBOARDS,
    });
  });

  test('the platform scraping them, the same alerts as for a self-hosted control plane, byte for byte', () => {
    const groups = (common: { managedControlPlane?: boolean; platformScrapesControlPlane?: boolean }) =>
      render(createStack(common, [prometheus()])).files.get('prometheusRules-kubernetes.yaml');
    expect(groups({ managedControlPlane: true, platformScrapesControlPlane: true })).toBe(groups({}));
  });

  test('controlPlane.kubeScheduler: false still leaves out its alerts when the platform scrapes it', () => {
    const result = render(
      createStack({ managedControlPlane: true, platformScrapesControlPlane: true }, [
        prometheus({ controlPlane: { kubeScheduler: false } }),
      ]),
    );
    const names = alertsOf(result.sections.mixins.kubernetes as Mixin).map(({ rule }) => rule.alert);
    expect(names).not.toContain('KubeSchedulerDown');
    expect(names).toContain('KubeControllerManagerDown');
  });
});
