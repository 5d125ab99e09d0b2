import { alertsOf, createStack, type Part, render, renderMixins } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { sizing } from './index.js';
import { testMixin } from './test-helpers.js';

const mixinOf = (...parts: Part[]) => render(createStack({}, parts)).sections.mixins.app!;

describe('sizing() on the mixins of the stack', () => {
  test('adds the labels to every alert, over its own, and keeps its severity', () => {
    const alerts = alertsOf(mixinOf(testMixin(), sizing({ labels: { team: 'platform' } })));
    expect(alerts.map(({ rule }) => [rule.alert, rule.labels])).toEqual([
      ['AppDown', { severity: 'critical', team: 'platform' }],
      ['AppSlow', { severity: 'warning', team: 'platform' }],
    ]);
  });

  test('leaves recording rules alone, and is there in the exported mixins', () => {
    const parts = [testMixin(), sizing({ labels: { team: 'platform' } })];
    expect(mixinOf(...parts).prometheusRules).toEqual(mixinOf(testMixin()).prometheusRules);
    expect(renderMixins(createStack({}, parts)).get('app/prometheus_alerts.yaml')).toContain(
      'team: platform',
    );
  });

  test('the order of the parts does not matter, and two calls add both', () => {
    const [a, b] = [sizing({ labels: { team: 'platform' } }), sizing({ labels: { tier: '1' } })];
    const labels = (parts: Part[]) => alertsOf(mixinOf(...parts)).map(({ rule }) => rule.labels);
    expect(labels([a, b, testMixin()])).toEqual(labels([testMixin(), b, a]));
    expect(labels([testMixin(), a, b])[0]).toEqual({ severity: 'critical', team: 'platform', tier: '1' });
  });
});
