import { isDeepStrictEqual } from 'node:util';
import {
  type ComponentDefinition,
  defaultCommonValues,
  type Layer,
  type Part,
  type StackSizing,
  setSizing,
} from '@mixstack/core';

/** A part that sizes the whole stack from one layer, as a platform's profile does (core's `setSizing`). */
export function sizingPart(sizing: StackSizing, layer: Layer = 'platform'): Part {
  return (stack) => setSizing(stack, { source: `@test/${layer}`, layer }, sizing);
}

/** The sizing of one small node (k3s's edge profile): one replica, half the requests, 7 days. */
export const SMALL_NODE_SIZING: Readonly<Required<StackSizing>> = {
  maxReplicas: 1,
  requestsFactor: 0.5,
  maxRetention: '7d',
};

/** The value at a dot-separated path of a values tree (`rbacProxy.resources`), or undefined. */
export function valueAt(tree: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);
}

/**
 * What is wrong with the option paths a component publishes for its adjustable contracts
 * (replicas, retention, resources), read against its defaults: each path must hold the value the
 * component publishes for it, and every published container must name its option. Core decides
 * precedence by these paths, so a renamed option would let a platform's sizing override what the
 * user set: an empty list means none is broken.
 */
export function optionPathMismatches<V, O>(definition: ComponentDefinition<V, O>): string[] {
  const defaults = definition.defaults();
  const published = definition.contracts?.(defaults, defaultCommonValues()) ?? {};
  const problems: string[] = [];
  const check = (what: string, option: string, value: unknown) => {
    const actual = valueAt(defaults, option);
    if (!isDeepStrictEqual(actual, value))
      problems.push(
        `${what}: option "${option}" holds ${JSON.stringify(actual)} in the defaults, the contract publishes ${JSON.stringify(value)}`,
      );
  };
  for (const [id, { value, option }] of Object.entries(published.replicas ?? {}))
    check(`replicas of "${id}"`, option, value);
  if (published.retention) check('retention', published.retention.option, published.retention.value);
  const containers = published.containers ?? {};
  const options = published.resourceOptions ?? {};
  for (const container of Object.keys(containers).sort()) {
    const option = options[container];
    if (option === undefined) problems.push(`container "${container}" publishes no resourceOptions path`);
    else check(`resources of "${container}"`, option, containers[container]);
  }
  for (const container of Object.keys(options).sort())
    if (!(container in containers))
      problems.push(`resourceOptions names "${container}", which is no published container`);
  return problems;
}
