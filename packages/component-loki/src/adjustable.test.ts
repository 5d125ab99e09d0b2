import {
  adjustReplicas,
  adjustRetention,
  createStack,
  defaultCommonValues,
  type Layer,
  type Part,
  render,
  sizeComponents,
  validateStack,
} from '@mixstack/core';
import { optionPathMismatches, SMALL_NODE_SIZING, sizingPart } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loki } from './index.js';
import { CHECKSUM_ANNOTATION } from './manifests/stateful-set.js';

// biome-ignore lint/suspicious/noExplicitAny: tests walk rendered YAML of any shape.
type Json = Record<string, any>;

const by = (layer: Layer) => ({ source: `@test/${layer}`, layer });
const edge = sizingPart(SMALL_NODE_SIZING);
const gcs = { objectStorage: { type: 'gcs', bucket: 'acme-loki' } } as const;

/** The rendered files of a stack, parsed, and Loki's configuration file. */
function rendered(parts: Part[]) {
  const files = render(createStack({ namespace: 'monitoring' }, parts)).files;
  const file = (name: string): Json | undefined => {
    const text = files.get(name);
    return text === undefined ? undefined : (parse(text) as Json);
  };
  const statefulSet = file('loki-statefulSet.yaml')!;
  return {
    statefulSet,
    pod: statefulSet.spec.template as Json,
    budget: file('loki-podDisruptionBudget.yaml'),
    headless: file('loki-headlessService.yaml')!,
    policy: file('loki-networkPolicy.yaml')!,
    config: parse(file('loki-config.yaml')!.data['config.yaml']) as Json,
  };
}

const problemsOf = (parts: Part[]) =>
  validateStack(createStack({}, parts)).map((p) => ({
    path: p.path,
    value: p.value,
    text: `${p.message} ${p.hint}`,
  }));

describe('adjustable contracts', () => {
  test('a platform sizing shrinks the defaults: one replica, halved requests (limits stay), 7 days kept', () => {
    const base = rendered([loki()]);
    const sized = rendered([loki(), edge]);
    expect(sized.statefulSet.spec.replicas).toBe(1);
    expect(sized.budget).toBeUndefined();
    expect(sized.pod.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { memory: '2Gi' },
    });
    expect(base.config.limits_config.retention_period).toBe('15d');
    expect(sized.config.limits_config.retention_period).toBe('7d');
    expect(sized.config.compactor.retention_enabled).toBe(true);
    // A new configuration rolls the pods.
    expect(sized.pod.metadata.annotations[CHECKSUM_ANNOTATION]).not.toBe(
      base.pod.metadata.annotations[CHECKSUM_ANNOTATION],
    );
  });

  test("a platform sizing leaves the user's replicas, retention and resources", () => {
    const { statefulSet, pod, budget, config } = rendered([
      loki({ ...gcs, replicas: 3, retention: '30d', resources: { requests: { cpu: '1' } } }),
      edge,
    ]);
    expect(statefulSet.spec.replicas).toBe(3);
    expect(budget?.spec.maxUnavailable).toBe(1);
    expect(config.limits_config.retention_period).toBe('30d');
    expect(config.common.replication_factor).toBe(3);
    expect(pod.spec.containers[0].resources.requests).toEqual({ cpu: '1', memory: '256Mi' });
  });

  test('the ring, the replication factor, the budget, the spread and the peer traffic follow the resolved replicas', () => {
    // Lowered by a lib's sizing, over the user's three replicas.
    const one = rendered([loki({ ...gcs, replicas: 3 }), sizingPart({ maxReplicas: 1 }, 'override')]);
    expect(one.statefulSet.spec.replicas).toBe(1);
    expect(one.budget).toBeUndefined();
    expect(one.pod.spec.topologySpreadConstraints).toBeUndefined();
    expect(one.pod.spec.containers[0].ports.map((p: Json) => p.containerPort)).toEqual([3100, 9095]);
    expect(one.headless.spec.ports.map((p: Json) => p.port)).toEqual([3100, 9095]);
    expect(one.config.common).toMatchObject({
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
    });
    expect(one.config.memberlist).toBeUndefined();
    expect(one.config.ruler.enable_sharding).toBeUndefined();
    expect(JSON.stringify(one.policy)).not.toContain('7946');
    // Raised by a platform's adjustment over the defaults.
    const three = rendered([loki(gcs), (stack) => adjustReplicas(stack, by('platform'), 'loki', 'loki', 3)]);
    expect(three.statefulSet.spec.replicas).toBe(3);
    expect(three.budget?.spec.maxUnavailable).toBe(1);
    expect(three.pod.spec.topologySpreadConstraints).toHaveLength(1);
    expect(three.config.common).toMatchObject({
      replication_factor: 3,
      ring: { kvstore: { store: 'memberlist' } },
    });
    expect(three.config.memberlist.join_members).toEqual(['loki-headless.monitoring.svc:7946']);
    expect(JSON.stringify(three.policy)).toContain('7946');
  });

  test('what the resolved values make impossible is a problem naming the adjustment and the fix', () => {
    // Two replicas by adjustment on the volume: each pod would see only its own chunks.
    const onVolume = problemsOf([
      loki(),
      (stack) => adjustReplicas(stack, by('platform'), 'loki', 'loki', 2),
    ]);
    expect(onVolume.map((p) => [p.path, p.value])).toEqual([['replicas', 2]]);
    expect(onVolume[0]!.text).toContain('adjusted to 2 by adjustReplicas');
    expect(onVolume[0]!.text).toContain('objectStorage');
    // The user's replication factor above the replicas a lib's sizing leaves.
    const factor = problemsOf([
      loki({ ...gcs, replicas: 3, replicationFactor: 3 }),
      sizingPart({ maxReplicas: 2 }, 'override'),
    ]);
    expect(factor.map((p) => [p.path, p.value])).toEqual([['replicationFactor', 3]]);
    expect(factor[0]!.text).toContain('(there are 2: replicas: 3, adjusted to 2');
    expect(factor[0]!.text).toContain('lower replicationFactor to at most 2');
    // A retention below Loki's smallest.
    const short = problemsOf([loki(), (stack) => adjustRetention(stack, by('platform'), 'loki', '12h')]);
    expect(short.map((p) => [p.path, p.value])).toEqual([['retention', '12h']]);
    expect(short[0]!.text).toContain('at least "24h"');
    // Without the replication factor, it follows the sizing: no problem.
    expect(problemsOf([loki({ ...gcs, replicas: 3 }), sizingPart({ maxReplicas: 2 }, 'override')])).toEqual(
      [],
    );
  });

  test("mode ha keeps its 3 replicas against a platform's sizing (k3s's edge), and says so in a notice", () => {
    const notices = (parts: Part[]) =>
      render(createStack({ namespace: 'monitoring' }, parts)).sections.notices;
    const ha = loki({ mode: 'ha', ...gcs });
    const sized = rendered([ha, edge]);
    expect(sized.statefulSet.spec.replicas).toBe(3);
    expect(sized.config.common.replication_factor).toBe(3);
    expect(sized.budget?.spec.maxUnavailable).toBe(1);
    // The rest of the profile still applies to what the user did not set.
    expect(sized.config.limits_config.retention_period).toBe('7d');
    expect(sized.pod.spec.containers[0].resources.requests).toEqual({ cpu: '50m', memory: '128Mi' });
    expect(notices([ha, edge])['loki-ha-above-sizing']).toEqual({
      level: 'info',
      message: expect.stringContaining(
        'Loki runs 3 replicas in mode "ha", above the 1 the stack\'s sizing allows',
      ),
    });
    // A platform's adjustment of the replicas leaves them as well.
    const adjusted = rendered([ha, (stack) => adjustReplicas(stack, by('platform'), 'loki', 'loki', 1)]);
    expect(adjusted.statefulSet.spec.replicas).toBe(3);
    // So does a plan from load of a weaker layer (a sizing lib's, in the addon layer).
    const plan: Part = (stack) => sizeComponents(stack, by('addon'), { loki: { replicas: { loki: 1 } } });
    expect(rendered([ha, plan]).statefulSet.spec.replicas).toBe(3);
    expect(notices([ha, plan])['loki-ha-above-sizing']?.message).toContain('above the 1');
    // No notice without a sizing below the replicas, nor in monolithic mode.
    expect(notices([ha])).not.toHaveProperty('loki-ha-above-sizing');
    expect(notices([ha, sizingPart({ maxReplicas: 3 })])).not.toHaveProperty('loki-ha-above-sizing');
    expect(notices([loki({ ...gcs, replicas: 3 }), edge])).not.toHaveProperty('loki-ha-above-sizing');
  });

  test('mode ha below 3 replicas through a stronger layer is a problem naming the adjustment; raising them keeps the factor 3', () => {
    const sized = problemsOf([loki({ mode: 'ha', ...gcs }), sizingPart({ maxReplicas: 1 }, 'override')]);
    expect(sized.map((p) => [p.path, p.value])).toEqual([['replicas', 1]]);
    expect(sized[0]!.text).toContain(
      'mode "ha" needs at least 3 replicas (there is 1: replicas: 3, adjusted to 1',
    );
    expect(sized[0]!.text).toContain('remove the adjustment that lowers Loki below 3 replicas');
    const adjusted = problemsOf([
      loki({ mode: 'ha', ...gcs }),
      (stack) => adjustReplicas(stack, by('override'), 'loki', 'loki', 2),
    ]);
    expect(adjusted.map((p) => [p.path, p.value])).toEqual([['replicas', 2]]);
    expect(adjusted[0]!.text).toContain('adjusted to 2 by adjustReplicas');
    const planned = problemsOf([
      loki({ mode: 'ha', ...gcs }),
      (stack) => sizeComponents(stack, by('override'), { loki: { replicas: { loki: 2 } } }),
    ]);
    expect(planned.map((p) => [p.path, p.value])).toEqual([['replicas', 2]]);
    const five = rendered([
      loki({ mode: 'ha', ...gcs }),
      (stack) => adjustReplicas(stack, by('override'), 'loki', 'loki', 5),
    ]);
    expect(five.statefulSet.spec.replicas).toBe(5);
    expect(five.config.common.replication_factor).toBe(3);
    expect(five.config.memberlist.join_members).toEqual(['loki-headless.monitoring.svc:7946']);
  });

  test('every published option path exists in the defaults and holds the published value', () => {
    const { defaults, contracts } = loki.definition;
    const published = contracts!(defaults(), defaultCommonValues());
    expect(Object.keys(published.replicas ?? {})).toEqual(['loki']);
    expect(published.retention).toBeDefined();
    expect(optionPathMismatches(loki.definition)).toEqual([]);
    // The replicas of mode ha are the option `replicas`, set with the mode.
    const ha = contracts!(
      { ...defaults(), mode: 'ha', replicas: 3, objectStorage: { type: 'gcs', bucket: 'b-1' } },
      defaultCommonValues(),
    );
    expect(ha.replicas).toEqual({ loki: { value: 3, option: 'replicas' } });
  });
});
