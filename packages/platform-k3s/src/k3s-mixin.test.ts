import { alertsOf, createStack, render, renderMixins } from '@mixstack/core';
import { describeRunbooks, promtoolCheckRules, promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { type ControlPlaneOptions, defaultK3sOptions } from './config.js';
import { k3s } from './index.js';
import { K3S_MIXIN, k3sMixin } from './k3s-mixin.js';
import { type Case, k3sAlertCases, promtoolTestsOf } from './k3s-mixin-cases.test-helpers.js';

const PACKAGE = '@mixstack/platform-k3s';
const ALERTS_FILE = `${K3S_MIXIN}/prometheus_alerts.yaml`;
const servers = ['192.168.1.10'];
const controlPlane = (options: Partial<ControlPlaneOptions>): ControlPlaneOptions => ({
  ...defaultK3sOptions().controlPlane,
  servers,
  ...options,
});
const everything = controlPlane({ kubeProxy: true, etcd: true, supervisorMetrics: true });
const alertNames = (options: ControlPlaneOptions) => {
  const mixin = k3sMixin(options);
  return mixin ? [...new Set(alertsOf(mixin).map(({ rule }) => rule.alert))] : [];
};
const rules = () =>
  parse(renderMixins(createStack({}, [k3s({ controlPlane: everything })])).get(ALERTS_FILE)!);

describe('the k3s mixin follows what the nodes expose', () => {
  test('nothing exposed (or only the controller manager and the scheduler, which component-prometheus alerts on): no mixin', () => {
    expect(k3sMixin(controlPlane({}))).toBeUndefined();
    expect(k3sMixin(controlPlane({ controllerManager: true, scheduler: true }))).toBeUndefined();
    const result = render(createStack({}, [prometheus(), k3s()]));
    expect(result.sections.mixins[K3S_MIXIN]).toBeUndefined();
    expect(result.files.has('prometheusRules-k3s.yaml')).toBe(false);
  });

  test.each<[string, Partial<ControlPlaneOptions>, string[]]>([
    ['kube-proxy', { kubeProxy: true }, ['KubeProxyDown']],
    [
      'embedded etcd',
      { etcd: true },
      ['etcdMembersDown', 'etcdInsufficientMembers', 'etcdNoLeader', 'etcdHighNumberOfLeaderChanges'],
    ],
    ['the supervisor metrics', { supervisorMetrics: true }, ['K3sCertificateExpiration']],
  ])('%s exposed: its alerts only', (_, options, alerts) => {
    expect(alertNames(controlPlane(options))).toEqual(alerts);
  });

  test('every alert reads only the job of an endpoint that is exposed with it', () => {
    for (const [option, job] of [
      ['kubeProxy', 'kube-proxy'],
      ['etcd', 'etcd'],
      ['supervisorMetrics', 'k3s-supervisor'],
    ] as const) {
      const mixin = k3sMixin(controlPlane({ [option]: true }))!;
      for (const { rule } of alertsOf(mixin)) expect(rule.expr, rule.alert).toContain(`job="${job}"`);
    }
  });

  test('the rendered stack carries the mixin in a PrometheusRule', () => {
    const result = render(createStack({}, [prometheus(), k3s({ controlPlane: everything })]));
    const rule = parse(result.files.get('prometheusRules-k3s.yaml')!);
    expect(rule.spec.groups.map((g: { name: string }) => g.name)).toEqual([
      'kubernetes-system-kube-proxy',
      'etcd',
      'k3s-certificates',
    ]);
  });
});

describe('promtool', () => {
  test('check rules accepts the rule file', () => {
    const { code, output } = promtoolCheckRules({ 'k3s.yaml': rules() });
    expect(code, output).toBe(0);
    expect(output).toContain('SUCCESS: 7 rules found');
  });

  test('every alert has a case where it fires and one where it stays silent, and passes them', () => {
    expect(Object.keys(k3sAlertCases)).toEqual(alertNames(everything));
    for (const [alert, cases] of Object.entries(k3sAlertCases)) {
      expect(
        cases.some((c) => c.fires.length > 0),
        alert,
      ).toBe(true);
      expect(
        cases.some((c) => c.fires.length === 0),
        alert,
      ).toBe(true);
    }
    const suite = promtoolSuite(rules(), promtoolTestsOf(k3sAlertCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('the cases can fail: a silent case expected to fire is reported', () => {
    const [firing, silent] = k3sAlertCases.etcdNoLeader!;
    const wrong = { etcdNoLeader: [{ ...silent!, fires: firing!.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules(), promtoolTestsOf(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: etcdNoLeader');
  });
});

describe('with several clusters in one store (multiCluster)', () => {
  const multiRules = () =>
    parse(
      renderMixins(createStack({ multiCluster: true }, [k3s({ controlPlane: everything })])).get(
        ALERTS_FILE,
      )!,
    );
  const proxy = (cluster: string, values: string) => ({
    series: `up{cluster="${cluster}", job="kube-proxy", instance="192.168.1.10:10249"}`,
    values,
  });
  const kubelet = (cluster: string) => ({
    series: `up{cluster="${cluster}", job="kubelet", instance="192.168.1.10:10250"}`,
    values: '1x30',
  });
  const fired = (cluster: string) => ({
    labels: { severity: 'critical', cluster },
    summary: 'No kube-proxy can be scraped.',
    description: k3sAlertCases.KubeProxyDown![0]!.fires[0]!.description,
  });
  const cases: Record<string, Case[]> = {
    KubeProxyDown: [
      {
        name: 'one cluster lost its kube-proxies, the other has them',
        input: [proxy('a', '0x30'), kubelet('a'), proxy('b', '1x30'), kubelet('b')],
        at: '20m',
        fires: [fired('a')],
      },
      {
        name: 'one cluster has no kube-proxy target at all',
        input: [kubelet('a'), proxy('b', '1x30'), kubelet('b')],
        at: '20m',
        fires: [fired('a')],
      },
      {
        name: 'both clusters have their kube-proxies',
        input: [proxy('a', '1x30'), kubelet('a'), proxy('b', '1x30'), kubelet('b')],
        at: '20m',
        fires: [],
      },
    ],
    etcdMembersDown: [
      {
        name: 'a member down in one cluster: that cluster only',
        input: [
          { series: 'up{cluster="a", job="etcd", instance="192.168.1.10:2381"}', values: '0x30' },
          { series: 'up{cluster="b", job="etcd", instance="192.168.1.10:2381"}', values: '1x30' },
        ],
        at: '15m',
        fires: [
          {
            ...k3sAlertCases.etcdMembersDown![0]!.fires[0]!,
            labels: { severity: 'critical', cluster: 'a', job: 'etcd' },
          },
        ],
      },
    ],
  };

  test('the alerts group by cluster, and pass their cases', () => {
    const { code: checked, output: checkOutput } = promtoolCheckRules({ 'k3s.yaml': multiRules() });
    expect(checked, checkOutput).toBe(0);
    for (const { rule } of alertsOf(k3sMixin(everything, true)!).filter(({ rule }) =>
      /\bby \(/.test(rule.expr),
    ))
      expect(rule.expr, rule.alert).toContain('by (cluster');
    const { code, output } = runPromtoolSuite(promtoolSuite(multiRules(), promtoolTestsOf(cases)));
    expect(code, output).toBe(0);
  });
});

describeRunbooks({ mixins: { [K3S_MIXIN]: k3sMixin(everything)! }, packageName: PACKAGE });
