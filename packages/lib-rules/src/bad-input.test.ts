import {
  createStack,
  type MixstackErrorCode,
  type Part,
  problemsOfPart,
  validateStack,
} from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import {
  dropAlerts,
  dropDashboards,
  dropRuleGroups,
  imageRegistry,
  patchAlert,
  setResources,
} from './index.js';

/** Calls a lib function with arguments its types would refuse. */
const call =
  (fn: (...args: never[]) => Part, ...args: unknown[]) =>
  () =>
    (fn as (...a: unknown[]) => Part)(...args);

/** One expected problem: its code, the address (the lib function), the argument path and the offending value. */
type Expected = [MixstackErrorCode, string, string | undefined, unknown];

const memory = { limits: { memory: '1Gi' } };

describe('the lib parts record every problem of their arguments, naming what is wrong and how to fix it', () => {
  test.each<[string, () => Part, Expected[], RegExp, RegExp?]>([
    [
      'dropAlerts without a list',
      call(dropAlerts, 'KubeCPUOvercommit'),
      [['INVALID_OPTION', 'lib-rules/dropAlerts', 'names', 'KubeCPUOvercommit']],
      /a list of an alert name/,
    ],
    [
      'dropAlerts without names',
      call(dropAlerts),
      [['INVALID_OPTION', 'lib-rules/dropAlerts', 'names', undefined]],
      /missing required option "names"/,
    ],
    [
      'dropAlerts with an empty list',
      call(dropAlerts, []),
      [['INVALID_OPTION', 'lib-rules/dropAlerts', 'names', []]],
      /at least 1/,
    ],
    [
      'dropAlerts with a space in one name and a number for another: both',
      call(dropAlerts, ['Kube CPU', 'KubeMemoryOvercommit', 42]),
      [
        ['INVALID_OPTION', 'lib-rules/dropAlerts', 'names.0', 'Kube CPU'],
        ['INVALID_OPTION', 'lib-rules/dropAlerts', 'names.2', 42],
      ],
      /alert name/,
    ],
    [
      'dropRuleGroups with an empty name',
      call(dropRuleGroups, ['']),
      [['INVALID_OPTION', 'lib-rules/dropRuleGroups', 'names.0', '']],
      /rule group name/,
    ],
    [
      'dropDashboards with a padded name',
      call(dropDashboards, [' nodes.json']),
      [['INVALID_OPTION', 'lib-rules/dropDashboards', 'names.0', ' nodes.json']],
      /dashboard/,
    ],
    [
      'patchAlert without a patch',
      call(patchAlert, 'A'),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch', {}]],
      /changes nothing/,
      /at least one of severity/,
    ],
    [
      'patchAlert with an empty patch',
      call(patchAlert, 'A', {}),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch', {}]],
      /changes nothing/,
    ],
    [
      'patchAlert with a typo in a field',
      call(patchAlert, 'A', { severty: 'info' }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.severty', 'info']],
      /unknown option "severty"/,
      /Did you mean "severity"/,
    ],
    [
      'patchAlert with an unknown severity',
      call(patchAlert, 'A', { severity: 'page' }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.severity', 'page']],
      /one of/,
    ],
    [
      'patchAlert with a misspelled severity',
      call(patchAlert, 'A', { severity: 'critcal' }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.severity', 'critcal']],
      /one of/,
      /critical/,
    ],
    [
      'patchAlert with a bad for',
      call(patchAlert, 'A', { for: '5 minutes' }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.for', '5 minutes']],
      /duration/,
    ],
    [
      'patchAlert setting severity through labels',
      call(patchAlert, 'A', { labels: { severity: 'info' } }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.labels', { severity: 'info' }]],
      /cannot be set through labels/,
      /severity field/,
    ],
    [
      'patchAlert renaming through labels',
      call(patchAlert, 'A', { labels: { alertname: 'B' } }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.labels', { alertname: 'B' }]],
      /cannot be set/,
    ],
    [
      'patchAlert with a bad label name',
      call(patchAlert, 'A', { labels: { 'team-name': 'a' } }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.labels.team-name', 'team-name']],
      /label name/,
    ],
    [
      'patchAlert with an expression that does not parse',
      call(patchAlert, 'A', { expr: 'sum(rate(x[5m])' }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.expr', 'sum(rate(x[5m])']],
      /does not parse/,
    ],
    [
      'patchAlert with an empty expression',
      call(patchAlert, 'A', { expr: '' }),
      [['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.expr', '']],
      /PromQL/,
    ],
    [
      'patchAlert with a bad name and a bad severity: both',
      call(patchAlert, 'Kube CPU', { severity: 'page' }),
      [
        ['INVALID_OPTION', 'lib-rules/patchAlert', 'name', 'Kube CPU'],
        ['INVALID_OPTION', 'lib-rules/patchAlert', 'patch.severity', 'page'],
      ],
      /alert name/,
    ],
    [
      'setResources with a component name that is no component name',
      call(setResources, 'Prometheus', 'prometheus', memory),
      [['INVALID_OPTION', 'lib-rules/setResources', 'component', 'Prometheus']],
      /component name/,
    ],
    [
      'setResources with a container name that is no container name',
      call(setResources, 'nodeExporter', 'node_exporter', memory),
      [['INVALID_OPTION', 'lib-rules/setResources', 'container', 'node_exporter']],
      /container name/,
    ],
    [
      'setResources with a bad quantity',
      call(setResources, 'grafana', 'grafana', { limits: { memory: '1 GB' } }),
      [['INVALID_OPTION', 'lib-rules/setResources', 'resources.limits.memory', '1 GB']],
      /quantity/,
    ],
    [
      'setResources with nothing',
      call(setResources, 'grafana', 'grafana', {}),
      [['INVALID_OPTION', 'lib-rules/setResources', 'resources', {}]],
      /set nothing/,
    ],
    [
      'setResources with a typo',
      call(setResources, 'grafana', 'grafana', { limit: { memory: '1Gi' } }),
      [['INVALID_OPTION', 'lib-rules/setResources', 'resources.limit', { memory: '1Gi' }]],
      /unknown option "limit"/,
      /Did you mean "limits"/,
    ],
    [
      'setResources with every argument wrong: all three',
      call(setResources, 7, 'a b', 'lots'),
      [
        ['INVALID_OPTION', 'lib-rules/setResources', 'component', 7],
        ['INVALID_OPTION', 'lib-rules/setResources', 'container', 'a b'],
        ['INVALID_OPTION', 'lib-rules/setResources', 'resources', 'lots'],
      ],
      /component name/,
    ],
    [
      'imageRegistry with a scheme',
      call(imageRegistry, 'https://registry.example.com'),
      [['INVALID_OPTION', 'lib-rules/imageRegistry', 'mirror', 'https://registry.example.com']],
      /registry host/,
      /without a scheme/,
    ],
    [
      'imageRegistry with a trailing slash',
      call(imageRegistry, 'registry.example.com/'),
      [['INVALID_OPTION', 'lib-rules/imageRegistry', 'mirror', 'registry.example.com/']],
      /registry host/,
    ],
    [
      'imageRegistry with nothing',
      call(imageRegistry),
      [['INVALID_OPTION', 'lib-rules/imageRegistry', 'mirror', undefined]],
      /missing required option "mirror"/,
      /registry host/,
    ],
  ])('%s', (_, make, expected, message, hint) => {
    // Calling never throws: the problems are recorded when the part is applied.
    const part = (() => {
      let made: Part | undefined;
      expect(() => {
        made = make();
      }).not.toThrow();
      return made!;
    })();
    const problems = problemsOfPart(part);
    expect(problems.map((p) => [p.code, p.address, p.path, p.value])).toEqual(expected);
    expect(problems[0]!.reason).toMatch(message);
    if (hint) expect(problems[0]!.hint).toMatch(hint);
    for (const problem of problems) expect(problem.hint.length).toBeGreaterThan(10);
  });

  test('the problems of every part of a stack are listed together, by validateStack', () => {
    const problems = validateStack(
      createStack({}, [
        dropAlerts(['Kube CPU']),
        patchAlert('A', {}),
        setResources('grafana', 'grafana', {}),
        imageRegistry('https://x'),
      ]),
    );
    expect(problems.map((p) => [p.address, p.path])).toEqual([
      ['lib-rules/dropAlerts', 'names.0'],
      ['lib-rules/patchAlert', 'patch'],
      ['lib-rules/setResources', 'resources'],
      ['lib-rules/imageRegistry', 'mirror'],
    ]);
  });
});
