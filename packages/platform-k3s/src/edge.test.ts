import { createStack, render, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { durationSeconds, halfQuantity } from './edge.js';
import { edgeObjects, k3s, podRequests } from './index.js';
import { defaultParts } from './scenarios.test-helpers.js';
import { archiver } from './test-helpers.js';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
/**
 * The config-reloader sidecar prometheus-operator adds to each Prometheus and Alertmanager pod
 * (its default requests: 10m CPU, 50Mi memory), which the rendered objects do not show.
 */
const OPERATOR_SIDECAR = { cpu: 0.01, memory: 50 * MiB };

describe('the edge profile', () => {
  const standard = render(createStack({}, [...defaultParts(), k3s()]));
  const edge = render(createStack({}, [...defaultParts(), k3s({ profile: 'edge' })]));

  test('the default stack of mixstack fits a 2-CPU / 4 GiB node, with room left for k3s itself', () => {
    const operatorPods = (result: typeof edge) =>
      result.objects
        .filter((o) => o.object.kind === 'Prometheus' || o.object.kind === 'Alertmanager')
        .reduce(
          (n, o) => n + ((o.object as unknown as { spec: { replicas?: number } }).spec.replicas ?? 1),
          0,
        );
    const total = (result: typeof edge) => {
      const { cpu, memory } = podRequests(result.objects.map((o) => o.object));
      const pods = operatorPods(result);
      return { cpu: cpu + pods * OPERATOR_SIDECAR.cpu, memory: memory + pods * OPERATOR_SIDECAR.memory };
    };
    const small = total(edge);
    // k3s's server process takes about half a CPU and 1 GiB of a small node: the stack gets the rest, at most.
    expect(small.cpu).toBeLessThanOrEqual(1.5);
    expect(small.memory).toBeLessThanOrEqual(3 * GiB);
    // Without the profile it does not fit: the test is about the profile.
    expect(total(standard).memory).toBeGreaterThan(3 * GiB);
    expect(small.memory).toBeLessThan(total(standard).memory / 2);
  });

  test('one replica everywhere, no PodDisruptionBudget, Prometheus keeps 7 days; the stack stays valid', () => {
    for (const { object } of edge.objects) {
      const replicas = (object as { spec?: { replicas?: unknown } }).spec?.replicas;
      if (typeof replicas === 'number') expect(replicas, object.metadata?.name).toBe(1);
      expect(object.kind).not.toBe('PodDisruptionBudget');
    }
    expect(standard.objects.some((o) => o.object.kind === 'PodDisruptionBudget')).toBe(true);
    expect(parse(edge.files.get('prometheus-prometheus.yaml')!).spec.retention).toBe('7d');
    expect(validateStack(createStack({}, [...defaultParts(), k3s({ profile: 'edge' })]))).toEqual([]);
  });

  test('works on a component it has never heard of: its Deployment gets half the requests, its limits stay', () => {
    const container = (profile: 'edge' | 'standard') =>
      parse(render(createStack({}, [archiver(), k3s({ profile })])).files.get('archiver-deployment.yaml')!)
        .spec.template.spec.containers[0].resources;
    expect(container('standard')).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
    expect(container('edge')).toEqual({
      requests: { cpu: '25m', memory: '32Mi' },
      limits: { memory: '128Mi' },
    });
  });

  test('edgeObjects on objects of its own: replicas, operator resources, a CronJob, retention', () => {
    const { objects, changes } = edgeObjects({
      'a/statefulSet': {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'a' },
        spec: {
          replicas: 3,
          template: {
            spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
          },
        },
      },
      'a/pdb': { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'a' }, spec: {} },
      'p/prometheus': {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: { name: 'p' },
        spec: { replicas: 2, retention: '2w', resources: { requests: { cpu: '200m', memory: '1Gi' } } },
      },
      'q/prometheus': {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: { name: 'q' },
        spec: { retention: '3d' },
      },
      'c/cronJob': {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c' },
        spec: {
          jobTemplate: {
            spec: {
              template: { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '3m' } } }] } },
            },
          },
        },
      },
    } as never);
    expect(Object.keys(objects)).toEqual(['a/statefulSet', 'c/cronJob', 'p/prometheus', 'q/prometheus']);
    const spec = (address: string) =>
      JSON.parse(JSON.stringify((objects[address] as unknown as { spec: unknown }).spec));
    expect(spec('a/statefulSet').replicas).toBe(1);
    expect(spec('a/statefulSet').template.spec.containers[0].resources.requests).toEqual({
      cpu: '500m',
      memory: '512Mi',
    });
    expect(spec('p/prometheus')).toMatchObject({
      replicas: 1,
      retention: '7d',
      resources: { requests: { cpu: '100m', memory: '512Mi' } },
    });
    expect(spec('q/prometheus').retention).toBe('3d');
    expect(spec('c/cronJob').jobTemplate.spec.template.spec.containers[0].resources.requests).toEqual({
      cpu: '2m',
    });
    expect(changes).toEqual({
      singleReplica: ['a/statefulSet', 'p/prometheus'],
      disruptionBudgets: ['a/pdb'],
      containers: 3,
      retention: ['p/prometheus'],
    });
  });

  test('podRequests counts replicas, a DaemonSet once, sidecar init containers, operator-managed pods, and no Job', () => {
    const pod = (cpu: string, memory: string) => ({
      containers: [{ name: 'c', resources: { requests: { cpu, memory } } }],
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '10m', memory: '10Mi' } } },
        { name: 'init', resources: { requests: { cpu: '1', memory: '1Gi' } } },
      ],
    });
    const objects = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: { replicas: 2, template: { spec: pod('100m', '100Mi') } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'ds' },
        spec: { template: { spec: pod('50m', '50Mi') } },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        spec: { template: { spec: pod('4', '4Gi') } },
      },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: { name: 'p' },
        spec: { replicas: 2, resources: { requests: { cpu: '200m', memory: '1Gi' } } },
      },
    ];
    const { cpu, memory } = podRequests(objects as never);
    expect(cpu).toBeCloseTo(2 * 0.11 + 0.06 + 2 * 0.2);
    expect(memory).toBe((2 * 110 + 60 + 2 * 1024) * MiB);
  });

  test.each([
    ['cpu', '1', '500m'],
    ['cpu', '102m', '51m'],
    ['cpu', '1m', '1m'],
    ['memory', '1Gi', '512Mi'],
    ['memory', '180Mi', '90Mi'],
    ['memory', '100M', '48Mi'],
    ['memory', 'garbage', 'garbage'],
  ] as const)('half of %s %s is %s', (resource, quantity, half) => {
    expect(halfQuantity(resource, quantity)).toBe(half);
  });

  test.each([
    ['7d', 604800],
    ['1w2d', 777600],
    ['90m', 5400],
    ['15d', 1296000],
    ['d', undefined],
    ['7dx', undefined],
  ])('%s lasts %s seconds', (duration, seconds) => {
    expect(durationSeconds(duration)).toBe(seconds);
  });
});
