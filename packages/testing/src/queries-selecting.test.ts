import type { Mixin } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { queriesSelecting } from './queries-selecting.js';

const prometheus = { type: 'prometheus', uid: 'prometheus' };
const mixin: Mixin = {
  title: 'M',
  prometheusAlerts: {
    groups: [
      {
        name: 'a',
        rules: [
          { alert: 'Down', expr: 'absent(up{job="kube-scheduler"} == 1)' },
          { alert: 'Other', expr: 'up{job="apiserver"} == 0' },
        ],
      },
    ],
  },
  prometheusRules: {
    groups: [{ name: 'r', rules: [{ record: 'x:up', expr: 'up{job=~"kube-scheduler"}' }] }],
  },
  grafanaDashboards: {
    'd.json': {
      title: 'D',
      templating: {
        list: [
          {
            name: 'all',
            type: 'query',
            datasource: prometheus,
            includeAll: true,
            query: 'label_values(up{job="kube-scheduler"}, instance)',
          },
          {
            name: 'one',
            type: 'query',
            datasource: prometheus,
            query: 'label_values(up{job="kube-scheduler"}, pod)',
          },
        ],
      },
      panels: [
        { type: 'timeseries', datasource: prometheus, targets: [{ expr: 'sum(up{job="apiserver"})' }] },
        { type: 'timeseries', datasource: prometheus, targets: [{ expr: 'sum(up{job="kube-scheduler"})' }] },
      ],
    },
  },
};

describe('queriesSelecting', () => {
  test('rules, panel queries and template variables without an "All" fallback that select the jobs, each named', () => {
    expect(queriesSelecting({ m: mixin }, ['kube-scheduler'])).toEqual([
      'm: absent(up{job="kube-scheduler"} == 1)',
      'm: up{job=~"kube-scheduler"}',
      'm/d.json panels.1.targets.0.expr: sum(up{job="kube-scheduler"})',
      'm/d.json templating.list.1.query: up{job="kube-scheduler"}',
    ]);
  });

  test('none on other jobs; a long expression is shortened for the message', () => {
    expect(queriesSelecting({ m: mixin }, ['etcd'])).toEqual([]);
    const long = `up{job="etcd"} + ${'x'.repeat(200)}`;
    const [found] = queriesSelecting(
      {
        e: { title: 'E', prometheusAlerts: { groups: [{ name: 'g', rules: [{ alert: 'L', expr: long }] }] } },
      },
      ['etcd'],
    );
    expect(found).toBe(`e: ${long.slice(0, 80)}`);
  });
});
