import {
  addException,
  alertsOf,
  createStack,
  dashboardExpressions,
  type Mixin,
  type Part,
  type RenderResult,
  recordingRulesOf,
  render,
  type Stack,
  validateStack,
  withoutJobs,
} from '@mixstack/core';
import { hostAgent, queriesSelecting } from '@mixstack/testing';
import { grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { gke } from './index.js';

const project = 'acme-prod';

const components = (result: RenderResult) => [...new Set(result.objects.map((o) => o.component))].sort();
/** The safety problems of a stack from one check (other checks do not concern these tests). */
const problems = (parts: Part[], check: string) =>
  validateStack(createStack({}, parts)).filter(
    (p) => p.reason.startsWith(`[${check}]`) || p.message.includes(`[${check}]`),
  );

describe('gke({ mode: "autopilot" })', () => {
  const standard = render(createStack({}, [prometheus(), grafana(), gke({ project })]));
  const autopilot = render(createStack({}, [prometheus(), grafana(), gke({ project, mode: 'autopilot' })]));

  test('node-exporter, its namespace and everything in it are left out', () => {
    expect(components(standard)).toContain('nodeExporter');
    expect(components(autopilot)).not.toContain('nodeExporter');
    expect(
      autopilot.objects.filter((o) => o.object.metadata?.namespace === 'monitoring-node-exporter'),
    ).toEqual([]);
    expect(autopilot.objects.some((o) => o.object.kind === 'ResourceQuota')).toBe(false);
  });

  test('nothing Autopilot rejects is rendered', () => {
    const text = [...autopilot.files.values()].join('\n');
    expect(text).not.toMatch(/hostNetwork: true|hostPID: true|hostPath:|hostPort:|privileged: true/);
    expect([...standard.files.values()].join('\n')).toMatch(/hostNetwork: true/);
  });

  test('the rules and dashboards that need node-exporter go with it', () => {
    expect(queriesSelecting(standard.sections.mixins, ['node-exporter']).length).toBeGreaterThan(0);
    expect(queriesSelecting(autopilot.sections.mixins, ['node-exporter'])).toEqual([]);
  });

  test('a build-time notice says what is lost and why', () => {
    const notice = autopilot.summary.notices.find((n) => n.id === 'gke-left-out');
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toContain('GKE Autopilot rejects what it needs (host network and PID namespaces');
    expect(notice?.message).toContain('Lost: node CPU, memory, disk, filesystem and network metrics');
    expect(standard.summary.notices.some((n) => n.id === 'gke-left-out')).toBe(false);
  });

  test('another workload Autopilot would reject fails the build, and no exception lifts it', () => {
    const found = problems(
      [hostAgent('/var/lib/agent'), gke({ project, mode: 'autopilot' })],
      'gke-autopilot',
    );
    expect(found.map((p) => [p.code, p.address, p.path])).toEqual([
      ['SAFETY', 'hostAgent/daemonSet', 'spec.template.spec.volumes.0.hostPath'],
    ]);
    expect(found[0]!.message).toContain('GKE Autopilot rejects this');
    // Its own host-access exception covers it on Standard, where the check is not added.
    expect(problems([hostAgent('/var/lib/agent'), gke({ project })], 'gke-autopilot')).toEqual([]);
    expect(problems([hostAgent('/var/lib/agent'), gke({ project })], 'host-access')).toEqual([]);
  });

  test('hostPath under /var/log, which Autopilot admits for log collectors, passes; host network does not', () => {
    expect(
      problems([hostAgent('/var/log/pods'), gke({ project, mode: 'autopilot' })], 'gke-autopilot'),
    ).toEqual([]);
    expect(
      problems([hostAgent('/var/log/pods', true), gke({ project, mode: 'autopilot' })], 'gke-autopilot').map(
        (p) => p.path,
      ),
    ).toEqual(['spec.template.spec.hostNetwork']);
  });

  test('naming an exception to the Autopilot check is refused', () => {
    const excepted = (stack: Stack) =>
      addException(stack, {
        check: 'gke-autopilot',
        address: 'hostAgent/daemonSet',
        reason: 'please',
        source: 'test',
      });
    const found = validateStack(
      createStack({}, [hostAgent(), gke({ project, mode: 'autopilot' }), excepted]),
    );
    expect(found.some((p) => p.message.includes('gke-autopilot'))).toBe(true);
  });
});

describe("gke({ managedCollection }): next to GKE's Managed Service for Prometheus", () => {
  test('kube-state-metrics and node-exporter are not deployed, and what needs them goes', () => {
    const result = render(
      createStack({}, [
        prometheus(),
        grafana(),
        gke({ project, managedCollection: { nodeExporter: true, kubeStateMetrics: true } }),
      ]),
    );
    expect(components(result)).not.toContain('nodeExporter');
    expect(components(result)).not.toContain('kubeStateMetrics');
    expect(queriesSelecting(result.sections.mixins, ['node-exporter', 'kube-state-metrics'])).toEqual([]);
    const notice = result.summary.notices.find((n) => n.id === 'gke-left-out')!.message;
    expect(notice).toContain("GKE's managed collection exports the node metrics");
    expect(notice).toContain('"Kube state metrics" package');
  });

  test('by default both are deployed', () => {
    const result = render(createStack({}, [prometheus(), gke({ project })]));
    expect(components(result)).toEqual(expect.arrayContaining(['kubeStateMetrics', 'nodeExporter']));
  });

  test('leaving out a part the stack does not have is no error and no notice', () => {
    const result = render(
      createStack({}, [
        prometheus({ nodeExporter: false }),
        gke({ project, managedCollection: { nodeExporter: true } }),
      ]),
    );
    expect(result.summary.notices.some((n) => n.id === 'gke-left-out')).toBe(false);
  });
});

describe('the components GKE leaves out are turned off in the platform layer, not deleted', () => {
  const both = { nodeExporter: true, kubeStateMetrics: true };
  const stack = () => createStack({}, [prometheus(), grafana(), gke({ project, managedCollection: both })]);
  const result = render(stack());

  /** Every PromQL of the mixins, template variables with an "All" entry included. */
  const expressions = (mixins: Readonly<Record<string, Mixin>>) =>
    Object.values(mixins).flatMap((mixin) => [
      ...alertsOf(mixin).map(({ rule }) => rule.expr),
      ...recordingRulesOf(mixin).map(({ rule }) => rule.expr),
      ...Object.values(mixin.grafanaDashboards ?? {}).flatMap((d) =>
        dashboardExpressions(d).map((e) => e.expression),
      ),
    ]);

  test("through core's setComponentEnabled; no objects patch removes anything", () => {
    expect(result.stack.components.nodeExporter?.enabled).toBe(false);
    expect(result.stack.components.kubeStateMetrics?.enabled).toBe(false);
    expect(result.stack.has('nodeExporter')).toBe(false);
    const objectPatches = Object.values(stack().patches).filter((p) => p.target === 'objects');
    expect(objectPatches.map((p) => p.id)).toEqual(['@mixstack/platform-gke/critical-pods-quota']);
  });

  test('nothing of them is left, nothing points at them, and core validates the stack', () => {
    expect(validateStack(stack())).toEqual([]);
    expect(components(result)).not.toContain('nodeExporter');
    expect(components(result)).not.toContain('kubeStateMetrics');
    expect(result.summary.mixins).not.toContain('node-exporter');
    expect(result.summary.mixins).not.toContain('kube-state-metrics');
    // Not even a template variable with an "All" entry reads their jobs.
    expect(
      expressions(result.sections.mixins).filter((e) => /job="(node-exporter|kube-state-metrics)"/.test(e)),
    ).toEqual([]);
    // Grafana's dashboards link only to dashboards it provisions.
    const uids = new Set(
      Object.values(result.sections.mixins).flatMap((m) =>
        Object.values(m.grafanaDashboards ?? {}).map((d) => d.uid),
      ),
    );
    const links = [...JSON.stringify(result.sections.mixins).matchAll(/\/d\/([A-Za-z0-9_-]+)/g)].map(
      (m) => m[1]!,
    );
    expect(links.filter((uid) => !uids.has(uid))).toEqual([]);
    expect([...result.files.values()].join('\n')).not.toMatch(/node-exporter|kube-state-metrics/);
  });

  test('what their package leaves out is what pruning the stack by their jobs left out', () => {
    const deployed = render(createStack({}, [prometheus(), grafana(), gke({ project })])).sections.mixins;
    const others = Object.fromEntries(
      Object.entries(deployed).filter(([name]) => name !== 'node-exporter' && name !== 'kube-state-metrics'),
    );
    const pruned = withoutJobs(others, ['node-exporter', 'kube-state-metrics']).mixins;
    const names = (mixins: Readonly<Record<string, Mixin>>) =>
      Object.entries(mixins).map(([name, m]) => [
        name,
        alertsOf(m).map((a) => a.rule.alert),
        recordingRulesOf(m).map((r) => r.rule.record),
        Object.keys(m.grafanaDashboards ?? {}),
      ]);
    expect(names(result.sections.mixins)).toEqual(names(pruned));
  });

  test("a user's explicit enabled: true wins over the platform", () => {
    const forced = render(
      createStack({}, [
        prometheus({ nodeExporter: { enabled: true } }),
        grafana(),
        gke({ project, managedCollection: both }),
      ]),
    );
    expect(components(forced)).toContain('nodeExporter');
    expect(components(forced)).not.toContain('kubeStateMetrics');
    expect(forced.summary.mixins).toContain('node-exporter');
    expect(queriesSelecting(forced.sections.mixins, ['node-exporter']).length).toBeGreaterThan(0);
    const notice = forced.summary.notices.find((n) => n.id === 'gke-left-out')!.message;
    expect(notice).not.toContain('node-exporter');
    expect(notice).toContain('kube-state-metrics is left out');
  });

  test('on Autopilot, forcing node-exporter back fails the build on what Autopilot rejects', () => {
    const found = problems(
      [prometheus({ nodeExporter: { enabled: true } }), gke({ project, mode: 'autopilot' })],
      'gke-autopilot',
    );
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((p) => p.address))).toEqual(new Set(['nodeExporter/daemonSet']));
  });
});
