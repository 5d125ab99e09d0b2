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
import { pyroscope } from './index.js';
import { CHECKSUM_ANNOTATION } from './manifests/stateful-set.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const by = (layer: Layer) => ({ source: `@test/${layer}`, layer });
const edge = sizingPart(SMALL_NODE_SIZING);

/** Pyroscope's StatefulSet, whether a PodDisruptionBudget came with it, and its configuration file. */
function rendered(parts: Part[]) {
  const files = render(createStack({ namespace: 'monitoring' }, parts)).files;
  const statefulSet = parse(files.get('pyroscope-statefulSet.yaml')!) as Json;
  const configMap = parse(files.get('pyroscope-config.yaml')!) as Json;
  return {
    statefulSet,
    pod: statefulSet.spec.template as Json,
    hasBudget: [...files.keys()].some((file) => file.includes('podDisruptionBudget')),
    config: parse(configMap.data['config.yaml']) as Json,
  };
}

const problemsOf = (parts: Part[]) =>
  validateStack(createStack({}, parts)).map((p) => ({
    path: p.path,
    value: p.value,
    text: `${p.message} ${p.hint}`,
  }));

describe('adjustable contracts', () => {
  test('a platform sizing shrinks the defaults: halved requests (limits stay), retention and lookback capped', () => {
    const base = rendered([pyroscope()]);
    const { statefulSet, pod, hasBudget, config } = rendered([pyroscope(), edge]);
    expect(statefulSet.spec.replicas).toBe(1);
    expect(hasBudget).toBe(false);
    expect(pod.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '256Mi' },
      limits: { memory: '2Gi' },
    });
    expect(base.config.limits).toEqual({ retention_period: '31d', max_query_lookback: '31d' });
    // Queries reach back as far as profiles are kept, no further.
    expect(config.limits).toEqual({ retention_period: '7d', max_query_lookback: '7d' });
    expect(pod.metadata.annotations[CHECKSUM_ANNOTATION]).not.toBe(
      base.pod.metadata.annotations[CHECKSUM_ANNOTATION],
    );
  });

  test("a platform sizing leaves the user's retention and resources", () => {
    const { config, pod } = rendered([
      pyroscope({ retention: '30d', resources: { requests: { cpu: '250m' } } }),
      edge,
    ]);
    expect(config.limits).toEqual({ retention_period: '30d', max_query_lookback: '30d' });
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
  });

  test('resolved values Pyroscope cannot run with are problems naming the adjustment and the fix', () => {
    const twoPods = problemsOf([
      pyroscope(),
      (stack) => adjustReplicas(stack, by('platform'), 'pyroscope', 'pyroscope', 2),
    ]);
    expect(twoPods.map((p) => [p.path, p.value])).toEqual([['replicas', 2]]);
    expect(twoPods[0]!.text).toContain('adjusted to 2 by adjustReplicas');
    expect(twoPods[0]!.text).toContain('remove the adjustment');
    const short = problemsOf([
      pyroscope(),
      (stack) => adjustRetention(stack, by('platform'), 'pyroscope', '0'),
    ]);
    expect(short.map((p) => [p.path, p.value])).toEqual([['retention', '0']]);
    expect(short[0]!.text).toContain('at least "1h"');
    expect(problemsOf([pyroscope(), edge])).toEqual([]);
  });

  test('every published option path exists in the defaults and holds the published value', () => {
    const { defaults, contracts } = pyroscope.definition;
    const published = contracts!(defaults(), defaultCommonValues());
    expect(Object.keys(published.replicas ?? {})).toEqual(['pyroscope']);
    expect(published.retention).toBeDefined();
    expect(optionPathMismatches(pyroscope.definition)).toEqual([]);
  });
});
