import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { addMixin, addPatch, createStack } from '../compose.js';
import type { Mixin } from '../mixin.js';
import type { Stack } from '../stack.js';
import { stableUid } from './hash.js';
import { renderMixins } from './mixins.js';

const node: Mixin = {
  title: 'Node Exporter',
  prometheusAlerts: {
    groups: [
      {
        name: 'node-exporter',
        rules: [
          {
            alert: 'NodeFilesystemAlmostFull',
            expr: 'node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05',
            for: '30m',
            labels: { severity: 'critical' },
            annotations: { summary: 'Filesystem is almost full.' },
          },
        ],
      },
    ],
  },
  prometheusRules: {
    groups: [
      {
        name: 'node.rules',
        rules: [
          {
            record: 'instance:node_cpus:count',
            expr: 'count by (instance) (node_cpu_seconds_total{mode="idle"})',
          },
        ],
      },
    ],
  },
  grafanaDashboards: {
    'nodes.json': {
      title: 'Nodes',
      panels: [
        {
          datasource: { type: 'prometheus', uid: 'prometheus' },
          targets: [{ expr: 'rate(node_cpu_seconds_total[5m])' }],
        },
      ],
    },
    'fixed.json': { title: 'Fixed', uid: 'fixed-uid' },
  },
};

const alertsOnly: Mixin = {
  title: 'Alertmanager',
  prometheusAlerts: {
    groups: [
      {
        name: 'alertmanager',
        rules: [{ alert: 'AlertmanagerDown', expr: 'absent(up{job="alertmanager"})' }],
      },
    ],
  },
  prometheusRules: { groups: [] },
};

const stackWith = (...mixins: [string, Mixin][]): Stack =>
  mixins.reduce((stack, [name, mixin]) => addMixin(stack, `pkg-${name}`, name, mixin), createStack());

describe('renderMixins', () => {
  test('writes the standard monitoring-mixins layout, mixins and dashboards by name', () => {
    const files = renderMixins(stackWith(['node-exporter', node], ['alertmanager', alertsOnly]));
    expect([...files.keys()]).toEqual([
      'alertmanager/prometheus_alerts.yaml',
      'node-exporter/prometheus_alerts.yaml',
      'node-exporter/prometheus_rules.yaml',
      'node-exporter/dashboards_out/fixed.json',
      'node-exporter/dashboards_out/nodes.json',
    ]);
  });

  test('rule files hold { groups } as Prometheus loads them; dashboards are canonical JSON with a stable uid', () => {
    const files = renderMixins(stackWith(['node-exporter', node]));
    expect(parse(files.get('node-exporter/prometheus_alerts.yaml')!)).toEqual(node.prometheusAlerts);
    expect(parse(files.get('node-exporter/prometheus_rules.yaml')!)).toEqual(node.prometheusRules);
    const dashboard = files.get('node-exporter/dashboards_out/nodes.json')!;
    expect(JSON.parse(dashboard)).toEqual({
      ...node.grafanaDashboards!['nodes.json'],
      uid: stableUid('node-exporter', 'nodes.json'),
    });
    expect(dashboard.startsWith('{\n  "panels": [')).toBe(true);
    expect(dashboard.endsWith('}\n')).toBe(true);
    expect(JSON.parse(files.get('node-exporter/dashboards_out/fixed.json')!).uid).toBe('fixed-uid');
  });

  test('section patches apply (a dropped alert group is not exported)', () => {
    const stack = addPatch(stackWith(['node-exporter', node]), {
      id: 'drop',
      source: 'lib-rules',
      target: 'sections',
      apply: (sections) => ({
        ...sections,
        mixins: {
          ...sections.mixins,
          'node-exporter': { ...sections.mixins['node-exporter']!, prometheusAlerts: { groups: [] } },
        },
      }),
    });
    expect([...renderMixins(stack).keys()]).not.toContain('node-exporter/prometheus_alerts.yaml');
  });

  test('lazy mixins are resolved against the final values', () => {
    const stack = addMixin(createStack({ cluster: 'prod' }), 'pkg', 'lazy', (values) => ({
      title: 'Lazy',
      prometheusRules: {
        groups: [{ name: 'g', rules: [{ record: 'r', expr: `up{cluster="${values.common.cluster}"}` }] }],
      },
    }));
    expect(parse(renderMixins(stack).get('lazy/prometheus_rules.yaml')!).groups[0].rules[0].expr).toBe(
      'up{cluster="prod"}',
    );
  });

  test('rules over logs are exported for a Loki ruler, next to the Prometheus ones', () => {
    const logAlerts = {
      groups: [
        {
          name: 'logs',
          rules: [{ alert: 'Panics', expr: 'sum(count_over_time({job="app"} |= "panic" [5m])) > 0' }],
        },
      ],
    };
    const logRules = {
      groups: [
        {
          name: 'logs-rec',
          rules: [{ record: 'job:lines:rate5m', expr: 'sum by (job) (rate({job="app"}[5m]))' }],
        },
      ],
    };
    const files = renderMixins(
      addMixin(createStack({}), 'pkg', 'app', { title: 'App', logAlerts, logRules }),
    );
    expect([...files.keys()]).toEqual(['app/loki_alerts.yaml', 'app/loki_rules.yaml']);
    expect(parse(files.get('app/loki_alerts.yaml')!)).toEqual(logAlerts);
    expect(parse(files.get('app/loki_rules.yaml')!)).toEqual(logRules);
  });

  test('an invalid expression stops the export with INVALID_EXPRESSION', () => {
    const broken: Mixin = {
      title: 'B',
      prometheusAlerts: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up{' }] }] },
    };
    expect(() => renderMixins(stackWith(['broken', broken]))).toThrow(
      expect.objectContaining({
        code: 'INVALID_EXPRESSION',
        address: 'mixin/broken',
        path: 'prometheusAlerts.groups.0.rules.0.expr',
      }),
    );
  });

  test('the same stack exports the same bytes', () => {
    const a = renderMixins(stackWith(['node-exporter', node], ['alertmanager', alertsOnly]));
    const b = renderMixins(stackWith(['alertmanager', alertsOnly], ['node-exporter', node]));
    expect([...a]).toEqual([...b]);
  });
});
