import { isMixstackError, type MixstackErrorCode } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import {
  dropAlerts,
  dropDashboards,
  dropRuleGroups,
  imageRegistry,
  patchAlert,
  setResources,
} from './index.js';

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (!isMixstackError(error)) throw error;
    return error;
  }
  throw new Error('expected a MixstackError, nothing was thrown');
}

const call =
  (fn: (...args: never[]) => unknown, ...args: unknown[]) =>
  () =>
    (fn as (...a: unknown[]) => unknown)(...args);

describe('the lib parts reject bad input when called, naming what is wrong and how to fix it', () => {
  test.each<[string, () => unknown, MixstackErrorCode, RegExp, RegExp?]>([
    [
      'dropAlerts without a list',
      call(dropAlerts, 'KubeCPUOvercommit'),
      'INVALID_OPTION',
      /a list of an alert name/,
    ],
    ['dropAlerts with an empty list', call(dropAlerts, []), 'INVALID_OPTION', /at least 1/],
    ['dropAlerts with a space in a name', call(dropAlerts, ['Kube CPU']), 'INVALID_OPTION', /alert name/],
    ['dropAlerts with a number', call(dropAlerts, [42]), 'INVALID_OPTION', /alert name/],
    ['dropRuleGroups with an empty name', call(dropRuleGroups, ['']), 'INVALID_OPTION', /rule group name/],
    [
      'dropDashboards with a padded name',
      call(dropDashboards, [' nodes.json']),
      'INVALID_OPTION',
      /dashboard/,
    ],
    ['patchAlert without a patch', call(patchAlert, 'A'), 'INVALID_OPTION', /changes nothing/],
    ['patchAlert with an empty patch', call(patchAlert, 'A', {}), 'INVALID_OPTION', /changes nothing/],
    [
      'patchAlert with a typo in a field',
      call(patchAlert, 'A', { severty: 'info' }),
      'INVALID_OPTION',
      /unknown option "severty"/,
      /severity/,
    ],
    [
      'patchAlert with an unknown severity',
      call(patchAlert, 'A', { severity: 'page' }),
      'INVALID_OPTION',
      /one of/,
    ],
    [
      'patchAlert with a misspelled severity',
      call(patchAlert, 'A', { severity: 'critcal' }),
      'INVALID_OPTION',
      /one of/,
      /critical/,
    ],
    ['patchAlert with a bad for', call(patchAlert, 'A', { for: '5 minutes' }), 'INVALID_OPTION', /duration/],
    [
      'patchAlert setting severity through labels',
      call(patchAlert, 'A', { labels: { severity: 'info' } }),
      'INVALID_OPTION',
      /cannot be set through labels/,
    ],
    [
      'patchAlert renaming through labels',
      call(patchAlert, 'A', { labels: { alertname: 'B' } }),
      'INVALID_OPTION',
      /cannot be set/,
    ],
    [
      'patchAlert with a bad label name',
      call(patchAlert, 'A', { labels: { 'team-name': 'a' } }),
      'INVALID_OPTION',
      /label name/,
    ],
    [
      'patchAlert with an expression that does not parse',
      call(patchAlert, 'A', { expr: 'sum(rate(x[5m])' }),
      'INVALID_OPTION',
      /does not parse/,
    ],
    ['patchAlert with an empty expression', call(patchAlert, 'A', { expr: '' }), 'INVALID_OPTION', /PromQL/],
    [
      'setResources for an unknown component',
      call(setResources, 'promethues', 'prometheus', { limits: { memory: '1Gi' } }),
      'NOT_FOUND',
      /unknown component "promethues"/,
      /prometheus/,
    ],
    [
      'setResources for an unknown workload',
      call(setResources, 'nodeExporter', 'node_exporter', { limits: { memory: '1Gi' } }),
      'NOT_FOUND',
      /unknown workload "node_exporter" of component "nodeExporter"/,
      /node-exporter, kube-rbac-proxy/,
    ],
    [
      'setResources with a bad quantity',
      call(setResources, 'grafana', 'grafana', { limits: { memory: '1 GB' } }),
      'INVALID_OPTION',
      /quantity/,
    ],
    [
      'setResources with nothing',
      call(setResources, 'grafana', 'grafana', {}),
      'INVALID_OPTION',
      /set nothing/,
    ],
    [
      'setResources with a typo',
      call(setResources, 'grafana', 'grafana', { limit: { memory: '1Gi' } }),
      'INVALID_OPTION',
      /unknown option "limit"/,
    ],
    [
      'imageRegistry with a scheme',
      call(imageRegistry, 'https://registry.example.com'),
      'INVALID_OPTION',
      /registry host/,
      /without a scheme/,
    ],
    [
      'imageRegistry with a trailing slash',
      call(imageRegistry, 'registry.example.com/'),
      'INVALID_OPTION',
      /registry host/,
    ],
    ['imageRegistry with nothing', call(imageRegistry), 'INVALID_OPTION', /registry host/],
  ])('%s', (_, fn, code, message, hint) => {
    const error = errorOf(fn);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    if (hint) expect(error.hint).toMatch(hint);
  });
});
