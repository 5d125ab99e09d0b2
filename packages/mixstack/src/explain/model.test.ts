import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addNotice,
  adjustReplicas,
  alertsOf,
  quantityValue,
  type RenderResult,
  render,
  type Stack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { loadStack } from '../cli/load-entry.js';
import { defaultStack } from '../default-stack.js';
import { explainModel, OVERRIDES_NOTICE, SIZING_NOTICE, type WorkloadView } from './model.js';
import { parseMatcher, type RouteConfig, receiversOf } from './sections/alert-routing.js';

// The GKE example (Slack with a critical channel and a team route, GKE, lib-rules overrides),
// loaded as `mixstack build` loads a stack module: this package does not depend on addons or
// platforms, which depend on it for their own tests.
const GKE_EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples/gke/stack.ts');
const gkeExample = await loadStack(GKE_EXAMPLE);

/** The default stack, then the GKE example. */
const SCENARIOS: Record<string, () => Stack> = {
  default: () => defaultStack(),
  'gke example': () => gkeExample,
};

const count = (result: RenderResult, kinds: readonly string[]) =>
  result.objects.filter((o) => kinds.includes(o.object.kind)).length;

function routesIn(routes: readonly { routes?: readonly unknown[] }[]): number {
  return routes.reduce((n, route) => n + 1 + routesIn((route.routes ?? []) as { routes?: unknown[] }[]), 0);
}

describe.each(Object.entries(SCENARIOS))('explainModel of the %s stack', (_name, make) => {
  const stack = make();
  const result = render(stack);
  const model = explainModel(result, { stack });
  const { summary, sections } = result;

  test('counts are the render result’s own numbers, those `mixstack build` prints', () => {
    expect(model.counts).toMatchObject({
      objects: summary.objects,
      files: summary.files,
      components: Object.keys(summary.byComponent).length,
      alerts: summary.alerts.total,
      alertsBySeverity: summary.alerts.bySeverity,
      recordingRules: summary.recordingRules,
      dashboards: summary.dashboards,
      mixins: summary.mixins.length,
      notices: summary.notices.length,
      datasources: Object.keys(sections.datasources).length,
      pipelines: Object.keys(sections.collectorPipelines).length,
      receivers: Object.keys(sections.alerting.receivers).length,
      inhibitRules: Object.keys(sections.alerting.inhibitRules).length,
      // The root and every route under it.
      routes: 1 + routesIn(sections.alerting.routes.map((r) => r.route)),
      namespaces: count(result, ['Namespace']),
      services: count(result, ['Service']),
      workloads: count(result, ['Deployment', 'StatefulSet', 'DaemonSet', 'Prometheus', 'Alertmanager']),
      scrapeTargets: count(result, ['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig']),
      // Those of the objects the stack renders.
      exceptions: [
        ...Object.values(stack.components).flatMap((c) =>
          (c.exceptions ?? []).map((e) => `${c.name}/${e.key}`),
        ),
        ...Object.values(stack.exceptions).map((e) => e.address),
      ].filter((address) =>
        result.objects.some((o) => o.address === address || `${o.component}/*` === address),
      ).length,
    });
  });

  test('each component’s objects are those the build summary lists for it', () => {
    for (const component of model.components) {
      const kinds = summary.byComponent[component.name]!;
      expect(component.kinds).toEqual(kinds);
      expect(component.objects).toBe(Object.values(kinds).reduce((a, b) => a + b, 0));
    }
  });

  test('every alert is listed once, under its mixin and severity', () => {
    const listed = model.alerts.flatMap((g) =>
      g.alerts.filter((a) => a.evaluatedBy === 'prometheus').map((a) => `${g.mixin}/${g.severity}/${a.name}`),
    );
    const expected = Object.entries(sections.mixins).flatMap(([mixin, m]) =>
      alertsOf(m).map(({ rule }) => `${mixin}/${rule.labels?.severity ?? 'none'}/${rule.alert}`),
    );
    expect(listed.sort()).toEqual(expected.sort());
    for (const group of model.alerts)
      for (const alert of group.alerts) expect(alert.receivers.length, alert.name).toBeGreaterThan(0);
  });

  test('a mixin’s alerts are grouped from the most urgent severity to the least', () => {
    const rank = ['critical', 'warning', 'info', 'none'];
    for (const mixin of new Set(model.alerts.map((g) => g.mixin))) {
      const order = model.alerts.filter((g) => g.mixin === mixin).map((g) => rank.indexOf(g.severity));
      expect(order, mixin).toEqual([...order].sort((x, y) => x - y));
    }
  });

  test('dashboards per folder add up to the summary, and every dashboard has panels', () => {
    expect(model.folders.reduce((n, f) => n + f.dashboards.length, 0)).toBe(summary.dashboards);
    for (const folder of model.folders) {
      expect(folder.title).toBe(sections.mixins[folder.mixin]!.title);
      for (const dashboard of folder.dashboards) expect(dashboard.panels, dashboard.file).toBeGreaterThan(0);
    }
  });

  test('namespaces carry the Pod Security level of their labels', () => {
    expect(model.namespaces.find((n) => n.name === 'monitoring')?.enforce).toBe('restricted');
    expect(model.namespaces.find((n) => n.name === 'monitoring-node-exporter')?.enforce).toBe('privileged');
  });

  test('every correlation link joins two datasources of the stack', () => {
    const uids = new Set(Object.keys(sections.datasources));
    expect(model.links.length).toBeGreaterThan(0);
    for (const link of model.links) {
      expect(uids.has(link.from)).toBe(true);
      expect(uids.has(link.to)).toBe(true);
    }
    expect(model.links.map((l) => l.kind)).toEqual(
      expect.arrayContaining(['exemplars → traces', 'traces → logs']),
    );
  });
});

describe('explainModel of the GKE example: Slack and GKE', () => {
  const stack = SCENARIOS['gke example']!();
  const result = render(stack);
  const model = explainModel(result, { stack });

  test('receivers show their Slack channels, and critical alerts reach the critical channel', () => {
    const channels = Object.fromEntries(
      model.receivers.map((r) => [r.name, r.integrations.flatMap((i) => i.channels)]),
    );
    expect(Object.values(channels).flat().sort()).toEqual([
      '#alerts',
      '#alerts-critical',
      '#payments-alerts',
    ]);
    const pager = Object.keys(channels).find((name) => channels[name]!.includes('#alerts-critical'))!;
    const critical = model.alerts.filter((g) => g.severity === 'critical').flatMap((g) => g.alerts);
    expect(critical.length).toBeGreaterThan(0);
    // The SLO's alerts carry team: payments, which the team's route takes first (tested below).
    for (const alert of critical.filter((a) => a.name !== 'SLOErrorBudgetBurn'))
      expect(alert.receivers, alert.name).toEqual([pager]);
    expect(
      model.routing?.routes.some((r) => r.receiver === pager && r.matchers.includes('severity="critical"')),
    ).toBe(true);
  });

  test("an SLO's burn-rate alerts flow like any other: its team label takes them to the payments channel", () => {
    const payments = model.receivers.find((r) =>
      r.integrations.some((i) => i.channels.includes('#payments-alerts')),
    )!;
    const sloAlerts = model.alerts.flatMap((g) => g.alerts).filter((a) => a.name === 'SLOErrorBudgetBurn');
    expect(sloAlerts.length).toBe(4);
    for (const alert of sloAlerts) expect(alert.receivers, alert.name).toEqual([payments.name]);
    // ... and lib-rules patches them by name, as the example does.
    const rules = Object.entries(result.sections.mixins)
      .filter(([name]) => name.startsWith('slo-'))
      .flatMap(([, mixin]) => alertsOf(mixin).map((a) => a.rule));
    expect(rules.length).toBe(4);
    for (const rule of rules)
      expect(rule.annotations?.dashboard).toBe('https://grafana.acme.com/dashboards/f/slo/');
    expect(model.overrides?.summary).toContain('SLOErrorBudgetBurn (annotation dashboard)');
  });

  test('the platform’s notices are the summary’s, and the overrides are what lib-rules says it changed', () => {
    expect(model.notices.map((n) => n.id)).toEqual(expect.arrayContaining(['gke-platform']));
    expect(model.overrides?.summary).toMatch(
      /^Mixin overrides \(lib-rules\): dropped alerts: KubeCPUOvercommit/,
    );
  });
});

test('the overrides are what lib-rules says it changed, in its summary notice', () => {
  const message = 'Mixin overrides (lib-rules): dropped alerts: CPUThrottlingHigh.';
  const stack = addNotice(defaultStack(), '@test/lib', OVERRIDES_NOTICE, { level: 'info', message });
  expect(explainModel(render(stack)).overrides).toEqual({ summary: message });
});

describe('the resources the rendered objects ask for', () => {
  /** CPU (millicores) or memory (bytes) of a quantity as a workload view shows it. */
  const value = (q: string | undefined, cpu: boolean) =>
    q === undefined ? 0 : quantityValue(q)! * (cpu ? 1000 : 1);
  /** A pod's request: its containers added up, or its largest init container. */
  const podRequest = (w: WorkloadView, resource: 'cpu' | 'memory') => {
    const of = (init: boolean) =>
      w.containers.filter((c) => c.init === init).map((c) => value(c.requests[resource], resource === 'cpu'));
    return Math.max(
      of(false).reduce((a, b) => a + b, 0),
      ...of(true),
    );
  };

  test.each(Object.entries(SCENARIOS))(
    'of the %s stack add up the workloads shown, replicas counted, DaemonSets per node',
    (_name, make) => {
      const result = render(make());
      const model = explainModel(result);
      const workloads = model.components.flatMap((c) => c.workloads);
      const replicated = workloads.filter((w) => w.replicas !== undefined);
      const daemonSets = workloads.filter((w) => w.replicas === undefined);
      const { total } = model.resources;
      expect(total.replicated.pods).toBe(replicated.reduce((n, w) => n + w.replicas!, 0));
      expect(total.perNode.pods).toBe(daemonSets.length);
      for (const resource of ['cpu', 'memory'] as const) {
        const sum = replicated.reduce((n, w) => n + w.replicas! * podRequest(w, resource), 0);
        expect(Math.abs(total.replicated.requests[resource] - sum), resource).toBeLessThan(1);
        const perNode = daemonSets.reduce((n, w) => n + podRequest(w, resource), 0);
        expect(Math.abs(total.perNode.requests[resource] - perNode), resource).toBeLessThan(1);
      }
      const claims = replicated.flatMap((w) => w.storage.map((s) => w.replicas! * value(s.size, false)));
      const standalone = result.objects.filter((o) => o.object.kind === 'PersistentVolumeClaim').length;
      expect(total.claims).toBe(
        replicated.reduce((n, w) => n + w.replicas! * w.storage.length, 0) + standalone,
      );
      if (standalone === 0) expect(total.storage).toBe(claims.reduce((a, b) => a + b, 0));
      expect(total.storage).toBeGreaterThan(0);
      // The components' shares add up to the total.
      expect(model.resources.components.reduce((n, c) => n + c.replicated.pods, 0)).toBe(
        total.replicated.pods,
      );
      expect(model.resources.components.reduce((n, c) => n + c.storage, 0)).toBe(total.storage);
    },
  );

  test('one more Prometheus replica adds one pod, its requests and its volume', () => {
    const totals = (stack: Stack) =>
      explainModel(render(stack)).resources.components.find((c) => c.component === 'prometheus')!;
    const before = totals(defaultStack());
    const three = adjustReplicas(
      defaultStack(),
      { source: '@test/user', layer: 'user' },
      'prometheus',
      'server',
      3,
    );
    const after = totals(three);
    const server = explainModel(render(defaultStack()))
      .components.find((c) => c.name === 'prometheus')!
      .workloads.find((w) => w.kind === 'Prometheus')!;
    expect(after.replicated.pods).toBe(before.replicated.pods + 1);
    expect(after.replicated.requests.memory - before.replicated.requests.memory).toBe(
      podRequest(server, 'memory'),
    );
    expect(after.storage - before.storage).toBe(value(server.storage[0]!.size, false));
    expect(after.claims).toBe(before.claims + 1);
  });

  test('the sizing plan is what lib-sizing says in its summary notice', () => {
    expect(explainModel(render(defaultStack())).resources.sizing).toBeUndefined();
    const message = 'Sized from load (lib-sizing): 1,000,000 series. Plan: prometheus/server 2 × cpu 1600m.';
    const stack = addNotice(defaultStack(), '@test/lib', SIZING_NOTICE, { level: 'warning', message });
    expect(explainModel(render(stack)).resources.sizing).toEqual({ level: 'warning', summary: message });
  });
});

test('exceptions are those of the objects the stack renders, with their reasons', () => {
  const stack = defaultStack();
  const model = explainModel(render(stack), { stack });
  const shown = model.exceptions!.map((e) => `${e.check}@${e.address}`);
  // node-exporter needs the host; Alloy's eBPF profiler is not in the default stack (eBPF is off).
  expect(shown).toContain('host-access@nodeExporter/daemonSet');
  expect(shown.filter((e) => e.endsWith('alloy/profilerDaemonSet'))).toEqual([]);
  for (const exception of model.exceptions!) expect(exception.reason.trim()).not.toBe('');
});

test('without the stack, exceptions are unknown rather than none', () => {
  const model = explainModel(render(defaultStack()));
  expect(model.exceptions).toBeUndefined();
  expect(model.counts.exceptions).toBeUndefined();
});

describe('routing as Alertmanager matches', () => {
  const tree: RouteConfig = {
    receiver: 'default',
    routes: [
      { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
      // No receiver of its own: it inherits the root's.
      { matchers: ['env="dev"'] },
      { receiver: 'team-a', matchers: ['team=~"a|b"'], continue: true },
      {
        receiver: 'pager',
        matchers: ['severity="critical"'],
        routes: [{ receiver: 'db-pager', matchers: ['service!="web"', 'service=~"db.*"'] }],
      },
      {
        receiver: 'not-info',
        match_re: { severity: 'warning|critical' },
        matchers: ['severity!~"info|none"'],
      },
    ],
  };
  test.each<{ labels: Record<string, string>; receivers: string[] }>([
    { labels: { alertname: 'Watchdog', severity: 'none' }, receivers: ['null'] },
    { labels: { alertname: 'X', env: 'dev', severity: 'critical' }, receivers: ['default'] },
    // `continue` goes on to the next matching sibling.
    { labels: { alertname: 'X', team: 'a', severity: 'critical' }, receivers: ['team-a', 'pager'] },
    // A missing label is the empty string: `service!="web"` matches, `service=~"db.*"` does not.
    { labels: { alertname: 'X', severity: 'critical' }, receivers: ['pager'] },
    { labels: { alertname: 'X', severity: 'critical', service: 'db-main' }, receivers: ['db-pager'] },
    // Regexes are anchored: "ab" is neither "a" nor "b".
    { labels: { alertname: 'X', team: 'ab', severity: 'warning' }, receivers: ['not-info'] },
    { labels: { alertname: 'X', severity: 'info' }, receivers: ['default'] },
  ])('$labels → $receivers', ({ labels, receivers }) => {
    expect(receiversOf(tree, labels)).toEqual(receivers);
  });

  test('matchers are read in every form Alertmanager writes', () => {
    expect(parseMatcher('severity=critical')).toEqual({ label: 'severity', op: '=', value: 'critical' });
    expect(parseMatcher('  job !~ "a\\"b" ')).toEqual({ label: 'job', op: '!~', value: 'a"b' });
    expect(parseMatcher('{team!="x"}')).toEqual({ label: 'team', op: '!=', value: 'x' });
    expect(parseMatcher('no operator')).toBeUndefined();
  });
});
