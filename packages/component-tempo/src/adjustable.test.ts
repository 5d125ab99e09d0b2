import {
  adjustReplicas,
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
import { tempo } from './index.js';
import { CHECKSUM_ANNOTATION } from './manifests/stateful-set.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const by = (layer: Layer) => ({ source: `@test/${layer}`, layer });
const edge = sizingPart(SMALL_NODE_SIZING);

/** Tempo's StatefulSet, whether a PodDisruptionBudget came with it, and its configuration file. */
function rendered(parts: Part[]) {
  const files = render(createStack({ namespace: 'monitoring' }, parts)).files;
  const statefulSet = parse(files.get('tempo-statefulSet.yaml')!) as Json;
  const configMap = parse(files.get('tempo-config.yaml')!) as Json;
  return {
    statefulSet,
    pod: statefulSet.spec.template as Json,
    hasBudget: [...files.keys()].some((file) => file.includes('podDisruptionBudget')),
    config: parse(configMap.data['tempo.yaml']) as Json,
  };
}

/** Every `block_retention` of the configuration: the per-tenant default, the scheduler's, the worker's. */
const retentions = (config: Json) => [
  config.overrides.defaults.compaction.block_retention,
  config.backend_scheduler.provider.compaction.compaction.block_retention,
  config.backend_worker.compaction.block_retention,
];

const problemsOf = (parts: Part[]) =>
  validateStack(createStack({}, parts)).map((p) => ({
    path: p.path,
    value: p.value,
    text: `${p.message} ${p.hint}`,
  }));

describe('adjustable contracts', () => {
  test('a platform sizing halves the requests of the defaults (limits stay), one pod, no budget', () => {
    const { statefulSet, pod, hasBudget, config } = rendered([tempo(), edge]);
    expect(statefulSet.spec.replicas).toBe(1);
    expect(hasBudget).toBe(false);
    expect(pod.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '256Mi' },
      limits: { memory: '2Gi' },
    });
    // The default week is within the cap: a sizing never lengthens it.
    expect(retentions(config)).toEqual(['168h', '168h', '168h']);
  });

  test("a sizing's retention caps every block_retention of the configuration, and rolls the pod", () => {
    const base = rendered([tempo()]);
    const sized = rendered([tempo(), sizingPart({ maxRetention: '3d' })]);
    expect(retentions(sized.config)).toEqual(['72h', '72h', '72h']);
    expect(sized.pod.metadata.annotations[CHECKSUM_ANNOTATION]).not.toBe(
      base.pod.metadata.annotations[CHECKSUM_ANNOTATION],
    );
  });

  test("a platform sizing leaves the user's retention and resources", () => {
    const { config, pod } = rendered([
      tempo({ retention: '30d', resources: { requests: { memory: '1Gi' } } }),
      edge,
    ]);
    expect(retentions(config)).toEqual(['720h', '720h', '720h']);
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '100m', memory: '1Gi' });
  });

  test('resolved values Tempo cannot run with are problems naming the adjustment and the fix', () => {
    const twoPods = problemsOf([
      tempo(),
      (stack) => adjustReplicas(stack, by('platform'), 'tempo', 'tempo', 2),
    ]);
    expect(twoPods.map((p) => [p.path, p.value])).toEqual([['replicas', 2]]);
    expect(twoPods[0]!.text).toContain('adjusted to 2 by adjustReplicas');
    expect(twoPods[0]!.text).toContain('remove the adjustment');
    const short = problemsOf([tempo(), (stack) => adjustRetention(stack, by('platform'), 'tempo', '30m')]);
    expect(short.map((p) => [p.path, p.value])).toEqual([['retention', '30m']]);
    expect(short[0]!.text).toContain('at least "1h"');
    // A sizing of at most one replica leaves Tempo's one pod as it is.
    expect(problemsOf([tempo(), edge])).toEqual([]);
  });

  test('every published option path exists in the defaults and holds the published value', () => {
    const { defaults, contracts } = tempo.definition;
    const published = contracts!(defaults(), defaultCommonValues());
    expect(Object.keys(published.replicas ?? {})).toEqual(['tempo']);
    expect(published.retention).toBeDefined();
    expect(optionPathMismatches(tempo.definition)).toEqual([]);
  });
});
