import { createStack, renderMixins, resolveValues, stableUid } from '@mixstack/core';
import { grafanaVar } from '@mixstack/kit';
import { describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';
import {
  type BuiltDashboard,
  builtDashboards,
  type Json,
  panelsOf,
  targetsOf,
  variablesOf,
  withDashboards,
} from './dashboards.test-helpers.js';
import { dashboardsOf } from './index.js';

const KEYWORDS = /^(and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan)$/i;

/** Names in an expression that are neither followed by a selector or an argument list nor keywords. */
function bareNames(expr: string): string[] {
  const text = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...text.matchAll(/(?<![\w:.$])[a-zA-Z_:][\w:]*(?![\w:])/g)]
    .filter((m) => !KEYWORDS.test(m[0]) && !/^\s*[{(]/.test(text.slice(m.index + m[0].length)))
    .map((m) => m[0]);
}

test.each([
  ['sum(up)', ['up']],
  ['sum by (pod) (rate(foo_total{job="x"}[5m])) / bar', ['bar']],
  ['count(a:b:{c="d"}) * on (x) group_left () up{job="y"}', []],
  ['histogram_quantile(0.99, sum by (le) (rate(x_bucket{job="j"}[$__rate_interval])))', []],
])('bareNames(%s) finds metrics without a selector', (expr, expected) => {
  expect(bareNames(expr)).toEqual(expected);
});

const defaultStack = () => createStack({}, [prometheus(), withDashboards()]);
const all = builtDashboards(defaultStack());
const name = (d: BuiltDashboard) => `${d.mixin}/${d.file}`;

describe('the dashboards of the metrics stack', () => {
  test('are one file per question, titled like kube-prometheus', () => {
    expect(Object.fromEntries(all.map((d) => [name(d), d.dashboard.title]))).toEqual({
      'kubernetes/k8s-resources-cluster.json': 'Kubernetes / Compute Resources / Cluster',
      'kubernetes/k8s-resources-namespace-pods.json': 'Kubernetes / Compute Resources / Namespace (Pods)',
      'kubernetes/k8s-resources-namespace-workloads.json':
        'Kubernetes / Compute Resources / Namespace (Workloads)',
      'kubernetes/k8s-resources-workload.json': 'Kubernetes / Compute Resources / Workload',
      'kubernetes/k8s-resources-pod.json': 'Kubernetes / Compute Resources / Pod',
      'kubernetes/k8s-resources-node.json': 'Kubernetes / Compute Resources / Node (Pods)',
      'kubernetes/k8s-networking-cluster.json': 'Kubernetes / Networking / Cluster',
      'kubernetes/k8s-networking-namespace-pods.json': 'Kubernetes / Networking / Namespace (Pods)',
      'kubernetes/k8s-networking-namespace-workloads.json': 'Kubernetes / Networking / Namespace (Workloads)',
      'kubernetes/k8s-networking-workload.json': 'Kubernetes / Networking / Workload',
      'kubernetes/k8s-networking-pod.json': 'Kubernetes / Networking / Pod',
      'kubernetes/k8s-persistent-volumes.json': 'Kubernetes / Persistent Volumes',
      'kubernetes/k8s-kubelet.json': 'Kubernetes / Kubelet',
      'kubernetes/k8s-apiserver.json': 'Kubernetes / API server',
      'kubernetes/k8s-scheduler.json': 'Kubernetes / Scheduler',
      'kubernetes/k8s-controller-manager.json': 'Kubernetes / Controller Manager',
      'node-exporter/nodes.json': 'Node Exporter / Nodes',
      'node-exporter/use-method-cluster.json': 'Node Exporter / USE Method / Cluster',
      'node-exporter/use-method-node.json': 'Node Exporter / USE Method / Node',
      'prometheus/prometheus-overview.json': 'Prometheus / Overview',
      'alertmanager/alertmanager-overview.json': 'Alertmanager / Overview',
    });
    for (const d of all) expect(d.file, name(d)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.json$/);
  });

  test('leave out the scheduler and controller manager with a managed control plane', () => {
    const managed = builtDashboards(createStack({ managedControlPlane: true }, [prometheus()]));
    expect(managed.map(name)).toEqual(
      all
        .map(name)
        .filter((n) => !n.endsWith('/k8s-scheduler.json') && !n.endsWith('/k8s-controller-manager.json')),
    );
  });

  test('mixins without dashboards get none', () => {
    const values = resolveValues(createStack({}, [prometheus()]).values);
    expect(dashboardsOf('prometheus-operator', values)).toEqual({});
    expect(dashboardsOf('kube-state-metrics', values)).toEqual({});
  });

  test('set no uid (core derives it from mixin and file name) and get it from core in a stack', () => {
    for (const d of all) expect(d.dashboard.uid, name(d)).toBeUndefined();
    const files = renderMixins(defaultStack());
    for (const d of all) {
      const exported = JSON.parse(files.get(`${d.mixin}/dashboards_out/${d.file}`)!);
      expect(exported.uid).toBe(stableUid(d.mixin, d.file));
    }
  });

  test('are built fresh for every call, the same every time', () => {
    const again = builtDashboards(defaultStack());
    expect(again).toEqual(all);
    expect(again[0]!.dashboard).not.toBe(all[0]!.dashboard);
    expect(again[0]!.dashboard.panels).not.toBe(all[0]!.dashboard.panels);
  });
});

describe.each(all.map((d) => [name(d), d] as const))('%s', (_, d) => {
  const dashboard = d.dashboard;
  const panels = panelsOf(dashboard);
  const variables = variablesOf(dashboard);
  const defined = new Set(variables.map((v) => v.name as string));

  test('every panel has a title, a description, a unit and reads the datasource variable', () => {
    expect(panels.length).toBeGreaterThan(0);
    for (const panel of panels) {
      expect(panel.title, JSON.stringify(panel.gridPos)).toMatch(/\S/);
      expect(panel.description, panel.title).toMatch(/\S{3}/);
      expect(panel.fieldConfig.defaults.unit, panel.title).toMatch(/\S/);
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: grafanaVar('datasource') });
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets)
        expect(target.datasource, panel.title).toEqual({ type: 'prometheus', uid: grafanaVar('datasource') });
    }
  });

  test('variables: datasource, then cluster (All matches series without the label), then label_values chains', () => {
    expect(variables[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    expect(variables[1]).toMatchObject({ name: 'cluster', type: 'query', includeAll: true, allValue: '.*' });
    const seen = new Set<string>();
    for (const variable of variables) {
      if (variable.type === 'query') {
        expect(variable.query, variable.name).toMatch(/^label_values\(.+\{.*\}, [a-z_]+\)$/);
        expect(variable.datasource).toEqual({ type: 'prometheus', uid: grafanaVar('datasource') });
        // A variable's query reads only the variables before it: Grafana refreshes them in order.
        for (const used of variable.query.matchAll(/\$(\w+)/g))
          expect(seen, variable.name).toContain(used[1]);
        if (variable.name !== 'cluster')
          expect(variable.query, variable.name).toContain('cluster=~"$cluster"');
      }
      seen.add(variable.name);
    }
  });

  test('every query selects the cluster and the job of our ServiceMonitors (or reads a recording rule)', () => {
    for (const { panel, target } of targetsOf(dashboard)) {
      const selectors = [...(target.expr as string).matchAll(/([a-zA-Z_:][\w:]*)(\{[^}]*\})/g)];
      expect(selectors.length, panel.title).toBeGreaterThan(0);
      for (const [, metric, selector] of selectors) {
        expect(selector, `${panel.title}: ${metric}`).toContain('cluster=~"$cluster"');
        if (!metric!.includes(':')) expect(selector, `${panel.title}: ${metric}`).toMatch(/\bjob="[^"]+"/);
      }
      // No metric without a selector: every name is a function, a keyword, or has `{...}`.
      expect(bareNames(target.expr), `${panel.title}: ${target.expr}`).toEqual([]);
    }
  });

  test('queries use only variables the dashboard defines', () => {
    const grafana = new Set(['__rate_interval', '__interval', '__range']);
    for (const { panel, target } of targetsOf(dashboard)) {
      for (const used of (target.expr as string).matchAll(/\$(\w+)/g)) {
        if (!grafana.has(used[1]!)) expect(defined, panel.title).toContain(used[1]);
      }
    }
  });

  test('latency panels of histograms ask for exemplars; other panels do not', () => {
    for (const { panel, target } of targetsOf(dashboard)) {
      const histogram = /histogram_quantile\(.*_bucket\{/.test(target.expr);
      expect(target.exemplar === true, `${panel.title}: ${target.expr}`).toBe(histogram);
      if (histogram) expect(panel.fieldConfig.defaults.unit, panel.title).toBe('s');
    }
  });

  test('tables merge one instant query per column and name and unit every column', () => {
    for (const panel of panels.filter((p) => p.type === 'table')) {
      expect(
        panel.transformations.map((t: Json) => t.id),
        panel.title,
      ).toEqual(['merge', 'organize']);
      for (const target of panel.targets) {
        expect(target).toMatchObject({ instant: true, format: 'table' });
        const override = panel.fieldConfig.overrides.find(
          (o: Json) => o.matcher.id === 'byName' && o.matcher.options === `Value #${target.refId}`,
        );
        expect(
          override?.properties.map((p: Json) => p.id),
          `${panel.title} ${target.refId}`,
        ).toEqual(['displayName', 'unit']);
      }
    }
  });

  test('panels sit on the grid without overlapping, with unique ids', () => {
    const cells = new Set<string>();
    const ids = new Set<number>();
    for (const { gridPos, id, title } of dashboard.panels as Json[]) {
      expect(ids.has(id), title).toBe(false);
      ids.add(id);
      expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++)
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  test('link to the dashboards of their mixin (a dropdown by tag)', () => {
    expect(dashboard.tags).toEqual(['mixstack', d.mixin]);
    expect(dashboard.links).toMatchObject([
      { type: 'dashboards', tags: [d.mixin], includeVars: true, keepTime: true },
    ]);
  });
});

describe('cross-links', () => {
  const byUid = new Map(all.map((d) => [stableUid(d.mixin, d.file), d]));
  const links = all.flatMap((d) =>
    panelsOf(d.dashboard).flatMap((panel) =>
      [
        ...(panel.fieldConfig.overrides as Json[]).flatMap((o) =>
          (o.properties as Json[]).filter((p) => p.id === 'links').flatMap((p) => p.value as Json[]),
        ),
      ].map((link) => ({ from: `${name(d)} ${panel.title}`, source: d, link })),
    ),
  );

  test('go from the cluster down to namespaces, workloads and pods', () => {
    const pairs = new Set(
      links.map(
        ({ source, link }) =>
          `${source.file} -> ${byUid.get(/\/d\/(\w+)\?/.exec(link.url)?.[1] ?? '')?.file}`,
      ),
    );
    for (const pair of [
      'k8s-resources-cluster.json -> k8s-resources-namespace-pods.json',
      'k8s-resources-cluster.json -> k8s-resources-namespace-workloads.json',
      'k8s-resources-namespace-workloads.json -> k8s-resources-workload.json',
      'k8s-resources-workload.json -> k8s-resources-pod.json',
      'k8s-resources-namespace-pods.json -> k8s-resources-pod.json',
      'k8s-resources-node.json -> k8s-resources-pod.json',
      'k8s-networking-cluster.json -> k8s-networking-namespace-pods.json',
      'k8s-networking-namespace-workloads.json -> k8s-networking-workload.json',
      'k8s-networking-workload.json -> k8s-networking-pod.json',
    ])
      expect(pairs).toContain(pair);
  });

  test.each(links.map((l) => [l.from, l] as const))(
    '%s points at a dashboard of the set and sets its variables',
    (_, { link }) => {
      const match = /^\/d\/(\w+)\?(.*)$/.exec(link.url);
      expect(match, link.url).not.toBeNull();
      const target = byUid.get(match![1]!);
      expect(target, link.url).toBeDefined();
      const names = new Set(variablesOf(target!.dashboard).map((v) => v.name as string));
      const params = match![2]!.split('&');
      expect(params).toContain(grafanaVar('datasource:queryparam'));
      expect(params).toContain(grafanaVar('cluster:queryparam'));
      expect(params).toContain(grafanaVar('__url_time_range'));
      for (const param of params.filter((p) => p.startsWith('var-'))) {
        expect(names, link.url).toContain(param.slice(4, param.indexOf('=')));
      }
    },
  );
});

describe('values reach the queries', () => {
  const exprs = (stack: ReturnType<typeof createStack>) =>
    builtDashboards(stack).flatMap((d) => targetsOf(d.dashboard).map(({ target }) => target.expr as string));

  test('the Prometheus and Alertmanager selectors follow their names and the namespace', () => {
    const queries = exprs(
      createStack({ namespace: 'obs' }, [prometheus({ name: 'main', alertmanager: { name: 'ops' } })]),
    ).join('\n');
    expect(queries).toContain('job="prometheus-main", namespace="obs"');
    expect(queries).toContain('job="alertmanager-ops", namespace="obs"');
    expect(queries).not.toContain('prometheus-k8s');
  });

  test('the remote-write row follows remoteWriteReceiver', () => {
    const rows = (remoteWriteReceiver: boolean) =>
      builtDashboards(createStack({}, [prometheus({ remoteWriteReceiver })]))
        .find((d) => d.file === 'prometheus-overview.json')!
        .dashboard.panels.filter((p: Json) => p.type === 'row')
        .map((p: Json) => p.title);
    expect(rows(true)).toContain('Remote-write receiver');
    expect(rows(false)).not.toContain('Remote-write receiver');
  });
});

test('mixstack mixins exports every dashboard as dashboards_out JSON, and core parses every query', () => {
  const files = renderMixins(defaultStack());
  const exported = [...files.keys()].filter((path) => path.includes('/dashboards_out/'));
  expect(exported).toEqual(all.map((d) => `${d.mixin}/dashboards_out/${d.file}`).sort());
});
