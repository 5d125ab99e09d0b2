import { alertsOf, createStack, renderMixins } from '@mixstack/core';
import { promtoolTests } from '@mixstack/kit';
import { promtoolSuite, runPromtoolSuite } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { pyroscope } from '../index.js';
import { pyroscopeAlertCases } from './alerts.cases.js';
import { MIXIN_NAME, pyroscopeMixin } from './mixin.js';

/** The mixin as `mixstack mixins` exports it: what Prometheus and promtool load. */
const exported = () => renderMixins(createStack({}, [pyroscope()]));

describe('the pyroscope mixin', () => {
  test('is exported in the monitoring-mixins layout: its alerts and its dashboard', () => {
    expect([...exported().keys()]).toEqual([
      `${MIXIN_NAME}/prometheus_alerts.yaml`,
      `${MIXIN_NAME}/dashboards_out/${MIXIN_NAME}.json`,
    ]);
  });

  test('every alert fires when it should and stays silent when it should not (promtool test rules)', () => {
    const alerts = alertsOf(pyroscopeMixin()).map(({ rule }) => rule.alert);
    expect(Object.keys(pyroscopeAlertCases)).toEqual(alerts);
    const rules = parse(exported().get(`${MIXIN_NAME}/prometheus_alerts.yaml`)!);
    const { code, output } = runPromtoolSuite(promtoolSuite(rules, promtoolTests(pyroscopeAlertCases)));
    expect(code, output).toBe(0);
  });
});
