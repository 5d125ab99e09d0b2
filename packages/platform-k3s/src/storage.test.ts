import { createStack, render, validateStack } from '@mixstack/core';
import { prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { k3s } from './index.js';
import { withBindingSpread } from './storage.js';

const spread = (whenUnsatisfiable: string, topologyKey = 'kubernetes.io/hostname') => ({
  maxSkew: 1,
  topologyKey,
  whenUnsatisfiable,
  labelSelector: { matchLabels: { app: 'a' } },
});
const statefulSet = (replicas: number, storageClassName: string, constraints: unknown[]) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'a' },
  spec: {
    replicas,
    template: { spec: { containers: [], topologySpreadConstraints: constraints } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName } }],
  },
});

describe('replicas on local-path volumes spread over nodes for good', () => {
  test('Prometheus and Alertmanager (prometheus-operator objects) get DoNotSchedule over hostnames', () => {
    const result = render(createStack({}, [prometheus(), k3s()]));
    for (const file of ['prometheus-prometheus.yaml', 'alertmanager-alertmanager.yaml']) {
      const spec = parse(result.files.get(file)!).spec;
      expect(spec.replicas, file).toBeGreaterThan(1);
      expect(
        spec.topologySpreadConstraints.filter(
          (c: { topologyKey: string }) => c.topologyKey === 'kubernetes.io/hostname',
        ),
      ).toEqual([expect.objectContaining({ whenUnsatisfiable: 'DoNotSchedule' })]);
    }
    expect(validateStack(createStack({}, [prometheus(), k3s()]))).toEqual([]);
  });

  test('with a StorageClass of your own, the spread stays a preference', () => {
    const result = render(createStack({ storageClass: 'longhorn' }, [prometheus(), k3s()]));
    expect(result.files.get('prometheus-prometheus.yaml')).not.toContain('DoNotSchedule');
  });

  test.each([
    ['two replicas on local-path', statefulSet(2, 'local-path', [spread('ScheduleAnyway')]), true],
    ['one replica', statefulSet(1, 'local-path', [spread('ScheduleAnyway')]), false],
    ['another class', statefulSet(2, 'longhorn', [spread('ScheduleAnyway')]), false],
    [
      'a spread over zones',
      statefulSet(2, 'local-path', [spread('ScheduleAnyway', 'topology.kubernetes.io/zone')]),
      false,
    ],
    ['already binding', statefulSet(2, 'local-path', [spread('DoNotSchedule')]), false],
  ])('%s: changed %s', (_, object, changed) => {
    const result = withBindingSpread({ 'a/statefulSet': object } as never);
    expect(result.changed).toEqual(changed ? ['a/statefulSet'] : []);
    const constraints = (result.objects['a/statefulSet'] as unknown as typeof object).spec.template.spec
      .topologySpreadConstraints as { whenUnsatisfiable: string }[];
    if (changed) expect(constraints[0]!.whenUnsatisfiable).toBe('DoNotSchedule');
    else expect(result.objects['a/statefulSet']).toBe(object);
  });
});
