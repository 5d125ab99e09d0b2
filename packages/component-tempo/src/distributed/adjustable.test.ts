import {
  adjustReplicas,
  adjustResources,
  createStack,
  defaultCommonValues,
  type Layer,
  type Part,
  render,
  validateStack,
} from '@mixstack/core';
import { optionPathMismatches, SMALL_NODE_SIZING, sizingPart } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { TempoValues } from '../config.js';
import { tempo } from '../index.js';
import { objectStoragePlatform } from '../test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const by = (layer: Layer) => ({ source: `@test/${layer}`, layer });
const KAFKA = { address: 'kafka.kafka.svc:9092' };
const distributed = (options: Record<string, unknown> = {}): Part[] => [
  tempo({ kafka: KAFKA, objectStorage: { bucket: 'acme-tempo' }, ...options } as never),
  objectStoragePlatform('gke', 'gcs'),
];

function rendered(parts: Part[]) {
  const files = render(createStack({ namespace: 'monitoring' }, parts)).files;
  const object = (file: string) => parse(files.get(file) ?? 'null') as Json;
  return {
    files,
    object,
    replicas: (file: string) => object(file).spec.replicas as number,
    container: (file: string) => object(file).spec.template.spec.containers[0] as Json,
    config: parse(object('tempo-config.yaml').data['tempo.yaml']) as Json,
  };
}

describe('the distributed workloads are adjustable contracts', () => {
  test('every workload publishes its replicas and container with the option that sets them', () => {
    const { contracts, defaults } = tempo.definition;
    const values: TempoValues = { ...defaults(), kafka: { ...KAFKA, partitions: 3 } };
    const published = contracts!(values, defaultCommonValues());
    expect(published.replicas).toEqual({
      distributor: { value: 2, option: 'distributed.distributor.replicas' },
      queryFrontend: { value: 2, option: 'distributed.queryFrontend.replicas' },
      querier: { value: 2, option: 'distributed.querier.replicas' },
      liveStore: { value: 3, option: 'kafka.partitions' },
      blockBuilder: { value: 3, option: 'kafka.partitions' },
      metricsGenerator: { value: 1, option: 'distributed.metricsGenerator.replicas' },
      backendWorker: { value: 1, option: 'distributed.backendWorker.replicas' },
    });
    expect(Object.keys(published.containers ?? {}).sort()).toEqual(
      [
        'backend-scheduler',
        'backend-worker',
        'block-builder',
        'distributor',
        'live-store',
        'metrics-generator',
        'querier',
        'query-frontend',
      ].sort(),
    );
    expect(published.resourceOptions?.['query-frontend']).toBe('distributed.queryFrontend.resources');
    expect(optionPathMismatches({ ...tempo.definition, defaults: () => values })).toEqual([]);
  });

  test('adjustReplicas scales a workload, with its budget and spread; resources by container name', () => {
    const base = rendered(distributed());
    expect(base.replicas('tempo-backendWorkerDeployment.yaml')).toBe(1);
    expect(base.files.has('tempo-backendWorkerPodDisruptionBudget.yaml')).toBe(false);
    const scaled = rendered([
      ...distributed(),
      (stack) => adjustReplicas(stack, by('platform'), 'tempo', 'backendWorker', 3),
      (stack) => adjustReplicas(stack, by('platform'), 'tempo', 'querier', 5),
      (stack) => adjustResources(stack, by('platform'), 'tempo', 'querier', { limits: { memory: '4Gi' } }),
    ]);
    expect(scaled.replicas('tempo-backendWorkerDeployment.yaml')).toBe(3);
    expect(scaled.files.has('tempo-backendWorkerPodDisruptionBudget.yaml')).toBe(true);
    expect(
      scaled.object('tempo-backendWorkerDeployment.yaml').spec.template.spec.topologySpreadConstraints,
    ).toHaveLength(1);
    expect(scaled.replicas('tempo-querierDeployment.yaml')).toBe(5);
    expect(scaled.container('tempo-querierDeployment.yaml').resources.limits).toEqual({ memory: '4Gi' });
    expect(scaled.container('tempo-distributorDeployment.yaml').resources.limits).toEqual({ memory: '1Gi' });
  });

  test("a platform's sizing leaves what the user passed, and sizes the rest", () => {
    const sized = rendered([
      ...distributed({ distributed: { querier: { replicas: 4 } } }),
      sizingPart({ maxReplicas: 2, requestsFactor: 0.5 }),
    ]);
    expect(sized.replicas('tempo-querierDeployment.yaml')).toBe(4);
    expect(sized.replicas('tempo-distributorDeployment.yaml')).toBe(2);
    expect(sized.replicas('tempo-liveStoreStatefulSet.yaml')).toBe(2);
    expect(sized.replicas('tempo-blockBuilderStatefulSet.yaml')).toBe(2);
    expect(sized.config.ingest.kafka.auto_create_topic_default_partitions).toBe(2);
    expect(sized.container('tempo-distributorDeployment.yaml').resources.requests).toEqual({
      cpu: '50m',
      memory: '128Mi',
    });
  });

  test("the small-node sizing: one pod of each workload, the partitions' two alike", () => {
    const edge = rendered([...distributed(), sizingPart(SMALL_NODE_SIZING)]);
    for (const file of [
      'tempo-distributorDeployment.yaml',
      'tempo-liveStoreStatefulSet.yaml',
      'tempo-blockBuilderStatefulSet.yaml',
      'tempo-backendSchedulerStatefulSet.yaml',
    ])
      expect(edge.replicas(file), file).toBe(1);
    expect([...edge.files.keys()].filter((file) => file.includes('PodDisruptionBudget'))).toEqual([]);
  });

  test('live-stores and block-builders adjusted apart: a problem at kafka.partitions naming both', () => {
    const problems = validateStack(
      createStack({}, [
        ...distributed(),
        (stack) => adjustReplicas(stack, by('platform'), 'tempo', 'liveStore', 5),
      ]),
    );
    expect(problems.map((p) => [p.code, p.address, p.path])).toEqual([
      ['INVALID_OPTION', 'tempo', 'kafka.partitions'],
    ]);
    expect(problems[0]!.message).toContain('live-stores (5) and block-builders (3)');
    expect(problems[0]!.hint).toContain('together');
  });
});
