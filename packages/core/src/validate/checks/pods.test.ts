import { describe, expect, test } from 'vitest';
import { builtinWorkload, containersOf, isSpread, mapSelectorMatches, selectorMatches } from './pods.js';
import { compliantObjects } from './test-helpers.js';

const labels = { app: 'web', tier: 'front' };

describe('selectorMatches', () => {
  test.each([
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'web', tier: 'front' } }, true],
    [{ matchLabels: { app: 'api' } }, false],
    [{ matchLabels: { zone: 'a' } }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['api'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }, false],
    [
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] },
      false,
    ],
    [undefined, false],
    ['app=web', false],
  ])('%j selects %j: %s', (selector, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });

  test('a Service selector map must match every entry', () => {
    expect(mapSelectorMatches({ app: 'web' }, labels)).toBe(true);
    expect(mapSelectorMatches({ app: 'web', zone: 'a' }, labels)).toBe(false);
  });
});

describe('builtinWorkload', () => {
  const template = { metadata: { labels }, spec: { serviceAccountName: 'web', containers: [{ name: 'c' }] } };

  test.each([
    ['Deployment', { replicas: 3, template }, 'spec.template.spec', 3],
    ['Deployment', { template }, 'spec.template.spec', 1],
    ['StatefulSet', { replicas: 2, template }, 'spec.template.spec', 2],
    ['DaemonSet', { template }, 'spec.template.spec', undefined],
    ['Job', { template }, 'spec.template.spec', undefined],
    ['CronJob', { jobTemplate: { spec: { template } } }, 'spec.jobTemplate.spec.template.spec', undefined],
  ])('reads the pods of a %s', (kind, spec, podSpecPath, replicas) => {
    const workload = builtinWorkload({ kind, metadata: { namespace: 'ns' }, spec });
    expect(workload).toMatchObject({
      namespace: 'ns',
      podLabels: labels,
      podSpecPath,
      serviceAccountName: 'web',
    });
    expect(workload?.replicas).toBe(replicas);
  });

  test('reads a bare Pod', () => {
    const pod = { kind: 'Pod', metadata: { namespace: 'ns', labels }, spec: template.spec };
    expect(builtinWorkload(pod)).toMatchObject({ podLabels: labels, replicas: 1, podSpecPath: 'spec' });
  });

  test.each([
    ['a Service', { kind: 'Service', spec: { selector: labels } }],
    ['a Deployment without a template', { kind: 'Deployment', spec: {} }],
  ])('has no workload for %s', (_name, object) => {
    expect(builtinWorkload(object)).toBeUndefined();
  });

  test('keeps only string labels', () => {
    const workload = builtinWorkload({
      kind: 'Deployment',
      spec: { template: { metadata: { labels: { app: 'web', n: 1 } }, spec: {} } },
    });
    expect(workload?.podLabels).toEqual({ app: 'web' });
  });
});

describe('containersOf and isSpread', () => {
  test('lists init containers first, with their paths', () => {
    const deployment = compliantObjects()['app/deployment']!;
    const workload = builtinWorkload(deployment as unknown as Record<string, unknown>)!;
    expect(containersOf(workload).map(({ path, init }) => [path, init])).toEqual([
      ['spec.template.spec.initContainers.0', true],
      ['spec.template.spec.containers.0', false],
    ]);
  });

  test.each([
    [{}, false],
    [{ topologySpreadConstraints: [] }, false],
    [{ topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname' }] }, true],
    [{ affinity: { podAntiAffinity: {} } }, false],
    [{ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [] } } }, true],
  ])('isSpread(%j) is %s', (podSpec, expected) => {
    expect(isSpread(podSpec)).toBe(expected);
  });
});
