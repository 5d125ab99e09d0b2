import { createStack, defaultCommonValues, type Part, render, validateStack } from '@mixstack/core';
import { optionPathMismatches, SMALL_NODE_SIZING, sizingPart } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { alloy } from './index.js';
import { defaultProfilesPipeline, withPipeline } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const edge = sizingPart(SMALL_NODE_SIZING);
/** A profiles pipeline with eBPF, so that the profiler's DaemonSet renders too. */
const ebpf = () => withPipeline('profiles', defaultProfilesPipeline(true));

/** The resources of each container of Alloy's two DaemonSets, and whether anything else came. */
function rendered(parts: Part[]) {
  const files = render(createStack({ namespace: 'monitoring' }, parts)).files;
  const container = (file: string, name: string): Json => {
    const daemonSet = parse(files.get(file)!) as Json;
    expect(daemonSet.spec.replicas).toBeUndefined();
    return daemonSet.spec.template.spec.containers.find((c: Json) => c.name === name).resources;
  };
  return {
    alloy: container('alloy-daemonSet.yaml', 'alloy'),
    profiler: container('alloy-profilerDaemonSet.yaml', 'alloy-profiler'),
    hasBudget: [...files.keys()].some((file) => file.includes('podDisruptionBudget')),
  };
}

describe('adjustable contracts', () => {
  test("a platform sizing halves both containers' requests (limits stay); a DaemonSet has no replicas to size", () => {
    const sized = rendered([alloy(), ebpf(), edge]);
    expect(sized.alloy).toEqual({ requests: { cpu: '25m', memory: '64Mi' }, limits: { memory: '512Mi' } });
    expect(sized.profiler).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '1Gi' } });
    expect(sized.hasBudget).toBe(false);
    // Alloy keeps no data: the sizing's retention is no problem for it.
    expect(validateStack(createStack({}, [alloy(), ebpf(), edge]))).toEqual([]);
  });

  test('a platform sizing leaves the resources the user passed, container by container', () => {
    const { alloy: own, profiler } = rendered([
      alloy({ profiler: { resources: { requests: { cpu: '300m' } } } }),
      ebpf(),
      edge,
    ]);
    expect(profiler.requests).toEqual({ cpu: '300m', memory: '256Mi' });
    // The collector's resources were not passed: the sizing halves them.
    expect(own.requests).toEqual({ cpu: '25m', memory: '64Mi' });
    const both = rendered([alloy({ resources: { requests: { memory: '200Mi' } } }), ebpf(), edge]);
    expect(both.alloy.requests).toEqual({ cpu: '50m', memory: '200Mi' });
    expect(both.profiler.requests).toEqual({ cpu: '50m', memory: '128Mi' });
  });

  test('every published resources option exists in the defaults and holds the published value', () => {
    const { defaults, contracts } = alloy.definition;
    const published = contracts!(defaults(), defaultCommonValues());
    expect(published.replicas).toBeUndefined();
    expect(published.retention).toBeUndefined();
    expect(optionPathMismatches(alloy.definition)).toEqual([]);
  });
});
