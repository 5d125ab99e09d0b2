import {
  alertsOf,
  createStack,
  type Dashboard,
  type Mixin,
  recordingRulesOf,
  resolveValues,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { prometheus } from '../prometheus.js';
import { withoutStoppedParts } from './running-parts.js';
import { type MixinSelectors, mixinSelectors } from './selectors.js';

const base = mixinSelectors(resolveValues(createStack({}, [prometheus()]).values));
const selectors = (running: MixinSelectors['running']): MixinSelectors => ({ ...base, running });
/** node-exporter off, kube-state-metrics running. */
const nodeExporterOff = selectors({ nodeExporter: false, kubeStateMetrics: true });

const NE = 'job="node-exporter"';
const KSM = 'job="kube-state-metrics"';

const target = (expr: string) => ({ refId: 'A', expr });
const panel = (title: string, ...exprs: string[]) => ({
  type: 'timeseries',
  title,
  targets: exprs.map(target),
});
const variable = (name: string, query: string, includeAll: boolean) => ({
  type: 'query',
  name,
  query,
  includeAll,
});
const dashboard = (title: string, fields: Record<string, unknown>): Dashboard => ({ title, ...fields });

/** A mixin with something of every shape: rules on the jobs, on records of them, dashboards with rows and links. */
function sample(): Mixin {
  return {
    title: 'Sample',
    prometheusRules: {
      groups: [
        {
          name: 'node.rules',
          rules: [
            { record: 'instance:cpu:rate5m', expr: `rate(node_cpu_seconds_total{${NE}}[5m])` },
            { record: 'cluster:cpu:sum', expr: 'sum(instance:cpu:rate5m)' },
          ],
        },
        {
          name: 'mixed.rules',
          rules: [
            { record: 'namespace:up:sum', expr: `sum by (namespace) (up{${NE}})` },
            { record: 'namespace:up:sum', expr: `sum by (namespace) (up{${KSM}})` },
            { record: 'kubelet:up:sum', expr: 'sum(up{job="kubelet"})' },
          ],
        },
      ],
    },
    prometheusAlerts: {
      groups: [
        {
          name: 'node',
          rules: [
            { alert: 'NodeDown', expr: `up{${NE}} == 0` },
            { alert: 'ClusterCpuHigh', expr: 'cluster:cpu:sum > 0.9' },
          ],
        },
        {
          name: 'other',
          rules: [
            { alert: 'NamespaceDown', expr: 'namespace:up:sum == 0' },
            { alert: 'StateDown', expr: `up{${KSM}} == 0` },
            // Not the node-exporter job: another name that starts the same way.
            { alert: 'OtherExporterDown', expr: 'up{job="node-exporter-extra"} == 0' },
          ],
        },
      ],
    },
    grafanaDashboards: {
      'nodes.json': dashboard('Nodes', {
        uid: 'nodes',
        panels: [panel('CPU', 'instance:cpu:rate5m'), panel('Load', `node_load1{${NE}}`)],
      }),
      'per-node.json': dashboard('Per node', {
        uid: 'per-node',
        templating: { list: [variable('instance', `label_values(node_uname_info{${NE}}, instance)`, false)] },
        panels: [panel('Pods', 'kubelet_running_pods{job="kubelet"}')],
      }),
      'overview.json': dashboard('Overview', {
        uid: 'overview',
        templating: { list: [variable('cluster', `label_values(up{${NE}}, cluster)`, true)] },
        panels: [
          { type: 'row', title: 'Pods', panels: [] },
          panel('Kubelet and nodes', 'kubelet_running_pods{job="kubelet"}', `node_load1{${NE}}`),
          {
            ...panel('Namespaces', 'namespace:up:sum'),
            links: [
              { title: 'Nodes', url: '/d/nodes?var-x=1' },
              { title: 'Kubelet', url: '/d/overview' },
            ],
            fieldConfig: {
              defaults: {},
              overrides: [
                {
                  matcher: { id: 'byName', options: 'node' },
                  properties: [
                    { id: 'links', value: [{ title: 'Node', url: '/d/per-node?var-instance=a' }] },
                  ],
                },
                {
                  matcher: { id: 'byName', options: 'namespace' },
                  properties: [
                    { id: 'unit', value: 'short' },
                    { id: 'links', value: [{ title: 'Node', url: '/d/nodes' }] },
                  ],
                },
              ],
            },
          },
          { type: 'row', title: 'Nodes', panels: [] },
          panel('Node load', `node_load1{${NE}}`),
          {
            type: 'row',
            title: 'Collapsed, nodes only',
            collapsed: true,
            panels: [panel('In', `up{${NE}}`)],
          },
          {
            type: 'row',
            title: 'Collapsed, mixed',
            collapsed: true,
            panels: [panel('Kept', 'up{job="kubelet"}'), panel('Gone', `up{${NE}}`)],
          },
          { type: 'text', title: 'Notes' },
        ],
      }),
    },
  };
}

describe('withoutStoppedParts', () => {
  const out = withoutStoppedParts('sample', sample(), nodeExporterOff);

  test('with every part running, the mixin itself', () => {
    const mixin = sample();
    expect(
      withoutStoppedParts('sample', mixin, selectors({ nodeExporter: true, kubeStateMetrics: true })),
    ).toBe(mixin);
  });

  test('recording rules on the job go, then what is built on their series; a series another rule still records stays', () => {
    expect(recordingRulesOf(out).map((r) => [r.group, r.rule.record, r.rule.expr])).toEqual([
      ['mixed.rules', 'namespace:up:sum', `sum by (namespace) (up{${KSM}})`],
      ['mixed.rules', 'kubelet:up:sum', 'sum(up{job="kubelet"})'],
    ]);
  });

  test('alerts on the job or on its gone series go, and a group left empty; other jobs stay', () => {
    expect(alertsOf(out).map((a) => [a.group, a.rule.alert])).toEqual([
      ['other', 'NamespaceDown'],
      ['other', 'StateDown'],
      ['other', 'OtherExporterDown'],
    ]);
  });

  test('a dashboard left without queries goes, and one whose variable without "All" would list nothing', () => {
    expect(Object.keys(out.grafanaDashboards!)).toEqual(['overview.json']);
  });

  test('panels: dead ones and dead targets go, and rows left heading nothing; links to the dashboards gone go', () => {
    const overview = out.grafanaDashboards!['overview.json'] as Dashboard & {
      panels: Record<string, unknown>[];
    };
    expect(overview.panels.map((p) => p.title)).toEqual([
      'Pods',
      'Kubelet and nodes',
      'Namespaces',
      'Collapsed, mixed',
      'Notes',
    ]);
    expect(overview.panels[1]!.targets).toEqual([target('kubelet_running_pods{job="kubelet"}')]);
    expect((overview.panels[3]!.panels as { title: string }[]).map((p) => p.title)).toEqual(['Kept']);
    expect(overview.panels[2]!.links).toEqual([{ title: 'Kubelet', url: '/d/overview' }]);
    expect(overview.panels[2]!.fieldConfig).toEqual({
      defaults: {},
      overrides: [
        { matcher: { id: 'byName', options: 'namespace' }, properties: [{ id: 'unit', value: 'short' }] },
      ],
    });
    // A variable with an "All" entry stays: "All" still selects every series of the panels left.
    expect(overview.templating).toEqual(sample().grafanaDashboards!['overview.json']!.templating);
  });

  test('kube-state-metrics off as well: what read it goes too', () => {
    const both = withoutStoppedParts(
      'sample',
      sample(),
      selectors({ nodeExporter: false, kubeStateMetrics: false }),
    );
    expect(alertsOf(both).map((a) => a.rule.alert)).toEqual(['OtherExporterDown']);
    expect(recordingRulesOf(both).map((r) => r.rule.record)).toEqual(['kubelet:up:sum']);
  });

  test('the input is not modified', () => {
    const mixin = sample();
    withoutStoppedParts('sample', mixin, nodeExporterOff);
    expect(mixin).toEqual(sample());
  });
});
