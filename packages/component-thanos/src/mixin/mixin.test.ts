import { alertsOf, createStack, renderMixins } from '@mixstack/core';
import { promtoolTests } from '@mixstack/kit';
import { promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { thanos } from '../index.js';
import { thanosAlertCases } from './alerts.cases.js';
import { MIXIN_NAME, thanosMixin } from './mixin.js';

/** The mixin as `mixstack mixins` exports it: what Prometheus and promtool load. */
const exported = () => renderMixins(createStack({}, [thanos()]));

describe('the thanos mixin', () => {
  test('is exported in the monitoring-mixins layout: its alerts and its dashboard', () => {
    expect([...exported().keys()]).toEqual([
      `${MIXIN_NAME}/prometheus_alerts.yaml`,
      `${MIXIN_NAME}/dashboards_out/${MIXIN_NAME}.json`,
    ]);
  });

  test('every alert fires when it should and stays silent when it should not (promtool test rules)', () => {
    const alerts = alertsOf(thanosMixin()).map(({ rule }) => rule.alert);
    expect(Object.keys(thanosAlertCases)).toEqual(alerts);
    const rules = parse(exported().get(`${MIXIN_NAME}/prometheus_alerts.yaml`)!);
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(thanosAlertCases)));
    expect(code, output).toBe(0);
  });
});
