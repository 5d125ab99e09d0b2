import {
  adjustReplicas,
  adjustResources,
  adjustRetention,
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
import { thanos } from './index.js';
import { prometheusStandIn } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const by = (layer: Layer) => ({ source: `@test/${layer}`, layer });
const edge = sizingPart(SMALL_NODE_SIZING);
const GCS = { objectStorage: { type: 'gcs', bucket: 'acme-thanos' } } as const;

function rendered(parts: Part[]) {
  const files = render(createStack({ namespace: 'monitoring' }, [...parts, prometheusStandIn()])).files;
  const read = (file: string) => (files.has(file) ? (parse(files.get(file)!) as Json) : undefined);
  return {
    query: read('thanos-queryDeployment.yaml')!,
    frontend: read('thanos-queryFrontendDeployment.yaml')!,
    store: read('thanos-storeStatefulSet.yaml')!,
    compact: read('thanos-compactStatefulSet.yaml')!,
    budgets: [...files.keys()].filter((file) => file.includes('PodDisruptionBudget')),
  };
}

const retentionFlags = (compact: Json) =>
  (compact.spec.template.spec.containers[0].args as string[]).filter((a) => a.startsWith('--retention.'));

describe('adjustable contracts', () => {
  test('a small-node sizing: one pod of each, no budgets, half the requests, every resolution capped at 7d', () => {
    const { query, frontend, store, compact, budgets } = rendered([thanos(GCS), edge]);
    expect([query, frontend, store, compact].map((w) => w.spec.replicas)).toEqual([1, 1, 1, 1]);
    expect(budgets.filter((file) => file.startsWith('thanos-'))).toEqual([]);
    expect(query.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(query.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { memory: '1Gi' },
    });
    expect(retentionFlags(compact)).toEqual([
      '--retention.resolution-raw=7d',
      '--retention.resolution-5m=7d',
      '--retention.resolution-1h=7d',
    ]);
    expect(
      validateStack(createStack({ namespace: 'monitoring' }, [thanos(GCS), edge, prometheusStandIn()])),
    ).toEqual([]);
  });

  test("a sizing never lengthens a retention, and leaves the user's", () => {
    const short = rendered([
      thanos({ ...GCS, compact: { retention: { raw: '2d', fiveMinutes: '3d', oneHour: '3d' } } }),
      edge,
    ]);
    expect(retentionFlags(short.compact)).toEqual([
      '--retention.resolution-raw=2d',
      '--retention.resolution-5m=3d',
      '--retention.resolution-1h=3d',
    ]);
    // The user's 1h retention is theirs: a platform's sizing leaves it, and the others as given.
    const own = rendered([thanos({ ...GCS, compact: { retention: { oneHour: '2y' } } }), edge]);
    expect(retentionFlags(own.compact)).toEqual([
      '--retention.resolution-raw=30d',
      '--retention.resolution-5m=180d',
      '--retention.resolution-1h=2y',
    ]);
  });

  test('adjustRetention sets the 1h retention and caps the others; one that would delete data early is a problem', () => {
    const adjusted = rendered([
      thanos(GCS),
      (stack) => adjustRetention(stack, by('platform'), 'thanos', '90d'),
    ]);
    expect(retentionFlags(adjusted.compact)).toEqual([
      '--retention.resolution-raw=30d',
      '--retention.resolution-5m=90d',
      '--retention.resolution-1h=90d',
    ]);
    const problems = validateStack(
      createStack({}, [
        // Fine as given (nothing is kept longer than the 5m blocks); not once 1h is adjusted to 30d.
        thanos({ ...GCS, compact: { retention: { fiveMinutes: '9d', oneHour: '9d' } } }),
        prometheusStandIn(),
        (stack) => adjustRetention(stack, by('override'), 'thanos', '30d'),
      ]),
    ).filter((p) => p.path !== 'contracts.services');
    expect(problems.map((p) => [p.path, p.value])).toEqual([['compact.retention.fiveMinutes', '9d']]);
    expect(problems[0]!.message).toContain('as the stack resolved it');
  });

  test('replicas and resources by part; the Compactor stays one pod whatever is asked', () => {
    const { query, store, compact } = rendered([
      thanos(GCS),
      (stack) => adjustReplicas(stack, by('platform'), 'thanos', 'store', 3),
      (stack) => adjustResources(stack, by('platform'), 'thanos', 'compact', { limits: { memory: '4Gi' } }),
    ]);
    expect(store.spec.replicas).toBe(3);
    expect(store.spec.template.spec.topologySpreadConstraints).toHaveLength(1);
    expect(query.spec.replicas).toBe(2);
    expect(compact.spec.replicas).toBe(1);
    expect(compact.spec.template.spec.containers[0].resources.limits).toEqual({ memory: '4Gi' });
    const problems = validateStack(
      createStack({}, [
        thanos(GCS),
        prometheusStandIn(),
        (stack) => adjustReplicas(stack, by('platform'), 'thanos', 'compact', 2),
      ]),
    );
    expect(problems.map((p) => p.path)).toContain('contracts.replicas.compact');
  });

  test('every published option path exists in the defaults and holds the published value', () => {
    const { defaults, contracts } = thanos.definition;
    const published = contracts!(defaults(), defaultCommonValues());
    expect(Object.keys(published.replicas ?? {})).toEqual(['query', 'queryFrontend', 'store']);
    expect(Object.keys(published.containers ?? {}).sort()).toEqual([
      'compact',
      'query',
      'query-frontend',
      'store',
      'thanos-sidecar',
    ]);
    expect(published.retention).toEqual({ value: '1y', option: 'compact.retention.oneHour' });
    expect(optionPathMismatches(thanos.definition)).toEqual([]);
  });
});
